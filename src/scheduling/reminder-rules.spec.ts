import { foldViews } from '../../projections/alliance-views.js';
import { ev, recorded } from '../../test/support/event-builders.js';
import { DEFAULT_HALF_TERMS } from '../calendar/academic-calendar.js';
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

const due = (today: string, events = base) =>
  dueReminders(foldViews(recorded(events)), {
    today,
    contactOverdueDays: 21,
    evaluationDueWithinDays: 14,
    brokerageTargetSchoolDays: 10,
    calendar: DEFAULT_HALF_TERMS,
  }).map((r) => r.reminderId);

describe('dueReminders', () => {
  it('finds a contact overdue only after more than 21 days without one', () => {
    expect(due('2025-10-22')).toEqual([]);
    expect(due('2025-10-23')).toEqual(['contact-overdue-d1-2025-10-01']);
  });

  it('names each gap in contact once: a new contact ends it, a new lapse is a new reminder', () => {
    const resumed = [...base, ev.contact('d1', '2025-10-25')];
    expect(due('2025-11-10', resumed)).toEqual([]);
    expect(due('2025-11-20', resumed)).toEqual(['contact-overdue-d1-2025-10-25']);
  });

  it('counts from the start when there has been no contact', () => {
    expect(due('2025-10-07', base.slice(0, 6))).toEqual(['contact-overdue-d1-2025-09-15']);
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
      calendar: DEFAULT_HALF_TERMS,
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
    ['2025-11-01', '2025-26', 'autumn-1'],
    ['2025-10-31', '2024-25', 'summer-2'],
    ['2026-01-01', '2025-26', 'autumn-2'],
    ['2026-09-01', '2025-26', 'summer-2'],
  ])('on %s is %s %s', (today, academicYear, halfTerm) => {
    expect(lastEndedHalfTerm(today, DEFAULT_HALF_TERMS)).toEqual({ academicYear, halfTerm });
  });
});
