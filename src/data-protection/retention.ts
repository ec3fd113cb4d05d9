import { dataSubject, type DataSubjectId, type IsoDate } from '../../events/index.js';

/** Years after a deployment's evaluation when its notes, and its meeting's attendees' names, are erased; null keeps them. */
export interface RetentionRule {
  contactNotesYears: number | null;
  attendeeNamesYears: number | null;
}

export interface RetentionDue {
  deploymentId: string;
  subjects: DataSubjectId[];
  reason: string;
}

/** The day `years` years after `date` (29 February moves to 1 March in a common year, by string order). */
export const yearsAfter = (date: IsoDate, years: number): IsoDate =>
  `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

/**
 * What retention erases by `today`: for each evaluated deployment, its notes (contact notes and the
 * evaluation's summary) `contactNotesYears` after the evaluation, and its attendees' names `attendeeNamesYears`
 * after it. Pure; the subjects already erased are for the caller to leave out.
 */
export function dueForRetention(
  deployments: Iterable<{ deploymentId: string; evaluation: { heldOn: IsoDate } | null }>,
  rule: RetentionRule,
  today: IsoDate,
): RetentionDue[] {
  const due: RetentionDue[] = [];
  for (const { deploymentId, evaluation } of deployments) {
    if (!evaluation) continue;
    const parts: { subject: DataSubjectId; what: string }[] = [];
    const { contactNotesYears: notes, attendeeNamesYears: attendees } = rule;
    if (notes !== null && yearsAfter(evaluation.heldOn, notes) <= today)
      parts.push({ subject: dataSubject('notes', deploymentId), what: `contact notes and summary (${notes} years)` });
    if (attendees !== null && yearsAfter(evaluation.heldOn, attendees) <= today)
      parts.push({ subject: dataSubject('attendees', deploymentId), what: `attendees' names (${attendees} years)` });
    if (parts.length)
      due.push({
        deploymentId,
        subjects: parts.map((p) => p.subject),
        reason: `Retention after the evaluation of ${evaluation.heldOn}: ${parts.map((p) => p.what).join(', ')}`,
      });
  }
  return due;
}
