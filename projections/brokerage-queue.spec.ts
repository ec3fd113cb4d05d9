import { foldViews } from './alliance-views.js';
import { ev, recorded } from '../test/support/event-builders.js';
import { TYPICAL_CALENDAR, typicalTermDates, type TermCalendar } from '../src/calendar/academic-calendar.js';
import { brokerageQueue } from './brokerage-queue.js';
import { historiesFrom, holdingAmong } from './match-score.js';

const history = [
  ev.schoolRegistered('100001', 'Pioneer Primary'),
  ev.schoolRegistered('100002', 'Vale Secondary', { phase: 'secondary' }),
  ev.schoolRegistered('100003', 'Home Primary'),
  ev.sleDesignated('s1', '100003'),
  ev.requested('r-science', '100002', '2025-10-15', { specialism: 'science' }),
  ev.requested('r-maths', '100001', '2025-09-29'),
  ev.requested('r-brokered', '100001', '2025-09-01'),
  ev.meeting('r-brokered', 's1', '2025-09-10'),
  ev.requested('r-cancelled', '100001', '2025-09-02'),
  {
    type: 'DeploymentCancelled' as const,
    data: {
      deploymentId: 'r-cancelled',
      on: '2025-09-05',
      reason: 'Head left',
      statusWhenCancelled: 'requested' as const,
    },
  },
];

const queueOf = (today: string, calendar: TermCalendar = TYPICAL_CALENDAR, events = history) => {
  const views = foldViews(recorded(events));
  return brokerageQueue(
    views,
    { slesHolding: holdingAmong(views.sles.values()), historyOf: historiesFrom(views.deployments.values()) },
    { today, academicYear: '2025-26', calendar, targetSchoolDays: 10 },
  );
};

describe('brokerageQueue, from events alone', () => {
  it('lists requests not yet brokered, oldest first, with age in school days, eligible SLEs and the target flag', () => {
    expect(queueOf('2025-10-20')).toEqual([
      {
        deploymentId: 'r-maths',
        schoolUrn: '100001',
        schoolName: 'Pioneer Primary',
        specialism: 'maths-primary',
        areaOfNeed: 'Reasoning in KS2 maths',
        source: 'self-referral',
        requestedOn: '2025-09-29',
        ageSchoolDays: 15,
        eligibleSles: 1,
        overTarget: true,
      },
      expect.objectContaining({ deploymentId: 'r-science', ageSchoolDays: 3, eligibleSles: 0, overTarget: false }),
    ]);
  });

  it('flags a request only once it has waited longer than the target', () => {
    // 29 Sep to 13 Oct is exactly 10 school days; 14 Oct is the 11th.
    expect(queueOf('2025-10-13')[0]).toMatchObject({ ageSchoolDays: 10, overTarget: false });
    expect(queueOf('2025-10-14')[0]).toMatchObject({ ageSchoolDays: 11, overTarget: true });
  });

  it("leaves out the holidays of the alliance's term dates", () => {
    const holidayWeekEarlier = typicalTermDates('2025-26').map((h) =>
      h.halfTerm === 'autumn-1'
        ? { ...h, to: '2025-10-17' }
        : h.halfTerm === 'autumn-2'
          ? { ...h, from: '2025-10-27' }
          : h,
    );
    const withHalfTermHoliday: TermCalendar = { defined: new Map([['2025-26', holidayWeekEarlier]]) };
    // 16, 17 Oct, then the holiday, then 27 and 28 Oct.
    expect(queueOf('2025-10-28', withHalfTermHoliday).find((r) => r.deploymentId === 'r-science')?.ageSchoolDays).toBe(
      4,
    );
  });

  it('counts an SLE whose days are all commissioned as not eligible', () => {
    // s1 can give 30 days; r-brokered took 5 and r-big takes the other 25.
    const full = [
      ...history,
      ev.requested('r-big', '100001', '2025-09-03'),
      ev.meeting('r-big', 's1', '2025-09-12', { daysCommissioned: 25 }),
    ];
    expect(queueOf('2025-10-20', TYPICAL_CALENDAR, full).find((r) => r.deploymentId === 'r-maths')?.eligibleSles).toBe(
      0,
    );
  });
});
