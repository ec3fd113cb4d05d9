import type { AllianceEvent } from '../events/index.js';
import { ev, recorded } from '../test/support/event-builders.js';
import { allianceImpact } from './alliance-impact.js';
import { foldViews } from './alliance-views.js';

const reasoning = { measure: '% of Y6 at expected standard in reasoning', unit: '%', baseline: 48, target: 70 };
const lessons = { measure: '% of maths lessons judged good or better', unit: '%', baseline: 40, target: 75 };
const attendance = { measure: 'Attendance', unit: '%', baseline: 91, target: 95 };
const phonics = { measure: '% passing the phonics check', unit: '%', baseline: 50, target: 80 };

/**
 * Four evaluated deployments: dep-a (100001, RI before and good after: improved, RI to good) on 9 Feb;
 * dep-b (100003, good before and RI after: worse) on 20 Mar; dep-e (100006, inadequate to RI: improved, not
 * RI to good) on 25 Mar; dep-f (100004) on 26 Mar. dep-c was cancelled and dep-g is still deployed.
 */
const history = (): AllianceEvent[] => [
  ev.schoolRegistered('100001', 'Pioneer Primary'),
  ev.schoolRegistered('100003', 'Brook Primary'),
  ev.schoolRegistered('100004', 'Hill Primary'),
  ev.schoolRegistered('100006', 'Meadow Infants'),
  ev.ofsted('100001', 'requires-improvement', '2024-11-20'),
  ev.ofsted('100003', 'good', '2023-05-01'),
  ev.ofsted('100006', 'inadequate', '2025-06-01'),
  ev.ofsted('100004', 'requires-improvement', '2024-02-01'),

  ev.requested('dep-a', '100001', '2025-09-08'),
  ev.meeting('dep-a', 'sle-1', '2025-09-15', {
    startDate: '2025-09-22',
    endDate: '2025-12-19',
    daysCommissioned: 5,
    expectedOutcomes: [reasoning, lessons],
  }),
  ev.deployed('dep-a', '2025-09-22'),
  ev.contact('dep-a', '2025-10-06'),
  ev.contact('dep-a', '2025-11-03', { channel: 'phone', daysUsed: 0 }),
  ev.extended('dep-a', '2025-12-10', 3, '2026-02-06'),
  ev.contact('dep-a', '2026-01-26'),
  ev.evaluated(
    'dep-a',
    '2026-02-09',
    [
      { ...reasoning, actual: 72 },
      { ...lessons, actual: 60 },
    ],
    5,
  ),

  ev.requested('dep-b', '100003', '2025-09-10'),
  ev.meeting('dep-b', 'sle-2', '2025-09-17', {
    startDate: '2025-10-01',
    endDate: '2026-03-31',
    daysCommissioned: 4,
    expectedOutcomes: [attendance],
  }),
  ev.deployed('dep-b', '2025-10-01'),
  ev.contact('dep-b', '2025-10-31'),
  ev.contact('dep-b', '2025-11-01', { daysUsed: 0.5 }),
  ev.evaluated('dep-b', '2026-03-20', [{ ...attendance, actual: 91 }], 3),

  ev.requested('dep-e', '100006', '2025-10-01'),
  ev.meeting('dep-e', 'sle-1', '2025-10-06', {
    startDate: '2025-10-10',
    endDate: '2026-03-20',
    daysCommissioned: 2,
    expectedOutcomes: [phonics],
  }),
  ev.deployed('dep-e', '2025-10-10'),
  ev.contact('dep-e', '2025-11-01'),
  ev.evaluated('dep-e', '2026-03-25', [{ ...phonics, actual: 80 }], 4),

  ev.requested('dep-f', '100004', '2025-10-01'),
  ev.meeting('dep-f', 'sle-2', '2025-10-06', {
    startDate: '2025-10-10',
    endDate: '2026-03-20',
    daysCommissioned: 2,
    expectedOutcomes: [phonics],
  }),
  ev.deployed('dep-f', '2025-10-10'),
  ev.evaluated('dep-f', '2026-03-26', [{ ...phonics, actual: 40 }], 1),

  ev.requested('dep-c', '100004', '2025-10-01'),
  ev.meeting('dep-c', 'sle-1', '2025-10-08', { startDate: '2025-10-13', endDate: '2026-01-30', daysCommissioned: 3 }),
  ev.deployed('dep-c', '2025-10-13'),
  ev.cancelled('dep-c', '2026-02-20', 'The head teacher left'),
  ev.requested('dep-g', '100004', '2026-01-05'),
  ev.meeting('dep-g', 'sle-1', '2026-01-12', { startDate: '2026-01-19', endDate: '2026-06-30' }),
  ev.deployed('dep-g', '2026-01-19'),

  ev.ofsted('100003', 'requires-improvement', '2026-01-15'),
  ev.ofsted('100001', 'good', '2026-01-20'),
  ev.ofsted('100006', 'requires-improvement', '2026-03-01'),
  ev.ofsted('100004', 'good', '2026-03-10'),
];

const impact = (from: string, to: string, events = history()) =>
  allianceImpact(foldViews(recorded(events)), { from, to });

describe('allianceImpact', () => {
  it('publishes the figures over the deployments evaluated between the dates inclusive, with each deployment it counts', () => {
    expect(impact('2026-02-09', '2026-03-25')).toEqual({
      from: '2026-02-09',
      to: '2026-03-25',
      deploymentsCompleted: 3,
      daysCommissioned: 14,
      daysDelivered: 4.5,
      outcomesAchieved: 2,
      outcomesTotal: 4,
      schoolsOfstedImproved: 2,
      requiresImprovementToGood: 1,
      schoolsLeftCategoryOfConcern: 0,
      schoolsExpectedStandardAfterRequiresImprovement: 0,
      averageSchoolRating: 4,
      positiveRatingShare: 0.667,
      deployments: [
        {
          deploymentId: 'dep-a',
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          sleId: 'sle-1',
          specialism: 'maths-primary',
          startedOn: '2025-09-22',
          evaluatedOn: '2026-02-09',
          daysCommissioned: 8,
          daysDelivered: 2,
          outcomesAchieved: 1,
          outcomesTotal: 2,
          schoolRating: 5,
          positiveRating: true,
          programme: 'sle',
          ofstedImprovement: {
            before: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2024-11-20' },
            after: { framework: 'overall-effectiveness', grade: 'good', inspectedOn: '2026-01-20' },
            areas: ['overall-effectiveness'],
          },
          requiresImprovementToGood: true,
          leftCategoryOfConcern: null,
          expectedStandardAfterRequiresImprovement: null,
        },
        {
          deploymentId: 'dep-b',
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          sleId: 'sle-2',
          specialism: 'maths-primary',
          startedOn: '2025-10-01',
          evaluatedOn: '2026-03-20',
          daysCommissioned: 4,
          daysDelivered: 1.5,
          outcomesAchieved: 0,
          outcomesTotal: 1,
          schoolRating: 3,
          positiveRating: false,
          programme: 'sle',
          ofstedImprovement: null,
          requiresImprovementToGood: false,
          leftCategoryOfConcern: null,
          expectedStandardAfterRequiresImprovement: null,
        },
        {
          deploymentId: 'dep-e',
          schoolUrn: '100006',
          schoolName: 'Meadow Infants',
          sleId: 'sle-1',
          specialism: 'maths-primary',
          startedOn: '2025-10-10',
          evaluatedOn: '2026-03-25',
          daysCommissioned: 2,
          daysDelivered: 1,
          outcomesAchieved: 1,
          outcomesTotal: 1,
          schoolRating: 4,
          positiveRating: true,
          programme: 'sle',
          ofstedImprovement: {
            before: { framework: 'overall-effectiveness', grade: 'inadequate', inspectedOn: '2025-06-01' },
            after: { framework: 'overall-effectiveness', grade: 'requires-improvement', inspectedOn: '2026-03-01' },
            areas: ['overall-effectiveness'],
          },
          requiresImprovementToGood: false,
          leftCategoryOfConcern: null,
          expectedStandardAfterRequiresImprovement: null,
        },
      ],
    });
  });

  it('leaves out evaluations a day either side of the dates, and cancelled or unfinished work', () => {
    expect(impact('2026-02-10', '2026-03-24').deployments.map((d) => d.deploymentId)).toEqual(['dep-b']);
    expect(impact('2025-09-01', '2026-08-31').deployments.map((d) => d.deploymentId)).toEqual([
      'dep-a',
      'dep-b',
      'dep-e',
      'dep-f',
    ]);
  });

  it('counts a school once however many of its deployments are followed by a better judgement', () => {
    const events = [
      ...history(),
      ev.requested('dep-h', '100001', '2025-09-09'),
      ev.meeting('dep-h', 'sle-2', '2025-09-16', { startDate: '2025-09-22', daysCommissioned: 2 }),
      ev.deployed('dep-h', '2025-09-22'),
      ev.evaluated('dep-h', '2026-02-10', [{ ...reasoning, actual: 50 }], 4),
    ];
    const result = impact('2026-02-09', '2026-02-10', events);
    expect(result.deployments.map((d) => [d.deploymentId, d.requiresImprovementToGood])).toEqual([
      ['dep-a', true],
      ['dep-h', true],
    ]);
    expect(result).toMatchObject({
      deploymentsCompleted: 2,
      schoolsOfstedImproved: 1,
      requiresImprovementToGood: 1,
      averageSchoolRating: 4.5,
      positiveRatingShare: 1,
    });
  });

  it('gives zeros and no averages when nothing was evaluated', () => {
    expect(impact('2025-09-01', '2025-12-31')).toEqual({
      from: '2025-09-01',
      to: '2025-12-31',
      deploymentsCompleted: 0,
      daysCommissioned: 0,
      daysDelivered: 0,
      outcomesAchieved: 0,
      outcomesTotal: 0,
      schoolsOfstedImproved: 0,
      requiresImprovementToGood: 0,
      schoolsLeftCategoryOfConcern: 0,
      schoolsExpectedStandardAfterRequiresImprovement: 0,
      averageSchoolRating: null,
      positiveRatingShare: null,
      deployments: [],
    });
  });

  describe('across the three generations of Ofsted judgement', () => {
    const expected = 'expected-standard' as const;
    const card = {
      inclusion: expected,
      'curriculum-and-teaching': expected,
      achievement: 'needs-attention' as const,
      'attendance-and-behaviour': expected,
      'personal-development-and-well-being': expected,
      'leadership-and-governance': expected,
    };
    /** One deployment at `urn` started on `startedOn` (a Monday in November 2025 unless given) and evaluated on 2026-04-20. */
    const supported = (id: string, urn: string, startedOn = '2025-11-17'): AllianceEvent[] => [
      ev.schoolRegistered(urn, `School ${urn}`),
      ev.requested(id, urn, '2024-09-02'),
      ev.meeting(id, 'sle-1', '2024-09-09', { startDate: startedOn, daysCommissioned: 2 }),
      ev.deployed(id, startedOn),
      ev.evaluated(id, '2026-04-20', [{ ...reasoning, actual: 60 }], 4),
    ];
    const outcome = (events: AllianceEvent[]) => impact('2026-04-01', '2026-04-30', events);

    it('counts a report card area moving from needs attention to expected standard as an improvement, not as RI to good', () => {
      const result = outcome([
        ...supported('dep-r', '100020'),
        ev.reportCard('100020', card, '2025-11-12'),
        ev.reportCard('100020', { ...card, achievement: expected }, '2026-03-18'),
      ]);
      expect(result).toMatchObject({
        schoolsOfstedImproved: 1,
        requiresImprovementToGood: 0,
        schoolsLeftCategoryOfConcern: 0,
        schoolsExpectedStandardAfterRequiresImprovement: 0,
      });
      expect(result.deployments[0].ofstedImprovement?.areas).toEqual(['achievement']);
    });

    it('compares key judgements area by area, and never an overall grade with key judgements', () => {
      const key = {
        'quality-of-education': 'requires-improvement' as const,
        'behaviour-and-attitudes': 'good' as const,
        'personal-development': 'good' as const,
        'leadership-and-management': 'good' as const,
      };
      const within = outcome([
        ...supported('dep-k', '100021', '2025-01-06'),
        ev.keyJudgements('100021', key, '2024-10-01'),
        ev.keyJudgements('100021', { ...key, 'quality-of-education': 'good' }, '2025-11-05'),
      ]);
      expect(within.deployments[0].ofstedImprovement?.areas).toEqual(['quality-of-education']);
      const across = outcome([
        ...supported('dep-o', '100022', '2025-01-06'),
        ev.ofsted('100022', 'inadequate', '2024-03-01'),
        ev.keyJudgements('100022', key, '2025-11-05'),
      ]);
      expect(across.schoolsOfstedImproved).toBe(0);
    });

    it('counts a school crossing generations only by the measures that read across, each on its own', () => {
      const result = outcome([
        ...supported('dep-x', '100023'),
        ev.ofsted('100023', 'requires-improvement', '2023-06-14'),
        ev.reportCard('100023', { ...card, achievement: expected }, '2026-02-04'),
        ...supported('dep-y', '100024'),
        ev.ofsted('100024', 'inadequate', '2024-03-01', { category: 'special-measures' }),
        ev.reportCard('100024', card, '2026-02-04'),
      ]);
      expect(result).toMatchObject({
        schoolsOfstedImproved: 0,
        requiresImprovementToGood: 0,
        schoolsExpectedStandardAfterRequiresImprovement: 1,
        schoolsLeftCategoryOfConcern: 1,
      });
      expect(
        result.deployments.map((d) => [
          d.schoolUrn,
          !!d.expectedStandardAfterRequiresImprovement,
          !!d.leftCategoryOfConcern,
        ]),
      ).toEqual([
        ['100023', true, false],
        ['100024', false, true],
      ]);
    });

    it('does not count a report card still short of expected standard, or one placing the school in a category', () => {
      const result = outcome([
        ...supported('dep-x', '100023'),
        ev.ofsted('100023', 'requires-improvement', '2023-06-14'),
        ev.reportCard('100023', card, '2026-02-04'),
        ...supported('dep-y', '100024'),
        ev.ofsted('100024', 'inadequate', '2024-03-01', { category: 'serious-weaknesses' }),
        ev.reportCard('100024', { ...card, inclusion: 'urgent-improvement' }, '2026-02-04'),
      ]);
      expect(result).toMatchObject({
        schoolsExpectedStandardAfterRequiresImprovement: 0,
        schoolsLeftCategoryOfConcern: 0,
      });
    });
  });
});
