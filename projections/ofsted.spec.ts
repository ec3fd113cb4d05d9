import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import {
  areasImproved,
  isRequiresImprovementToGood,
  ofstedOutcomeAfter,
  reportCardCategory,
  ofstedImprovementAfter,
  ofstedImprovementOf,
  schoolsOfstedImproved,
} from './ofsted.js';

const school = (
  ...judgements: [grade: 'outstanding' | 'good' | 'requires-improvement' | 'inadequate', inspectedOn: string][]
) =>
  foldViews(
    recorded([ev.schoolRegistered('100001'), ...judgements.map(([grade, on]) => ev.ofsted('100001', grade, on))]),
  ).schools.get('100001');

describe('ofstedImprovementAfter: a judgement after the start better than the last one before it', () => {
  it('finds the first better judgement after the start, whatever order the judgements were recorded in', () => {
    expect(
      ofstedImprovementAfter(
        school(
          ['good', '2026-06-01'],
          ['requires-improvement', '2026-01-10'],
          ['requires-improvement', '2022-01-01'],
          ['inadequate', '2024-05-01'],
        ),
        '2025-09-22',
      ),
    ).toEqual({
      before: { framework: 'overall-effectiveness', grade: 'inadequate', inspectedOn: '2024-05-01' },
      after: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2026-01-10' },
      areas: ['overall-effectiveness'],
    });
  });

  it('takes a judgement on the start day as the one support began from', () => {
    expect(
      ofstedImprovementAfter(school(['requires-improvement', '2024-01-01'], ['good', '2025-09-22']), '2025-09-22'),
    ).toBeNull();
    expect(
      ofstedImprovementAfter(
        school(['good', '2024-01-01'], ['requires-improvement', '2025-09-22'], ['good', '2026-01-01']),
        '2025-09-22',
      ),
    ).toEqual({
      before: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2025-09-22' },
      after: { framework: 'overall-effectiveness', grade: 'good', inspectedOn: '2026-01-01' },
      areas: ['overall-effectiveness'],
    });
    expect(
      ofstedImprovementAfter(school(['requires-improvement', '2024-01-01'], ['good', '2025-09-23']), '2025-09-22'),
    ).toEqual({
      before: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2024-01-01' },
      after: { framework: 'overall-effectiveness', grade: 'good', inspectedOn: '2025-09-23' },
      areas: ['overall-effectiveness'],
    });
  });

  it('is null with no judgement before, only the same or worse after, or the better one after the report day', () => {
    expect(ofstedImprovementAfter(school(['good', '2026-01-01']), '2025-09-22')).toBeNull();
    expect(
      ofstedImprovementAfter(
        school(['good', '2024-01-01'], ['good', '2026-01-01'], ['requires-improvement', '2026-03-01']),
        '2025-09-22',
      ),
    ).toBeNull();
    expect(
      ofstedImprovementAfter(
        school(['requires-improvement', '2024-01-01'], ['good', '2026-03-01']),
        '2025-09-22',
        '2026-02-28',
      ),
    ).toBeNull();
    expect(
      ofstedImprovementAfter(
        school(['requires-improvement', '2024-01-01'], ['good', '2026-03-01']),
        '2025-09-22',
        '2026-03-01',
      ),
    ).not.toBeNull();
    expect(ofstedImprovementAfter(undefined, '2025-09-22')).toBeNull();
  });

  it('names requires improvement to good or better, and nothing else', () => {
    const riToOutstanding = ofstedImprovementAfter(
      school(['requires-improvement', '2024-01-01'], ['outstanding', '2026-01-01']),
      '2025-09-22',
    );
    const inadequateToGood = ofstedImprovementAfter(
      school(['inadequate', '2024-01-01'], ['good', '2026-01-01']),
      '2025-09-22',
    );
    expect(isRequiresImprovementToGood(riToOutstanding)).toBe(true);
    expect(isRequiresImprovementToGood(inadequateToGood)).toBe(false);
    expect(isRequiresImprovementToGood(null)).toBe(false);
  });

  it('applies to deployments from the day their SLE started, counting each school once', () => {
    const views = foldViews(
      recorded([
        ev.schoolRegistered('100001'),
        ev.schoolRegistered('100003'),
        ev.ofsted('100001', 'requires-improvement', '2024-01-01'),
        ev.ofsted('100001', 'good', '2026-01-01'),
        ev.ofsted('100003', 'requires-improvement', '2024-01-01'),
        ev.requested('dep-a', '100001', '2025-09-01'),
        ev.requested('dep-b', '100001', '2025-09-01'),
        ev.requested('dep-c', '100003', '2025-09-01'),
        ev.meeting('dep-a', 'sle-1', '2025-09-10'),
        ev.meeting('dep-b', 'sle-1', '2025-09-10'),
        ev.meeting('dep-c', 'sle-1', '2025-09-10'),
        ev.deployed('dep-a', '2025-09-15'),
        ev.deployed('dep-b', '2026-01-05'),
        ev.deployed('dep-c', '2025-09-15'),
      ]),
    );
    const [a, b, c] = ['dep-a', 'dep-b', 'dep-c'].map((id) => views.deployments.get(id)!);
    expect(ofstedImprovementOf(a, views.schools)).not.toBeNull();
    expect(ofstedImprovementOf(b, views.schools)).toBeNull();
    expect(ofstedImprovementOf(c, views.schools)).toBeNull();
    expect(schoolsOfstedImproved([a, b, c], views.schools)).toEqual(['100001']);
    expect(schoolsOfstedImproved([a, a], views.schools)).toEqual(['100001']);
    expect(schoolsOfstedImproved([a], views.schools, '2025-12-31')).toEqual([]);
  });
});

describe('the three generations', () => {
  const card = {
    inclusion: 'expected-standard',
    'curriculum-and-teaching': 'expected-standard',
    achievement: 'needs-attention',
    'attendance-and-behaviour': 'expected-standard',
    'personal-development-and-well-being': 'strong-standard',
    'leadership-and-governance': 'expected-standard',
  } as const;
  const views = (...events: Parameters<typeof recorded>[0]) =>
    foldViews(recorded([ev.schoolRegistered('100001'), ...events])).schools.get('100001');

  it('compares report cards area by area: needs attention to expected standard is an improvement', () => {
    const school = views(
      ev.reportCard('100001', card, '2025-11-20'),
      ev.reportCard(
        '100001',
        { ...card, achievement: 'expected-standard', inclusion: 'needs-attention' },
        '2026-05-06',
      ),
    );
    expect(ofstedOutcomeAfter(school, '2026-01-05')).toMatchObject({
      improvement: { areas: ['achievement'] },
      requiresImprovementToGood: false,
      leftCategoryOfConcern: null,
      expectedStandardAfterRequiresImprovement: null,
    });
  });

  it('never compares grades across frameworks', () => {
    const school = views(
      ev.ofsted('100001', 'requires-improvement', '2023-03-01'),
      ev.reportCard('100001', { ...card, achievement: 'exceptional' }, '2026-05-06'),
    );
    expect(areasImproved(school!.ofstedHistory[0], school!.ofstedHistory[1])).toEqual([]);
    expect(ofstedOutcomeAfter(school, '2025-01-06').improvement).toBeNull();
  });

  it('reads "expected standard throughout" after an old requires improvement, overall or as the lowest key judgement', () => {
    const allExpected = { ...card, achievement: 'expected-standard' } as const;
    const overall = views(
      ev.ofsted('100001', 'requires-improvement', '2023-03-01'),
      ev.reportCard('100001', allExpected, '2026-05-06'),
    );
    expect(ofstedOutcomeAfter(overall, '2025-01-06').expectedStandardAfterRequiresImprovement).not.toBeNull();
    const key = views(
      ev.keyJudgements(
        '100001',
        {
          'quality-of-education': 'requires-improvement',
          'behaviour-and-attitudes': 'good',
          'personal-development': 'good',
          'leadership-and-management': 'good',
        },
        '2024-10-01',
      ),
      ev.reportCard('100001', allExpected, '2026-05-06'),
    );
    expect(ofstedOutcomeAfter(key, '2025-01-06').expectedStandardAfterRequiresImprovement).not.toBeNull();
    const safeguardingNotMet = views(
      ev.ofsted('100001', 'requires-improvement', '2023-03-01'),
      ev.reportCard('100001', allExpected, '2026-05-06', 'not-met'),
    );
    expect(ofstedOutcomeAfter(safeguardingNotMet, '2025-01-06').expectedStandardAfterRequiresImprovement).toBeNull();
  });

  it('reads key judgements all good after an old overall requires improvement as the same measure, not as RI to good', () => {
    const key = {
      'quality-of-education': 'good',
      'behaviour-and-attitudes': 'good',
      'personal-development': 'outstanding',
      'leadership-and-management': 'good',
    } as const;
    const good = views(
      ev.ofsted('100001', 'requires-improvement', '2023-03-01'),
      ev.keyJudgements('100001', key, '2025-05-06'),
    );
    expect(ofstedOutcomeAfter(good, '2024-09-09')).toMatchObject({
      improvement: null,
      requiresImprovementToGood: false,
      expectedStandardAfterRequiresImprovement: { after: { inspectedOn: '2025-05-06' } },
    });
    const unsafe = views(
      ev.ofsted('100001', 'requires-improvement', '2023-03-01'),
      ev.keyJudgements('100001', key, '2025-05-06', { safeguarding: 'not-effective' }),
    );
    expect(ofstedOutcomeAfter(unsafe, '2024-09-09').expectedStandardAfterRequiresImprovement).toBeNull();
  });

  it('counts leaving a category of concern in any framework', () => {
    const school = views(
      ev.keyJudgements(
        '100001',
        {
          'quality-of-education': 'inadequate',
          'behaviour-and-attitudes': 'requires-improvement',
          'personal-development': 'good',
          'leadership-and-management': 'inadequate',
        },
        '2025-01-15',
        { category: 'special-measures' },
      ),
      ev.reportCard('100001', card, '2026-05-06'),
    );
    expect(ofstedOutcomeAfter(school, '2025-03-03').leftCategoryOfConcern?.after.inspectedOn).toBe('2026-05-06');
  });
});

describe('reportCardCategory: the category follows from the grades', () => {
  const good = {
    inclusion: 'expected-standard',
    'curriculum-and-teaching': 'expected-standard',
    achievement: 'expected-standard',
    'attendance-and-behaviour': 'expected-standard',
    'personal-development-and-well-being': 'expected-standard',
    'leadership-and-governance': 'expected-standard',
  } as const;
  it.each([
    ['no urgent improvement, safeguarding met', good, 'met', undefined],
    ['needs attention only', { ...good, achievement: 'needs-attention' }, 'met', undefined],
    [
      'urgent improvement in one area other than leadership',
      { ...good, achievement: 'urgent-improvement' },
      'met',
      'requires-significant-improvement',
    ],
    ['safeguarding not met alone', good, 'not-met', 'requires-significant-improvement'],
    [
      'urgent improvement in leadership and governance alone',
      { ...good, 'leadership-and-governance': 'urgent-improvement' },
      'met',
      'requires-significant-improvement',
    ],
    [
      'leadership and another area',
      { ...good, 'leadership-and-governance': 'urgent-improvement', inclusion: 'urgent-improvement' },
      'met',
      'special-measures',
    ],
    [
      'leadership and safeguarding not met',
      { ...good, 'leadership-and-governance': 'urgent-improvement' },
      'not-met',
      'special-measures',
    ],
  ] as const)('%s', (_, areas, safeguarding, category) => {
    expect(reportCardCategory(areas, safeguarding)).toBe(category);
  });
});
