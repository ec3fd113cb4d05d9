import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { commissionedDaysInYear, sleCapacity, sleUtilisation } from './sle-view.js';

describe('an SLE in an academic year', () => {
  // sle-1: dep-a (5 days, contacts in 2025-26) and dep-b (4 days, cancelled after one day); sle-2's dep-c is not theirs.
  const views = foldViews(
    recorded([
      ev.schoolRegistered('100001'),
      ev.schoolRegistered('100002'),
      ev.sleDesignated('sle-1', '100002', { capacityDays: 12 }),
      ev.sleDesignated('sle-2', '100002', { name: 'Alex Other', email: 'alex@school.test' }),
      ev.requested('dep-a', '100001', '2025-09-08'),
      ev.meeting('dep-a', 'sle-1', '2025-09-15', {
        startDate: '2025-09-22',
        endDate: '2025-12-19',
        daysCommissioned: 5,
      }),
      ev.deployed('dep-a', '2025-09-22'),
      ev.contact('dep-a', '2025-10-06', { daysUsed: 1 }),
      ev.contact('dep-a', '2025-11-03', { daysUsed: 0.5 }),
      ev.requested('dep-b', '100001', '2025-09-10'),
      ev.meeting('dep-b', 'sle-1', '2025-09-17', {
        startDate: '2025-10-01',
        endDate: '2026-03-31',
        daysCommissioned: 4,
      }),
      ev.deployed('dep-b', '2025-10-01'),
      ev.contact('dep-b', '2025-10-08', { daysUsed: 1 }),
      ev.cancelled('dep-b', '2025-10-20', 'The head teacher left'),
      ev.requested('dep-c', '100001', '2025-09-12'),
      ev.meeting('dep-c', 'sle-2', '2025-09-19', {
        startDate: '2025-10-01',
        endDate: '2026-03-31',
        daysCommissioned: 6,
      }),
    ]),
  );
  const sle = views.sles.get('sle-1')!;
  const deployments = [...views.deployments.values()];

  it('counts the days commissioned (a cancelled deployment only what it used) and delivered', () => {
    expect(sleUtilisation(sle, deployments, '2025-26')).toEqual({
      academicYear: '2025-26',
      capacityDays: 12,
      commissionedDays: 6,
      deliveredDays: 2.5,
      remainingDays: 6,
    });
    expect(sleUtilisation(sle, deployments, '2024-25')).toMatchObject({
      commissionedDays: 0,
      deliveredDays: 0,
      remainingDays: 12,
    });
  });

  it('gives the same capacity without reading the days delivered', () => {
    for (const year of ['2024-25', '2025-26']) {
      const { deliveredDays: _delivered, ...capacity } = sleUtilisation(sle, deployments, year);
      expect(sleCapacity(sle, deployments, year)).toEqual(capacity);
      expect(commissionedDaysInYear('sle-1', deployments, year)).toBe(capacity.commissionedDays);
    }
  });
});
