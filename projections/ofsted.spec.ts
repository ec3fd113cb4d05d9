import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import {
  isRequiresImprovementToGood,
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
      before: { grade: 'inadequate', inspectedOn: '2024-05-01' },
      after: { grade: 'requires-improvement', inspectedOn: '2026-01-10' },
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
      before: { grade: 'requires-improvement', inspectedOn: '2025-09-22' },
      after: { grade: 'good', inspectedOn: '2026-01-01' },
    });
    expect(
      ofstedImprovementAfter(school(['requires-improvement', '2024-01-01'], ['good', '2025-09-23']), '2025-09-22'),
    ).toEqual({
      before: { grade: 'requires-improvement', inspectedOn: '2024-01-01' },
      after: { grade: 'good', inspectedOn: '2025-09-23' },
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
