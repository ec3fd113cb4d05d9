import type { IsoDate, OutcomeResult, ProgressStatus } from '../events/index.js';
import { academicYearBounds } from '../src/calendar/academic-calendar.js';
import type { DeploymentView } from './deployment-view.js';

/**
 * What the reads over many deployments at once take from each one (reports, matching, the needs analysis,
 * the reminder scan): its dates, days, status and outcomes, without the words, attendees and measures that
 * only a read of that one deployment shows. A view is itself a `DeploymentFacts`, so every rule written
 * against these gives the same answer from a view; `factsOf` copies them out so that the index can keep them
 * for every deployment while the views themselves stay in their store.
 */
export interface DeploymentFacts {
  readonly deploymentId: string;
  readonly schoolUrn: string;
  readonly sleId: string | null;
  readonly status: DeploymentView['status'];
  readonly programme: string;
  readonly specialism: string;
  readonly requestedOn: IsoDate;
  readonly brokerageMeeting: { readonly heldOn: IsoDate; readonly endDate: IsoDate } | null;
  readonly startedOn: IsoDate | null;
  readonly endDate: IsoDate | null;
  readonly daysCommissioned: number;
  readonly daysDelivered: number;
  /** In date order, as the view keeps them. */
  readonly contacts: readonly { readonly on: IsoDate; readonly daysUsed: number; readonly status: ProgressStatus }[];
  readonly extensions: readonly {
    readonly on: IsoDate;
    readonly additionalDays: number;
    readonly newEndDate: IsoDate;
  }[];
  readonly evaluation: {
    readonly heldOn: IsoDate;
    readonly outcomes: readonly { readonly result: OutcomeResult }[];
    readonly schoolRating: number;
  } | null;
  readonly cancellation: { readonly on: IsoDate } | null;
  readonly commissionedByYear: Readonly<Record<string, number>>;
  /** The stream revision the facts were taken at (the view's `version`). */
  readonly version: number;
}

/** The facts of a view, copied, so that holding them holds nothing else of the view. */
export function factsOf(v: DeploymentView): DeploymentFacts {
  return {
    deploymentId: v.deploymentId,
    schoolUrn: v.schoolUrn,
    sleId: v.sleId,
    status: v.status,
    programme: v.programme,
    specialism: v.specialism,
    requestedOn: v.requestedOn,
    brokerageMeeting: v.brokerageMeeting && { heldOn: v.brokerageMeeting.heldOn, endDate: v.brokerageMeeting.endDate },
    startedOn: v.startedOn,
    endDate: v.endDate,
    daysCommissioned: v.daysCommissioned,
    daysDelivered: v.daysDelivered,
    contacts: v.contacts.map(({ on, daysUsed, status }) => ({ on, daysUsed, status })),
    extensions: v.extensions.map(({ on, additionalDays, newEndDate }) => ({ on, additionalDays, newEndDate })),
    evaluation: v.evaluation && {
      heldOn: v.evaluation.heldOn,
      outcomes: v.evaluation.outcomes.map(({ result }) => ({ result })),
      schoolRating: v.evaluation.schoolRating,
    },
    cancellation: v.cancellation && { on: v.cancellation.on },
    commissionedByYear: v.commissionedByYear,
    version: v.version,
  };
}

/** Days delivered in an academic year, by the date of each contact. */
export function deliveredInYear(view: DeploymentFacts, academicYear: string): number {
  // Compared with the year's first and last days rather than naming each contact's year: matching runs this
  // over every contact of every SLE holding a specialism.
  const { from, to } = academicYearBounds(academicYear);
  let days = 0;
  for (const c of view.contacts) if (c.on >= from && c.on <= to) days += c.daysUsed;
  return days;
}
