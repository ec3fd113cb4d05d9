import { foldViews } from './alliance-views.js';
import { ev, recorded } from '../test/support/event-builders.js';
import { TYPICAL_CALENDAR } from '../src/calendar/academic-calendar.js';
import { historiesFrom } from './match-score.js';
import { needsAnalysis } from './needs-analysis.js';

const history = [
  ev.schoolRegistered('100001', 'Pioneer Primary'),
  ev.schoolRegistered('100003', 'Home Primary'),
  ev.schoolRegistered('100004', 'Home Secondary', { phase: 'secondary' }),
  ev.sleDesignated('s1', '100003', { capacityDays: 10 }),
  ev.sleDesignated('s2', '100004', { specialisms: ['science'], phases: ['secondary'], capacityDays: 20 }),
  ev.requested('d1', '100001', '2025-09-15'),
  ev.meeting('d1', 's1', '2025-09-20', { startDate: '2025-09-22', daysCommissioned: 8 }),
  ev.requested('d2', '100001', '2025-10-01'),
  ev.requested('d3', '100001', '2025-11-03', { specialism: 'phonics' }),
  ev.requested('d-last-year', '100001', '2025-06-02'),
];

const analyse = (events = history, academicYear = '2025-26') => {
  const views = foldViews(recorded(events));
  return needsAnalysis(views, historiesFrom(views.deployments.values()), {
    academicYear,
    today: '2026-03-01',
    calendar: TYPICAL_CALENDAR,
    targetSchoolDays: 10,
  });
};

describe('needsAnalysis, from events alone', () => {
  it('sets demand against supply per specialism and phase, and says where to designate more', () => {
    expect(analyse()).toEqual([
      {
        specialism: 'maths-primary',
        phase: 'primary',
        demand: {
          requestsReceived: 2,
          daysCommissioned: 8,
          requestsWaitedTooLong: 1,
          requestsWithNoEligibleSle: 0,
          requestsUnmet: 1,
        },
        supply: { designatedSles: 1, capacityDays: 10, remainingDays: 2, unusedSles: 0 },
        demandDays: 16,
        recommendation: {
          action: 'designate-more',
          count: 1,
          text: 'Designate 1 more maths primary SLE for primary schools: 16 days asked of primary maths primary in 2025-26 against 10 days of capacity; 1 request waited longer than the target.',
        },
      },
      {
        specialism: 'phonics',
        phase: 'primary',
        demand: {
          requestsReceived: 1,
          daysCommissioned: 0,
          requestsWaitedTooLong: 1,
          requestsWithNoEligibleSle: 1,
          requestsUnmet: 1,
        },
        supply: { designatedSles: 0, capacityDays: 0, remainingDays: 0, unusedSles: 0 },
        demandDays: 5,
        recommendation: {
          action: 'designate-more',
          count: 1,
          text: 'Designate 1 more phonics SLE for primary schools: 5 days asked of primary phonics in 2025-26 against 0 days of capacity; 1 request found no eligible SLE; 1 request waited longer than the target.',
        },
      },
      {
        specialism: 'science',
        phase: 'secondary',
        demand: {
          requestsReceived: 0,
          daysCommissioned: 0,
          requestsWaitedTooLong: 0,
          requestsWithNoEligibleSle: 0,
          requestsUnmet: 0,
        },
        supply: { designatedSles: 1, capacityDays: 20, remainingDays: 20, unusedSles: 1 },
        demandDays: 0,
        recommendation: {
          action: 'review-unused',
          count: 1,
          text: '1 designated science SLE for secondary schools had no requests or days commissioned in 2025-26: review the designation or offer them to schools.',
        },
      },
    ]);
  });

  it('recommends enough SLEs to cover the shortfall at the average capacity', () => {
    const busy = [...history];
    for (let i = 0; i < 6; i++) busy.push(ev.requested(`w${i}`, '100001', '2025-09-08'));
    const [maths] = analyse(busy);
    // 8 commissioned + 7 unmet x 8 usual days = 64 against 10: shortfall 56 at 0.8 x 15 days per SLE = 5 more
    expect(maths).toMatchObject({ demandDays: 64, recommendation: { action: 'designate-more', count: 5 } });
  });

  it('finds nothing to do where supply meets demand, and counts another year on its own', () => {
    const quiet = analyse(history, '2024-25');
    expect(quiet.find((r) => r.specialism === 'maths-primary')).toMatchObject({
      demand: { requestsReceived: 1, requestsUnmet: 1, requestsWithNoEligibleSle: 0 },
      recommendation: { action: 'none' },
    });
  });
});
