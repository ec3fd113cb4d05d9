import type { IsoDate } from '../events/index.js';
import type { AllianceViews } from './alliance-views.js';
import type { DeploymentView } from './deployment-view.js';

const CONTACT_LABELS: Record<string, string> = {
  visit: 'Visit',
  phone: 'Phone call',
  email: 'Email',
  meeting: 'Meeting',
};

const daysBefore = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** One all-day entry of a person's calendar feed. */
export interface CalendarEntry {
  /** Stable across feeds, so that a calendar updates an entry rather than adding another. */
  uid: string;
  on: IsoDate;
  summary: string;
  description: string;
  /** The deployment it belongs to, for a link back; absent for a half-term review. */
  deploymentId?: string;
}

export interface CalendarFeedOptions {
  /** The deployments the person may see (their own school's, their own as an SLE, or every one for staff). */
  deployments: Iterable<DeploymentView>;
  /** Whether the half-term reviews belong in the feed (the staff's, not a school's or an SLE's). */
  reviews: boolean;
  /** Evaluation falls due this many days before the agreed end date (as the reminders have it). */
  evaluationDueWithinDays: number;
  /** Entries before this day are left out, so that a feed stays small as years pass. */
  from: IsoDate;
}

/**
 * What a person's calendar shows: visits and other contacts, brokerage meetings, agreed end dates, the day an
 * evaluation falls due (or the evaluation held), and the half-term reviews for the staff. Pure; sorted by day,
 * then uid.
 */
export function calendarEntries(views: AllianceViews, options: CalendarFeedOptions): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const schoolName = (urn: string) => views.schools.get(urn)?.name ?? `School ${urn}`;
  const sleName = (id: string | null) => (id ? (views.sles.get(id)?.name ?? 'the SLE') : 'the SLE');
  for (const d of options.deployments) {
    const what = `${d.specialism} support at ${schoolName(d.schoolUrn)}`;
    const add = (kind: string, on: IsoDate, summary: string, description: string) =>
      entries.push({ uid: `${kind}-${d.deploymentId}`, on, summary, description, deploymentId: d.deploymentId });
    if (d.brokerageMeeting)
      add(
        'brokerage-meeting',
        d.brokerageMeeting.heldOn,
        `Brokerage meeting: ${what}`,
        `Attendees: ${d.brokerageMeeting.attendees.map((a) => `${a.name} (${a.role})`).join(', ')}`,
      );
    d.contacts.forEach((c, i) =>
      add(
        `contact-${i}`,
        c.on,
        `${CONTACT_LABELS[c.channel] ?? 'Contact'}: ${what}`,
        `With ${sleName(d.sleId)}; ${c.daysUsed} days used; progress ${c.status.replace('-', ' ')}. ${c.note}`.trim(),
      ),
    );
    if (d.status === 'cancelled' || !d.endDate) continue;
    add('end', d.endDate, `Agreed end: ${what}`, `The support agreed with ${sleName(d.sleId)} ends on this day.`);
    if (d.evaluation) add('evaluation', d.evaluation.heldOn, `Impact evaluated: ${what}`, d.evaluation.summary);
    else if (d.status === 'deployed')
      add(
        'evaluation-due',
        daysBefore(d.endDate, options.evaluationDueWithinDays),
        `Evaluation due: ${what}`,
        `Arrange the impact evaluation meeting before the agreed end on ${d.endDate}.`,
      );
  }
  if (options.reviews)
    for (const r of views.reviews.values())
      entries.push({
        uid: `half-term-review-${r.academicYear}-${r.halfTerm}`,
        on: r.heldOn,
        summary: `Half-term review: ${r.halfTerm} ${r.academicYear}`,
        description: `Attendees: ${r.attendees.map((a) => a.name).join(', ')}. ${r.notes}`.trim(),
      });
  return entries
    .filter((e) => e.on >= options.from)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}
