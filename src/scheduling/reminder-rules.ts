import type { IsoDate, ReminderKind } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import { lookupOf } from '../../projections/deployment-lookup.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { daysBetween, schoolDaysUntil, type TermCalendar } from '../calendar/academic-calendar.js';
import { plural, wordsOf } from '../shared/words.js';

export interface ReminderSettings {
  today: IsoDate;
  /** A deployed deployment with no contact for more than this many school days is overdue a contact. */
  contactOverdueDays: number;
  /** Evaluation is due once the agreed end date is this close, or has passed. */
  evaluationDueWithinDays: number;
  brokerageTargetSchoolDays: number;
  calendar: TermCalendar;
}

export interface DueReminder {
  /** Stable for one occasion: the same gap in contact, the same end date, the same waiting request. */
  reminderId: string;
  kind: ReminderKind;
  deploymentId: string;
  schoolUrn: string;
  sleId: string | null;
  subject: string;
  body: string;
}

/**
 * Everything due today that `alreadyRaised` does not name. Each reminder's id names its occasion, so finding it
 * due again tomorrow raises nothing new, while a new occasion (contact resumed then lapsed again, an extension
 * moving the end date) raises a new one. Only deployments under way and requests waiting can be due anything:
 * views with an index (`ReadModels`) give those from it rather than from a pass over every deployment, and
 * nothing is written for a reminder already raised (the scan runs every minute, and at a national network's size
 * nearly everything it finds due was raised before).
 */
export function dueReminders(
  views: AllianceViews,
  settings: ReminderSettings,
  alreadyRaised: (reminderId: string) => boolean = () => false,
): DueReminder[] {
  const due: DueReminder[] = [];
  const schoolDaysSince = schoolDaysUntil(settings.today, settings.calendar);
  // Named only in what is written: most of what a scan finds due was raised before.
  const schoolOf = (d: DeploymentFacts) => views.schools.get(d.schoolUrn)?.name ?? d.schoolUrn;
  // Each school counts by its local authority's term dates where the alliance defined some for it.
  const authorityOf = (d: DeploymentFacts) => views.schools.get(d.schoolUrn)?.localAuthority;
  const lookup = lookupOf(views);
  const candidates: Iterable<DeploymentFacts> = lookup
    ? [...lookup.deploymentsUnderWay(), ...lookup.requestsWaiting()]
    : views.deployments.values();
  for (const d of candidates) {
    if (d.status === 'deployed' && d.startedOn) {
      const since = d.contacts.at(-1)?.on ?? d.startedOn;
      const quiet = schoolDaysSince(since, authorityOf(d));
      const contactOverdue = `contact-overdue-${d.deploymentId}-${since}`;
      if (quiet > settings.contactOverdueDays && !alreadyRaised(contactOverdue)) {
        due.push({
          reminderId: contactOverdue,
          kind: 'contact-overdue',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: d.sleId,
          subject: `Contact overdue: ${wordsOf(d.specialism)} support at ${schoolOf(d)}`,
          body: `There has been no contact for ${plural(quiet, 'school day')} (since ${since}). Please get in touch with the school and log the contact.`,
        });
      }
      const left = daysBetween(settings.today, d.endDate!);
      const evaluationDue = `evaluation-due-${d.deploymentId}-${d.endDate}`;
      if (left <= settings.evaluationDueWithinDays && !alreadyRaised(evaluationDue)) {
        due.push({
          reminderId: evaluationDue,
          kind: 'evaluation-due',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: d.sleId,
          subject: `Evaluation ${left < 0 ? 'overdue' : 'due'}: ${wordsOf(d.specialism)} support at ${schoolOf(d)}`,
          body:
            left < 0
              ? `The agreed end date, ${d.endDate}, passed ${plural(-left, 'day')} ago with no evaluation. Please arrange the impact evaluation meeting.`
              : `The agreed end date is ${d.endDate}, in ${plural(left, 'day')}. Please arrange the impact evaluation meeting with the school and the SLE.`,
        });
      }
    }
    if (d.status === 'requested') {
      const brokerageWaiting = `brokerage-waiting-${d.deploymentId}`;
      if (alreadyRaised(brokerageWaiting)) continue;
      const waited = schoolDaysSince(d.requestedOn, authorityOf(d));
      if (waited > settings.brokerageTargetSchoolDays) {
        due.push({
          reminderId: brokerageWaiting,
          kind: 'brokerage-waiting',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: null,
          subject: `Request waiting: ${wordsOf(d.specialism)} support for ${schoolOf(d)}`,
          body: `This request has waited ${plural(waited, 'school day')} for a brokerage meeting, beyond the target of ${settings.brokerageTargetSchoolDays}.`,
        });
      }
    }
  }
  return due.sort((a, b) => a.reminderId.localeCompare(b.reminderId));
}

/** Who is told: facilitators always; the SLE and the school's users where the reminder concerns them. */
export const AUDIENCE: Record<ReminderKind, { sle: boolean; school: boolean }> = {
  'contact-overdue': { sle: true, school: false },
  'evaluation-due': { sle: true, school: true },
  'brokerage-waiting': { sle: false, school: false },
};
