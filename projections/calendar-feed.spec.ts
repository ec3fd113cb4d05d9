import { ev, recorded } from '../test/support/event-builders.js';
import { foldViews } from './alliance-views.js';
import { calendarEntries } from './calendar-feed.js';

describe('calendar feed entries', () => {
  const events = recorded([
    ev.schoolRegistered('100001', 'Ash Primary'),
    ev.requested('d-1', '100001', '2025-09-08'),
    ev.meeting('d-1', 'sle-1', '2025-09-15', { startDate: '2025-09-22', endDate: '2026-02-13' }),
    ev.deployed('d-1', '2025-09-22'),
    ev.contact('d-1', '2025-10-06', { channel: 'visit' }),
    ev.contact('d-1', '2025-11-03', { channel: 'phone' }),
    ev.requested('d-2', '100001', '2025-10-01'),
    ev.cancelled('d-2', '2025-10-10', 'Sent twice', 'requested'),
  ]);
  const views = foldViews(events);
  const entries = (from = '2025-01-01') =>
    calendarEntries(views, {
      deployments: views.deployments.values(),
      reviews: false,
      evaluationDueWithinDays: 14,
      from,
    });

  it('lists the meeting, each contact, the agreed end and the day evaluation falls due, by day', () => {
    expect(entries().map((e) => [e.on, e.summary])).toEqual([
      ['2025-09-15', 'Brokerage meeting: maths-primary support at Ash Primary'],
      ['2025-10-06', 'Visit: maths-primary support at Ash Primary'],
      ['2025-11-03', 'Phone call: maths-primary support at Ash Primary'],
      ['2026-01-30', 'Evaluation due: maths-primary support at Ash Primary'],
      ['2026-02-13', 'Agreed end: maths-primary support at Ash Primary'],
    ]);
    expect(new Set(entries().map((e) => e.uid)).size).toBe(5);
    expect(entries().every((e) => e.deploymentId === 'd-1')).toBe(true);
  });

  it('leaves out what falls before `from`, and a cancelled request has no dates', () => {
    expect(entries('2025-11-01').map((e) => e.on)).toEqual(['2025-11-03', '2026-01-30', '2026-02-13']);
  });
});
