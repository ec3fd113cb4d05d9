import type { IsoDate, ReminderKind } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import { daysBetween, schoolDaysUntil, type HalfTermBounds } from '../calendar/academic-calendar.js';
import { plural } from '../shared/words.js';

export interface ReminderSettings {
  today: IsoDate;
  /** A deployed deployment with no contact for more than this many days is overdue a contact. */
  contactOverdueDays: number;
  /** Evaluation is due once the agreed end date is this close, or has passed. */
  evaluationDueWithinDays: number;
  brokerageTargetSchoolDays: number;
  calendar: HalfTermBounds[];
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
 * Everything due today. Each reminder's id names its occasion, so finding it due again tomorrow raises
 * nothing new, while a new occasion (contact resumed then lapsed again, an extension moving the end date)
 * raises a new one.
 */
export function dueReminders(views: AllianceViews, settings: ReminderSettings): DueReminder[] {
  const due: DueReminder[] = [];
  const schoolDaysSince = schoolDaysUntil(settings.today, settings.calendar);
  for (const d of views.deployments.values()) {
    const school = views.schools.get(d.schoolUrn)?.name ?? d.schoolUrn;
    if (d.status === 'deployed' && d.startedOn) {
      const since = d.contacts.at(-1)?.on ?? d.startedOn;
      const quiet = daysBetween(since, settings.today);
      if (quiet > settings.contactOverdueDays) {
        due.push({
          reminderId: `contact-overdue-${d.deploymentId}-${since}`,
          kind: 'contact-overdue',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: d.sleId,
          subject: `Contact overdue: ${d.specialism} support at ${school}`,
          body: `There has been no contact for ${plural(quiet, 'day')} (since ${since}). Please get in touch with the school and log the contact.`,
        });
      }
      const left = daysBetween(settings.today, d.endDate!);
      if (left <= settings.evaluationDueWithinDays) {
        due.push({
          reminderId: `evaluation-due-${d.deploymentId}-${d.endDate}`,
          kind: 'evaluation-due',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: d.sleId,
          subject: `Evaluation ${left < 0 ? 'overdue' : 'due'}: ${d.specialism} support at ${school}`,
          body:
            left < 0
              ? `The agreed end date, ${d.endDate}, passed ${plural(-left, 'day')} ago with no evaluation. Please arrange the impact evaluation meeting.`
              : `The agreed end date is ${d.endDate}, in ${plural(left, 'day')}. Please arrange the impact evaluation meeting with the school and the SLE.`,
        });
      }
    }
    if (d.status === 'requested') {
      const waited = schoolDaysSince(d.requestedOn);
      if (waited > settings.brokerageTargetSchoolDays) {
        due.push({
          reminderId: `brokerage-waiting-${d.deploymentId}`,
          kind: 'brokerage-waiting',
          deploymentId: d.deploymentId,
          schoolUrn: d.schoolUrn,
          sleId: null,
          subject: `Request waiting: ${d.specialism} support for ${school}`,
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
