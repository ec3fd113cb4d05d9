import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { schoolTimeline } from './school-timeline.js';

const reasoning = { measure: '% of Y6 at expected standard in reasoning', unit: '%', baseline: 48, target: 70 };
const lessons = { measure: '% of maths lessons judged good or better', unit: '%', baseline: 40, target: 75 };

/** School 100001 supported from request to evaluation, with a second request cancelled; other schools' work around it. */
const history = () =>
  recorded([
    ev.schoolRegistered('100001', 'Pioneer Primary'),
    ev.schoolRegistered('100002', 'Home School'),
    ev.schoolRegistered('100003', 'Brook Primary'),
    ev.ofsted('100001', 'requires-improvement', '2024-11-20'),
    ev.dataPoint('100001', 'KS2 reading expected standard', '%', 58, '2025-07-10'),
    ev.sleDesignated('sle-1', '100002'),
    ev.requested('dep-a', '100001', '2025-09-08'),
    ev.requested('dep-x', '100003', '2025-09-08'),
    ev.meeting('dep-a', 'sle-1', '2025-09-15', {
      startDate: '2025-09-22',
      endDate: '2026-02-13',
      daysCommissioned: 5,
      expectedOutcomes: [reasoning, lessons],
    }),
    ev.deployed('dep-a', '2025-09-22'),
    ev.contact('dep-a', '2025-10-06'),
    ev.contact('dep-a', '2025-11-03', { channel: 'phone', daysUsed: 0, status: 'at-risk', note: 'Staff absence' }),
    ev.requested('dep-b', '100001', '2026-01-05', {
      specialism: 'phonics',
      areaOfNeed: 'Phonics in KS1',
      source: 'local-authority',
    }),
    ev.extended('dep-a', '2026-01-12', 3, '2026-03-27'),
    ev.dataPoint('100001', 'KS2 reading expected standard', '%', 64, '2026-01-15'),
    ev.cancelled('dep-b', '2026-01-20', 'School joined a trust with its own support', 'requested'),
    ev.contact('dep-a', '2026-02-02', { daysUsed: 0.5 }),
    ev.ofsted('100001', 'good', '2026-02-10'),
    ev.review('2025-26', 'spring-1', '2026-02-12', [
      { schoolUrn: '100003', concern: 'Falling rolls' },
      { schoolUrn: '100001', concern: 'Staffing instability in Y6' },
    ]),
    ev.evaluated(
      'dep-a',
      '2026-03-02',
      [
        { ...reasoning, actual: 72 },
        { ...lessons, actual: 60 },
      ],
      5,
      'Reasoning now taught explicitly across KS2',
    ),
  ]);

describe('schoolTimeline', () => {
  it('gives every dated step of the school, oldest first, in plain English', () => {
    const timeline = schoolTimeline(foldViews(history()), '100001');
    expect(timeline?.urn).toBe('100001');
    expect(timeline?.name).toBe('Pioneer Primary');
    expect(timeline?.entries).toEqual([
      { at: '2024-11-20', kind: 'ofsted-judgement', summary: 'Ofsted judged the school requires improvement.' },
      { at: '2025-07-10', kind: 'school-data', summary: 'KS2 reading expected standard: 58%.' },
      {
        at: '2025-09-08',
        kind: 'support-requested',
        deploymentId: 'dep-a',
        summary: 'Support requested in maths-primary (self-referral): Reasoning in KS2 maths.',
      },
      {
        at: '2025-09-15',
        kind: 'brokerage-meeting',
        deploymentId: 'dep-a',
        summary:
          'Brokerage meeting agreed 5 days of support from 22 September 2025 to 13 February 2026, with 2 expected outcomes: Reasoning in KS2 maths.',
      },
      {
        at: '2025-09-22',
        kind: 'deployment-started',
        deploymentId: 'dep-a',
        summary: 'The SLE started work with the school.',
      },
      { at: '2025-10-06', kind: 'contact', deploymentId: 'dep-a', summary: 'Visit, 1 day used: on track.' },
      { at: '2025-11-03', kind: 'contact', deploymentId: 'dep-a', summary: 'Phone call: at risk.' },
      {
        at: '2026-01-05',
        kind: 'support-requested',
        deploymentId: 'dep-b',
        summary: 'Support requested in phonics (local authority): Phonics in KS1.',
      },
      {
        at: '2026-01-12',
        kind: 'extension',
        deploymentId: 'dep-a',
        summary: 'Extended: 3 days more, now ending 27 March 2026. New focus: Greater depth writing.',
      },
      { at: '2026-01-15', kind: 'school-data', summary: 'KS2 reading expected standard: 64%.' },
      {
        at: '2026-01-20',
        kind: 'cancellation',
        deploymentId: 'dep-b',
        summary: 'Deployment cancelled: School joined a trust with its own support.',
      },
      { at: '2026-02-02', kind: 'contact', deploymentId: 'dep-a', summary: 'Visit, half a day used: on track.' },
      {
        at: '2026-02-10',
        kind: 'ofsted-judgement',
        summary: 'Ofsted judged the school good. Improved: overall effectiveness from requires improvement to good.',
      },
      {
        at: '2026-02-12',
        kind: 'core-team-concern',
        summary: 'Core team concern at the spring-1 2025-26 review: Staffing instability in Y6.',
      },
      {
        at: '2026-03-02',
        kind: 'evaluation',
        deploymentId: 'dep-a',
        summary:
          'Impact evaluated: 1 of 2 outcomes achieved, 1 partly achieved; the school rated the support 5 out of 5. Reasoning now taught explicitly across KS2.',
      },
    ]);
  });

  it('gives each measure as a series: baseline at the meeting, actual at the evaluation, target at the end date, data as recorded', () => {
    expect(schoolTimeline(foldViews(history()), '100001')?.measures).toEqual([
      {
        measure: '% of maths lessons judged good or better',
        unit: '%',
        points: [
          { at: '2025-09-15', value: 40, source: 'baseline' },
          { at: '2026-03-02', value: 60, source: 'actual' },
          { at: '2026-03-27', value: 75, source: 'target' },
        ],
      },
      {
        measure: '% of Y6 at expected standard in reasoning',
        unit: '%',
        points: [
          { at: '2025-09-15', value: 48, source: 'baseline' },
          { at: '2026-03-02', value: 72, source: 'actual' },
          { at: '2026-03-27', value: 70, source: 'target' },
        ],
      },
      {
        measure: 'KS2 reading expected standard',
        unit: '%',
        points: [
          { at: '2025-07-10', value: 58, source: 'school-data' },
          { at: '2026-01-15', value: 64, source: 'school-data' },
        ],
      },
    ]);
  });

  it("shows nothing of another school's deployments or concerns", () => {
    const timeline = schoolTimeline(foldViews(history()), '100003')!;
    expect(timeline.entries).toEqual([
      {
        at: '2025-09-08',
        kind: 'support-requested',
        deploymentId: 'dep-x',
        summary: 'Support requested in maths-primary (self-referral): Reasoning in KS2 maths.',
      },
      {
        at: '2026-02-12',
        kind: 'core-team-concern',
        summary: 'Core team concern at the spring-1 2025-26 review: Falling rolls.',
      },
    ]);
    expect(timeline.measures).toEqual([]);
  });

  it('gives a school with no deployments its judgements and data only, and an empty timeline when there is nothing', () => {
    const views = foldViews(
      recorded([
        ev.schoolRegistered('100004', 'Hill Primary'),
        ev.schoolRegistered('100005', 'Vale Primary'),
        ev.ofsted('100004', 'inadequate', '2025-03-04', { category: 'special-measures' }),
        ev.dataPoint('100004', 'Persistent absence', 'pupils', 31, '2025-10-01'),
      ]),
    );
    expect(schoolTimeline(views, '100004')).toEqual({
      urn: '100004',
      name: 'Hill Primary',
      entries: [
        {
          at: '2025-03-04',
          kind: 'ofsted-judgement',
          summary: 'Ofsted judged the school inadequate (special measures).',
        },
        { at: '2025-10-01', kind: 'school-data', summary: 'Persistent absence: 31 pupils.' },
      ],
      measures: [
        {
          measure: 'Persistent absence',
          unit: 'pupils',
          points: [{ at: '2025-10-01', value: 31, source: 'school-data' }],
        },
      ],
    });
    expect(schoolTimeline(views, '100005')).toEqual({ urn: '100005', name: 'Vale Primary', entries: [], measures: [] });
  });

  it('is undefined for a school never registered', () => {
    expect(schoolTimeline(foldViews(history()), '999999')).toBeUndefined();
  });

  it('breaks ties on a day by lifecycle order, then deployment id, whatever order the events came in', () => {
    const views = foldViews(
      recorded([
        ev.schoolRegistered('100001'),
        ev.requested('dep-m', '100001', '2025-09-01'),
        ev.meeting('dep-m', 'sle-1', '2025-10-01', { expectedOutcomes: [] }),
        ev.requested('dep-z', '100001', '2025-10-01'),
        ev.dataPoint('100001', 'Attendance', '%', 94, '2025-10-01'),
        ev.requested('dep-c', '100001', '2025-10-01'),
        ev.deployed('dep-m', '2025-10-01'),
        ev.cancelled('dep-c', '2025-10-01', 'Withdrawn', 'requested'),
      ]),
    );
    expect(schoolTimeline(views, '100001')!.entries.map((e) => `${e.at} ${e.kind} ${e.deploymentId ?? '-'}`)).toEqual([
      '2025-09-01 support-requested dep-m',
      '2025-10-01 support-requested dep-c',
      '2025-10-01 support-requested dep-z',
      '2025-10-01 brokerage-meeting dep-m',
      '2025-10-01 deployment-started dep-m',
      '2025-10-01 cancellation dep-c',
      '2025-10-01 school-data -',
    ]);
  });

  it('keeps the baseline but drops the target of a cancelled deployment, and joins a measure named in another case', () => {
    const views = foldViews(
      recorded([
        ev.schoolRegistered('100001'),
        ev.dataPoint('100001', 'KS2 reading expected standard', '%', 58, '2025-07-10'),
        ev.requested('dep-c', '100001', '2025-09-08'),
        ev.meeting('dep-c', 'sle-1', '2025-09-15', {
          endDate: '2026-03-31',
          expectedOutcomes: [
            { measure: 'ks2 Reading expected standard ', unit: '%', baseline: 58, target: 70 },
            { measure: 'KS2 reading expected standard', unit: 'pupils', baseline: 20, target: 25 },
          ],
        }),
        ev.deployed('dep-c', '2025-09-22'),
        ev.cancelled('dep-c', '2025-11-10', 'The head teacher left'),
      ]),
    );
    expect(schoolTimeline(views, '100001')!.measures).toEqual([
      {
        measure: 'KS2 reading expected standard',
        unit: '%',
        points: [
          { at: '2025-07-10', value: 58, source: 'school-data' },
          { at: '2025-09-15', value: 58, source: 'baseline' },
        ],
      },
      {
        measure: 'KS2 reading expected standard',
        unit: 'pupils',
        points: [{ at: '2025-09-15', value: 20, source: 'baseline' }],
      },
    ]);
  });

  it('says what each Ofsted generation judged, and what moved since the last judgement of the same kind', () => {
    const card = {
      inclusion: 'expected-standard',
      'curriculum-and-teaching': 'expected-standard',
      achievement: 'needs-attention',
      'attendance-and-behaviour': 'expected-standard',
      'personal-development-and-well-being': 'strong-standard',
      'leadership-and-governance': 'expected-standard',
    } as const;
    const views = foldViews(
      recorded([
        ev.schoolRegistered('100001', 'Pioneer Primary'),
        ev.ofsted('100001', 'requires-improvement', '2023-06-14'),
        ev.keyJudgements(
          '100001',
          {
            'quality-of-education': 'requires-improvement',
            'behaviour-and-attitudes': 'good',
            'personal-development': 'good',
            'leadership-and-management': 'good',
          },
          '2024-10-01',
          { safeguarding: 'effective' },
        ),
        ev.reportCard('100001', card, '2025-11-20'),
        ev.reportCard('100001', { ...card, achievement: 'expected-standard' }, '2026-05-06'),
      ]),
    );
    expect(schoolTimeline(views, '100001')!.entries.map((e) => e.summary)).toEqual([
      'Ofsted judged the school requires improvement.',
      'Ofsted key judgements: quality of education requires improvement, behaviour and attitudes good, personal development good, leadership and management good; safeguarding effective.',
      'Ofsted report card: inclusion expected standard, curriculum and teaching expected standard, achievement needs attention, attendance and behaviour expected standard, personal development and well-being strong standard, leadership and governance expected standard; safeguarding met.',
      'Ofsted report card: inclusion expected standard, curriculum and teaching expected standard, achievement expected standard, attendance and behaviour expected standard, personal development and well-being strong standard, leadership and governance expected standard; safeguarding met. Improved: achievement from needs attention to expected standard.',
    ]);
  });
});
