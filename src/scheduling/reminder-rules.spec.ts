import { foldViews } from '../../projections/alliance-views.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { TYPICAL_CALENDAR, typicalTermDates, type TermCalendar } from '../calendar/academic-calendar.js';
import { dueReminders } from './reminder-rules.js';
import { lastEndedHalfTerm } from './reminder.service.js';

const base = [
  ev.schoolRegistered('100001', 'Pioneer Primary'),
  ev.schoolRegistered('100003', 'Home Primary'),
  ev.sleDesignated('s1', '100003'),
  ev.requested('d1', '100001', '2025-09-01'),
  ev.meeting('d1', 's1', '2025-09-08', { startDate: '2025-09-15', endDate: '2026-03-31' }),
  ev.deployed('d1', '2025-09-15'),
  ev.contact('d1', '2025-10-01'),
];

const due = (today: string, events = base, calendar: TermCalendar = TYPICAL_CALENDAR) =>
  dueReminders(foldViews(recorded(events)), {
    today,
    contactOverdueDays: 21,
    evaluationDueWithinDays: 14,
    brokerageTargetSchoolDays: 10,
    calendar,
  }).map((r) => r.reminderId);

describe('dueReminders', () => {
  it('finds a contact overdue only after more than 21 school days without one, the half-term holiday not counted', () => {
    // 17 school days to the October half term (27-31 October), then 3-6 November.
    expect(due('2025-11-06')).toEqual([]);
    expect(due('2025-11-07')).toEqual(['contact-overdue-d1-2025-10-01']);
  });

  const LOCAL_AUTHORITY = 'Leeds';
  const summer = [
    ev.schoolRegistered('100001', 'Pioneer Primary', { localAuthority: LOCAL_AUTHORITY }),
    ...base.slice(1, 4),
    ev.meeting('d1', 's1', '2025-05-01', { startDate: '2025-05-06', endDate: '2025-12-19' }),
    ev.deployed('d1', '2025-05-06'),
    ev.contact('d1', '2025-07-18'),
  ];

  it('raises no contact reminder over the summer holiday', () => {
    // 48 days, but 4 school days: 21 and 22 July, 3 and 4 September (a typical year's dates).
    expect(due('2025-09-04', summer)).toEqual([]);
    // The 21st school day since is 29 September, the 22nd 30 September.
    expect(due('2025-09-29', summer)).toEqual([]);
    expect(due('2025-09-30', summer)).toEqual(['contact-overdue-d1-2025-07-18']);
  });

  it("counts by the alliance's term dates for the year, and a local authority's own where it has them", () => {
    const startingOn = (from: string) =>
      typicalTermDates('2025-26').map((h) => (h.halfTerm === 'autumn-1' ? { ...h, from } : h));
    // The alliance starts on Monday 1 September: 2 July days, then the 20th September day is the 26th.
    const alliance: TermCalendar = { defined: new Map([['2025-26', startingOn('2025-09-01')]]) };
    expect(due('2025-09-25', summer, alliance)).toEqual([]);
    expect(due('2025-09-26', summer, alliance)).toEqual(['contact-overdue-d1-2025-07-18']);
    // The school's local authority starts on 15 September: 17 school days by 3 October.
    const authority: TermCalendar = {
      defined: new Map([
        ['2025-26', startingOn('2025-09-01')],
        [`2025-26/${LOCAL_AUTHORITY}`, startingOn('2025-09-15')],
      ]),
    };
    expect(due('2025-10-03', summer, authority)).toEqual([]);
  });

  it('names each gap in contact once: a new contact ends it, a new lapse is a new reminder', () => {
    const resumed = [...base, ev.contact('d1', '2025-10-25')];
    expect(due('2025-12-01', resumed)).toEqual([]);
    expect(due('2025-12-02', resumed)).toEqual(['contact-overdue-d1-2025-10-25']);
  });

  it('counts from the start when there has been no contact', () => {
    expect(due('2025-10-14', base.slice(0, 6))).toEqual([]);
    expect(due('2025-10-15', base.slice(0, 6))).toEqual(['contact-overdue-d1-2025-09-15']);
  });

  it('finds the evaluation due 14 days before the end date, and again for a new end date after an extension', () => {
    const recent = [...base, ev.contact('d1', '2026-03-10')];
    expect(due('2026-03-16', recent)).toEqual([]);
    expect(due('2026-03-17', recent)).toEqual(['evaluation-due-d1-2026-03-31']);
    const extended = [
      ...recent,
      {
        type: 'DeploymentExtended' as const,
        data: { deploymentId: 'd1', on: '2026-03-20', additionalDays: 2, newEndDate: '2026-05-22', focus: 'Fluency' },
      },
    ];
    expect(due('2026-03-25', extended)).toEqual([]);
    expect(due('2026-05-08', [...extended, ev.contact('d1', '2026-05-01')])).toEqual(['evaluation-due-d1-2026-05-22']);
  });

  it('says the evaluation is overdue once the end date has passed', () => {
    const views = foldViews(recorded([...base, ev.contact('d1', '2026-04-01')]));
    const [reminder] = dueReminders(views, {
      today: '2026-04-03',
      contactOverdueDays: 21,
      evaluationDueWithinDays: 14,
      brokerageTargetSchoolDays: 10,
      calendar: TYPICAL_CALENDAR,
    });
    expect(reminder.subject).toBe('Evaluation overdue: maths primary support at Pioneer Primary');
    expect(reminder.body).toMatch(/passed 3 days ago/);
  });

  it('finds a request waiting beyond the target, and nothing for evaluated or cancelled work', () => {
    const waiting = [...base, ev.requested('d2', '100001', '2025-09-29')];
    expect(due('2025-10-13', waiting)).toEqual([]);
    expect(due('2025-10-14', waiting)).toEqual(['brokerage-waiting-d2']);
    const cancelled = [
      ...waiting,
      {
        type: 'DeploymentCancelled' as const,
        data: { deploymentId: 'd2', on: '2025-10-02', reason: 'x', statusWhenCancelled: 'requested' as const },
      },
    ];
    expect(due('2025-10-14', cancelled)).toEqual([]);
    const evaluated = [
      ...base,
      {
        type: 'ImpactEvaluated' as const,
        data: { deploymentId: 'd1', heldOn: '2025-10-05', outcomes: [], schoolRating: 4, summary: 's' },
      },
    ];
    expect(due('2026-06-01', evaluated)).toEqual([]);
  });
});

describe('lastEndedHalfTerm', () => {
  it.each([
    ['2025-10-25', '2025-26', 'autumn-1'],
    ['2025-10-24', '2024-25', 'summer-2'],
    ['2025-12-20', '2025-26', 'autumn-2'],
    ['2026-07-23', '2025-26', 'summer-2'],
    ['2026-09-01', '2025-26', 'summer-2'],
  ])('on %s is %s %s', (today, academicYear, halfTerm) => {
    expect(lastEndedHalfTerm(today, TYPICAL_CALENDAR)).toEqual({ academicYear, halfTerm });
  });
});
