import type { AllianceEvent, HalfTerm } from '../events/index.js';
import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { DeploymentIndex } from '../src/read-models/deployment-index.js';
import { combineHalfTermReport, halfTermParts, halfTermPeriod, halfTermReport } from './half-term-report.js';
import { typicalTermDates, type TermCalendar } from '../src/calendar/academic-calendar.js';

const reasoning = { measure: '% of Y6 at expected standard in reasoning', unit: '%', baseline: 48, target: 70 };
const lessons = { measure: '% of maths lessons judged good or better', unit: '%', baseline: 40, target: 75 };
const attendance = { measure: 'Attendance', unit: '%', baseline: 91, target: 95 };

/**
 * 2025-26 with the default calendar (autumn-1 to 31 Oct, autumn-2 to 31 Dec, spring-1 to 14 Feb):
 * - dep-a at 100001: started in autumn-1; extended in autumn-2 from 19 Dec into spring-1 (6 Feb); evaluated in spring-1.
 * - dep-b at 100003: contacts on the last day of autumn-1 (off track) and the first day of autumn-2 (on track), then none.
 * - dep-c at 100004: cancelled in autumn-2 exactly 21 days after its last contact; dep-d at 100004 cancelled while requested.
 * - 100005 has no deployments but is named by the core team in autumn-2; so is 100004.
 * - 100001 was judged requires improvement before support and good after it.
 */
const baseEvents = (): AllianceEvent[] => [
  ev.schoolRegistered('100001', 'Pioneer Primary'),
  ev.schoolRegistered('100002', 'Home School'),
  ev.schoolRegistered('100003', 'Brook Primary'),
  ev.schoolRegistered('100004', 'Hill Primary'),
  ev.schoolRegistered('100005', 'Vale Primary'),
  ev.ofsted('100001', 'requires-improvement', '2024-11-20'),
  ev.ofsted('100003', 'good', '2023-05-01'),
  ev.sleDesignated('sle-1', '100002'),
  ev.sleDesignated('sle-2', '100002', { name: 'Alex Other', email: 'alex@school.test' }),

  ev.requested('dep-a', '100001', '2025-09-08'),
  ev.requested('dep-b', '100003', '2025-09-10'),
  ev.meeting('dep-a', 'sle-1', '2025-09-15', {
    startDate: '2025-09-22',
    endDate: '2025-12-19',
    daysCommissioned: 5,
    expectedOutcomes: [reasoning, lessons],
  }),
  ev.meeting('dep-b', 'sle-2', '2025-09-17', {
    startDate: '2025-10-01',
    endDate: '2026-03-31',
    daysCommissioned: 4,
    expectedOutcomes: [attendance],
  }),
  ev.deployed('dep-a', '2025-09-22'),
  ev.requested('dep-c', '100004', '2025-10-01'),
  ev.deployed('dep-b', '2025-10-01'),
  ev.contact('dep-a', '2025-10-06'),
  ev.meeting('dep-c', 'sle-1', '2025-10-08', { startDate: '2025-10-13', endDate: '2026-01-30', daysCommissioned: 3 }),
  ev.deployed('dep-c', '2025-10-13'),
  ev.contact('dep-c', '2025-10-20'),
  ev.contact('dep-b', '2025-10-31', { status: 'off-track' }),
  ev.contact('dep-b', '2025-11-01', { daysUsed: 0.5 }),
  ev.contact('dep-a', '2025-11-03', { channel: 'phone', daysUsed: 0, status: 'at-risk' }),
  ev.cancelled('dep-c', '2025-11-10', 'The head teacher left'),
  ev.requested('dep-d', '100004', '2025-11-20'),
  ev.cancelled('dep-d', '2025-11-25', 'Support found elsewhere', 'requested'),
  ev.extended('dep-a', '2025-12-10', 3, '2026-02-06'),
  ev.review('2025-26', 'autumn-2', '2025-12-11', [
    { schoolUrn: '100005', concern: 'Falling rolls' },
    { schoolUrn: '100004', concern: 'Head teacher has resigned' },
  ]),
  ev.ofsted('100003', 'requires-improvement', '2026-01-15'),
  ev.ofsted('100001', 'good', '2026-01-20'),
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
];
const events = () => recorded(baseEvents());

/**
 * These scenarios are about what a report covers and how each deployment stood, written against half terms
 * that cover the whole year (a HALF_TERM_CALENDAR pattern with no holidays): weekdays are school days.
 */
const CONTIGUOUS: TermCalendar = {
  pattern: [
    { halfTerm: 'autumn-1', from: '09-01', to: '10-31' },
    { halfTerm: 'autumn-2', from: '11-01', to: '12-31' },
    { halfTerm: 'spring-1', from: '01-01', to: '02-14' },
    { halfTerm: 'spring-2', from: '02-15', to: '04-14' },
    { halfTerm: 'summer-1', from: '04-15', to: '05-31' },
    { halfTerm: 'summer-2', from: '06-01', to: '08-31' },
  ],
};

const report = (halfTerm: HalfTerm, today = '2026-03-02') =>
  halfTermReport(foldViews(events()), { academicYear: '2025-26', halfTerm, today, calendar: CONTIGUOUS });

describe('halfTermReport for past half terms', () => {
  it('autumn-1: the deployments as they stood on 31 October, before the extension, with the off-track contact of the last day', () => {
    expect(report('autumn-1')).toEqual({
      academicYear: '2025-26',
      halfTerm: 'autumn-1',
      from: '2025-09-01',
      to: '2025-10-31',
      teaching: { from: '2025-09-01', to: '2025-10-31' },
      asOf: '2025-10-31',
      summary: {
        requestsReceived: 3,
        brokerageMeetingsHeld: 3,
        deploymentsStarted: 3,
        deploymentsActive: 3,
        evaluationsCompleted: 0,
        daysCommissioned: 12,
        daysDelivered: 3,
      },
      activeDeployments: [
        {
          deploymentId: 'dep-a',
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          sleId: 'sle-1',
          sleName: 'Sam Patel',
          latestStatus: 'on-track',
          lastContactOn: '2025-10-06',
          contactOverdue: true,
          daysCommissioned: 5,
          daysDelivered: 1,
          endDate: '2025-12-19',
        },
        {
          deploymentId: 'dep-b',
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          sleId: 'sle-2',
          sleName: 'Alex Other',
          latestStatus: 'off-track',
          lastContactOn: '2025-10-31',
          contactOverdue: false,
          daysCommissioned: 4,
          daysDelivered: 1,
          endDate: '2026-03-31',
        },
        {
          deploymentId: 'dep-c',
          schoolUrn: '100004',
          schoolName: 'Hill Primary',
          sleId: 'sle-1',
          sleName: 'Sam Patel',
          latestStatus: 'on-track',
          lastContactOn: '2025-10-20',
          contactOverdue: false,
          daysCommissioned: 3,
          daysDelivered: 1,
          endDate: '2026-01-30',
        },
      ],
      areasOfConcern: [
        {
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          reasons: ['Deployment dep-a had no contact for 19 school days since the last one on 2025-10-06'],
        },
        {
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          reasons: ['Deployment dep-b was off track at its latest contact on 2025-10-31'],
        },
      ],
      impact: {
        evaluated: 0,
        outcomesAchieved: 0,
        outcomesPartlyAchieved: 0,
        outcomesTotal: 0,
        ofstedImproved: 0,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 0,
        averageSchoolRating: null,
      },
    });
  });

  it('autumn-2: the first-day contact, the extension into spring-1, a cancellation 21 days after contact, and the core team concerns', () => {
    expect(report('autumn-2')).toEqual({
      academicYear: '2025-26',
      halfTerm: 'autumn-2',
      from: '2025-11-01',
      to: '2025-12-31',
      teaching: { from: '2025-11-01', to: '2025-12-31' },
      asOf: '2025-12-31',
      summary: {
        requestsReceived: 1,
        brokerageMeetingsHeld: 0,
        deploymentsStarted: 0,
        deploymentsActive: 3,
        evaluationsCompleted: 0,
        daysCommissioned: 3,
        daysDelivered: 0.5,
      },
      activeDeployments: [
        {
          deploymentId: 'dep-a',
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          sleId: 'sle-1',
          sleName: 'Sam Patel',
          latestStatus: 'at-risk',
          lastContactOn: '2025-11-03',
          contactOverdue: true,
          daysCommissioned: 8,
          daysDelivered: 1,
          endDate: '2026-02-06',
        },
        {
          deploymentId: 'dep-b',
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          sleId: 'sle-2',
          sleName: 'Alex Other',
          latestStatus: 'on-track',
          lastContactOn: '2025-11-01',
          contactOverdue: true,
          daysCommissioned: 4,
          daysDelivered: 1.5,
          endDate: '2026-03-31',
        },
        {
          deploymentId: 'dep-c',
          schoolUrn: '100004',
          schoolName: 'Hill Primary',
          sleId: 'sle-1',
          sleName: 'Sam Patel',
          latestStatus: 'on-track',
          lastContactOn: '2025-10-20',
          contactOverdue: false,
          daysCommissioned: 3,
          daysDelivered: 1,
          endDate: '2026-01-30',
        },
      ],
      areasOfConcern: [
        {
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          reasons: [
            'Deployment dep-a was at risk at its latest contact on 2025-11-03',
            'Deployment dep-a had no contact for 42 school days since the last one on 2025-11-03',
          ],
        },
        {
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          reasons: ['Deployment dep-b had no contact for 43 school days since the last one on 2025-11-01'],
        },
        {
          schoolUrn: '100004',
          schoolName: 'Hill Primary',
          reasons: ['Named by the core team at the review on 2025-12-11: Head teacher has resigned'],
        },
        {
          schoolUrn: '100005',
          schoolName: 'Vale Primary',
          reasons: ['Named by the core team at the review on 2025-12-11: Falling rolls'],
        },
      ],
      impact: {
        evaluated: 0,
        outcomesAchieved: 0,
        outcomesPartlyAchieved: 0,
        outcomesTotal: 0,
        ofstedImproved: 0,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 0,
        averageSchoolRating: null,
      },
    });
  });

  it('spring-1: the evaluation and its impact, with the Ofsted judgement after support better than the one before; the cancelled work gone', () => {
    expect(report('spring-1')).toEqual({
      academicYear: '2025-26',
      halfTerm: 'spring-1',
      from: '2026-01-01',
      to: '2026-02-14',
      teaching: { from: '2026-01-01', to: '2026-02-14' },
      asOf: '2026-02-14',
      summary: {
        requestsReceived: 0,
        brokerageMeetingsHeld: 0,
        deploymentsStarted: 0,
        deploymentsActive: 2,
        evaluationsCompleted: 1,
        daysCommissioned: 0,
        daysDelivered: 1,
      },
      activeDeployments: [
        {
          deploymentId: 'dep-a',
          schoolUrn: '100001',
          schoolName: 'Pioneer Primary',
          sleId: 'sle-1',
          sleName: 'Sam Patel',
          latestStatus: 'on-track',
          lastContactOn: '2026-01-26',
          contactOverdue: false,
          daysCommissioned: 8,
          daysDelivered: 2,
          endDate: '2026-02-06',
        },
        {
          deploymentId: 'dep-b',
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          sleId: 'sle-2',
          sleName: 'Alex Other',
          latestStatus: 'on-track',
          lastContactOn: '2025-11-01',
          contactOverdue: true,
          daysCommissioned: 4,
          daysDelivered: 1.5,
          endDate: '2026-03-31',
        },
      ],
      areasOfConcern: [
        {
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          reasons: ['Deployment dep-b had no contact for 75 school days since the last one on 2025-11-01'],
        },
      ],
      impact: {
        evaluated: 1,
        outcomesAchieved: 1,
        outcomesPartlyAchieved: 1,
        outcomesTotal: 2,
        ofstedImproved: 1,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 0,
        averageSchoolRating: 5,
      },
    });
  });

  it('counts an Ofsted improvement only when the better judgement was known by the last day of the half term', () => {
    const laterJudgement = baseEvents()
      .filter((e) => !(e.type === 'OfstedJudgementRecorded' && e.data.inspectedOn === '2026-01-20'))
      .concat(ev.ofsted('100001', 'outstanding', '2026-02-15'));
    expect(
      halfTermReport(foldViews(recorded(laterJudgement)), {
        academicYear: '2025-26',
        halfTerm: 'spring-1',
        today: '2026-03-02',
        calendar: CONTIGUOUS,
      }).impact,
    ).toEqual({
      evaluated: 1,
      outcomesAchieved: 1,
      outcomesPartlyAchieved: 1,
      outcomesTotal: 2,
      ofstedImproved: 0,
      ofstedLeftCategoryOfConcern: 0,
      ofstedExpectedStandardAfterRequiresImprovement: 0,
      averageSchoolRating: 5,
    });
  });

  it('keeps a deployment never evaluated active in later half terms, with nothing dated in them', () => {
    expect(report('summer-2', '2026-09-15')).toEqual({
      academicYear: '2025-26',
      halfTerm: 'summer-2',
      from: '2026-06-01',
      to: '2026-08-31',
      teaching: { from: '2026-06-01', to: '2026-08-31' },
      asOf: '2026-08-31',
      summary: {
        requestsReceived: 0,
        brokerageMeetingsHeld: 0,
        deploymentsStarted: 0,
        deploymentsActive: 1,
        evaluationsCompleted: 0,
        daysCommissioned: 0,
        daysDelivered: 0,
      },
      activeDeployments: [
        {
          deploymentId: 'dep-b',
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          sleId: 'sle-2',
          sleName: 'Alex Other',
          latestStatus: 'on-track',
          lastContactOn: '2025-11-01',
          contactOverdue: true,
          daysCommissioned: 4,
          daysDelivered: 1.5,
          endDate: '2026-03-31',
        },
      ],
      areasOfConcern: [
        {
          schoolUrn: '100003',
          schoolName: 'Brook Primary',
          reasons: ['Deployment dep-b had no contact for 216 school days since the last one on 2025-11-01'],
        },
      ],
      impact: {
        evaluated: 0,
        outcomesAchieved: 0,
        outcomesPartlyAchieved: 0,
        outcomesTotal: 0,
        ofstedImproved: 0,
        ofstedLeftCategoryOfConcern: 0,
        ofstedExpectedStandardAfterRequiresImprovement: 0,
        averageSchoolRating: null,
      },
    });
  });

  it("reads the half term from the alliance's term dates for that year, the holiday after it included", () => {
    const alliance = typicalTermDates('2025-26').map((h) =>
      h.halfTerm === 'autumn-1' ? { ...h, from: '2025-09-08', to: '2025-10-17' } : h,
    );
    const calendar: TermCalendar = { defined: new Map([['2025-26', alliance]]) };
    const autumn1 = halfTermReport(foldViews(events()), {
      academicYear: '2025-26',
      halfTerm: 'autumn-1',
      calendar,
      today: '2026-03-02',
    });
    expect(autumn1).toMatchObject({
      from: '2025-09-01',
      to: '2025-11-02',
      teaching: { from: '2025-09-08', to: '2025-10-17' },
      asOf: '2025-11-02',
    });
    const autumn2 = halfTermReport(foldViews(events()), {
      academicYear: '2025-26',
      halfTerm: 'autumn-2',
      calendar,
      today: '2026-03-02',
    });
    expect(autumn2).toMatchObject({
      from: '2025-11-03',
      to: '2026-01-04',
      teaching: { from: '2025-11-03', to: '2025-12-19' },
    });
  });
});

describe('halfTermReport for one local authority', () => {
  // 100003 (dep-b) and 100005 (named by the core team in autumn-2) are in Milton Keynes; the rest in Buckinghamshire.
  const views = () =>
    foldViews(
      recorded(
        baseEvents().map((e) =>
          e.type === 'SchoolRegistered' && ['100003', '100005'].includes(e.data.urn)
            ? { ...e, data: { ...e.data, localAuthority: 'Milton Keynes' } }
            : e,
        ),
      ),
    );
  const scoped = (localAuthority: string | undefined) =>
    halfTermReport(views(), {
      academicYear: '2025-26',
      halfTerm: 'autumn-2',
      today: '2026-03-02',
      localAuthority,
      calendar: CONTIGUOUS,
    });

  it("covers only that authority's deployments and the schools the core team named there, and says which authority", () => {
    const keynes = scoped('Milton Keynes');
    expect(keynes.localAuthority).toBe('Milton Keynes');
    expect(keynes.activeDeployments.map((d) => d.deploymentId)).toEqual(['dep-b']);
    expect(keynes.areasOfConcern.map((a) => a.schoolUrn)).toEqual(['100003', '100005']);
    expect(keynes.summary).toEqual({
      requestsReceived: 0,
      brokerageMeetingsHeld: 0,
      deploymentsStarted: 0,
      deploymentsActive: 1,
      evaluationsCompleted: 0,
      daysCommissioned: 0,
      daysDelivered: 0.5,
    });
  });

  it('splits the whole report between the authorities: rows, concerns and counts add up to it', () => {
    const [all, keynes, bucks] = [scoped(undefined), scoped('Milton Keynes'), scoped('Buckinghamshire')];
    expect(all.localAuthority).toBeUndefined();
    const ids = (r: typeof all) => r.activeDeployments.map((d) => d.deploymentId);
    expect([...ids(bucks), ...ids(keynes)].sort()).toEqual(ids(all));
    expect(
      [...bucks.areasOfConcern, ...keynes.areasOfConcern].sort((a, b) => a.schoolUrn.localeCompare(b.schoolUrn)),
    ).toEqual(all.areasOfConcern);
    for (const [key, value] of Object.entries(all.summary))
      expect(bucks.summary[key as keyof typeof all.summary] + keynes.summary[key as keyof typeof all.summary]).toBe(
        value,
      );
    expect(scoped('Luton').activeDeployments).toEqual([]);
  });

  it("is the same read through the deployment index, which reads only the authority's schools", () => {
    const v = views();
    for (const localAuthority of ['Milton Keynes', 'Buckinghamshire', 'Luton']) {
      const options = { academicYear: '2025-26', halfTerm: 'autumn-2' as const, today: '2026-03-02', localAuthority };
      expect(halfTermReport(v, { ...options, index: DeploymentIndex.fromViews(v) })).toEqual(
        halfTermReport(v, options),
      );
    }
  });
});

describe('halfTermReport for the current half term', () => {
  it('stands at today, not at the last day', () => {
    const current = report('spring-1', '2026-02-10');
    expect(current).toMatchObject({ from: '2026-01-01', to: '2026-02-14', asOf: '2026-02-10' });
    expect(current.areasOfConcern).toEqual([
      {
        schoolUrn: '100003',
        schoolName: 'Brook Primary',
        reasons: ['Deployment dep-b had no contact for 72 school days since the last one on 2025-11-01'],
      },
    ]);
  });

  /** A deployment started on 2 February with no contact since, read in spring-2 (from 23 February, a typical year). */
  const started: AllianceEvent[] = [
    ev.schoolRegistered('100001'),
    ev.requested('dep-n', '100001', '2026-01-19'),
    ev.meeting('dep-n', 'sle-1', '2026-01-26', { startDate: '2026-02-02', endDate: '2026-05-22' }),
    ev.deployed('dep-n', '2026-02-02'),
  ];
  const currentReport = (today: string) =>
    halfTermReport(foldViews(recorded(started)), { academicYear: '2025-26', halfTerm: 'spring-2', today });

  it('does not count exactly 15 school days without contact as overdue, the February half term left out', () => {
    // 3-13 February and 23 February to 2 March: 15 school days, 28 calendar days.
    const at15 = currentReport('2026-03-02');
    expect(at15.asOf).toBe('2026-03-02');
    expect(at15.activeDeployments).toEqual([
      {
        deploymentId: 'dep-n',
        schoolUrn: '100001',
        schoolName: 'School 100001',
        sleId: 'sle-1',
        sleName: null,
        latestStatus: null,
        lastContactOn: null,
        contactOverdue: false,
        daysCommissioned: 5,
        daysDelivered: 0,
        endDate: '2026-05-22',
      },
    ]);
    expect(at15.areasOfConcern).toEqual([]);
  });

  it('counts 16 school days without contact since the start as overdue, and the school as an area of concern', () => {
    const at16 = currentReport('2026-03-03');
    expect(at16.asOf).toBe('2026-03-03');
    expect(at16.activeDeployments[0].contactOverdue).toBe(true);
    expect(at16.areasOfConcern).toEqual([
      {
        schoolUrn: '100001',
        schoolName: 'School 100001',
        reasons: ['Deployment dep-n had no contact for 16 school days since it started on 2026-02-02'],
      },
    ]);
  });

  it('counts 16 school days from the last contact the same way', () => {
    const views = foldViews(recorded([...started, ev.contact('dep-n', '2026-02-09', { status: 'at-risk' })]));
    const at15 = halfTermReport(views, { academicYear: '2025-26', halfTerm: 'spring-2', today: '2026-03-09' });
    expect(at15.activeDeployments[0]).toMatchObject({
      lastContactOn: '2026-02-09',
      latestStatus: 'at-risk',
      contactOverdue: false,
    });
    expect(at15.areasOfConcern).toEqual([
      {
        schoolUrn: '100001',
        schoolName: 'School 100001',
        reasons: ['Deployment dep-n was at risk at its latest contact on 2026-02-09'],
      },
    ]);
    const at16 = halfTermReport(views, { academicYear: '2025-26', halfTerm: 'spring-2', today: '2026-03-10' });
    expect(at16.activeDeployments[0].contactOverdue).toBe(true);
  });
});

describe("a report's parts, school by school", () => {
  const after = foldViews(recorded([...baseEvents(), ev.requested('dep-e', '100005', '2025-12-02')]));

  it('sums the parts of one local authority into its own report', () => {
    const period = halfTermPeriod({
      academicYear: '2025-26',
      halfTerm: 'autumn-2',
      today: '2026-03-02',
      calendar: CONTIGUOUS,
    });
    const parts = halfTermParts(after, period, { schoolUrns: ['100003', '100005'] });
    expect(parts.map((p) => p.schoolUrn)).toEqual(['100003', '100005']);
    const whole = combineHalfTermReport(after, period, halfTermParts(after, period, {}));
    const two = combineHalfTermReport(after, period, parts);
    expect(two.activeDeployments).toEqual(
      whole.activeDeployments.filter((d) => ['100003', '100005'].includes(d.schoolUrn)),
    );
  });
});
