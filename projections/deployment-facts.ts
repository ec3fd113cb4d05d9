import type { IsoDate, OutcomeResult, ProgressStatus } from '../events/index.js';
import { academicYearBounds } from '../src/calendar/academic-calendar.js';
import { oneCopyOfEach } from '../src/shared/one-copy.js';
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
  readonly specialism: string;
  readonly requestedOn: IsoDate;
  readonly brokerageMeeting: { readonly heldOn: IsoDate; readonly endDate: IsoDate } | null;
  readonly startedOn: IsoDate | null;
  readonly endDate: IsoDate | null;
  readonly daysCommissioned: number;
  readonly daysDelivered: number;
  /** In date order, as the view keeps them. */
  readonly contacts: readonly { readonly on: IsoDate; readonly daysUsed: number; readonly status: ProgressStatus }[];
  readonly extensions: readonly { readonly on: IsoDate; readonly additionalDays: number; readonly newEndDate: IsoDate }[];
  readonly evaluation: { readonly heldOn: IsoDate; readonly outcomes: readonly { readonly result: OutcomeResult }[]; readonly schoolRating: number } | null;
  readonly cancellation: { readonly on: IsoDate } | null;
  readonly commissionedByYear: Readonly<Record<string, number>>;
  /** The stream revision the facts were taken at (the view's `version`). */
  readonly version: number;
}

const NONE = Object.freeze([]) as readonly never[];

/** One outcome of each result, shared by every deployment's facts: the facts keep nothing else of an outcome. */
const OUTCOME: Readonly<Record<OutcomeResult, { readonly result: OutcomeResult }>> = {
  achieved: Object.freeze({ result: 'achieved' }),
  'partly-achieved': Object.freeze({ result: 'partly-achieved' }),
  'not-achieved': Object.freeze({ result: 'not-achieved' }),
};

/** The facts of a view, copied, so that holding them holds nothing else of the view. */
export function factsOf(v: DeploymentView): DeploymentFacts {
  return {
    deploymentId: v.deploymentId,
    schoolUrn: v.schoolUrn,
    sleId: v.sleId,
    status: v.status,
    specialism: v.specialism,
    requestedOn: v.requestedOn,
    brokerageMeeting: v.brokerageMeeting && { heldOn: v.brokerageMeeting.heldOn, endDate: v.brokerageMeeting.endDate },
    startedOn: v.startedOn,
    endDate: v.endDate,
    daysCommissioned: v.daysCommissioned,
    daysDelivered: v.daysDelivered,
    contacts: v.contacts.length ? v.contacts.map(({ on, daysUsed, status }) => ({ on, daysUsed, status })) : NONE,
    extensions: v.extensions.length ? v.extensions.map(({ on, additionalDays, newEndDate }) => ({ on, additionalDays, newEndDate })) : NONE,
    evaluation: v.evaluation && { heldOn: v.evaluation.heldOn, outcomes: v.evaluation.outcomes.map(({ result }) => OUTCOME[result]), schoolRating: v.evaluation.schoolRating },
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

/**
 * The facts as stored beside each view, by position rather than by name: about 280 bytes a deployment where
 * the named form took 730, read back in about half the time (a process reads every deployment's at start).
 * Contacts and extensions are laid end to end; the evaluation is its date, rating and each outcome's result.
 */
export type StoredFacts = [
  deploymentId: string,
  schoolUrn: string,
  sleId: string | null,
  status: DeploymentFacts['status'],
  specialism: string,
  requestedOn: IsoDate,
  meetingHeldOn: IsoDate | null,
  meetingEndDate: IsoDate | null,
  startedOn: IsoDate | null,
  endDate: IsoDate | null,
  daysCommissioned: number,
  daysDelivered: number,
  /** `on`, `daysUsed`, `status` of each contact. */
  contacts: (string | number)[],
  /** `on`, `additionalDays`, `newEndDate` of each extension. */
  extensions: (string | number)[],
  /** `heldOn`, `schoolRating`, then each outcome's `result`; null while not evaluated. */
  evaluation: (string | number)[] | null,
  cancelledOn: IsoDate | null,
  /** Academic year, days, for each year. */
  commissionedByYear: (string | number)[],
  version: number,
];

export function storedFacts(f: DeploymentFacts): StoredFacts {
  const contacts: (string | number)[] = [];
  for (const c of f.contacts) contacts.push(c.on, c.daysUsed, c.status);
  const extensions: (string | number)[] = [];
  for (const e of f.extensions) extensions.push(e.on, e.additionalDays, e.newEndDate);
  const byYear: (string | number)[] = [];
  for (const [year, days] of Object.entries(f.commissionedByYear)) byYear.push(year, days);
  const evaluation = f.evaluation && [f.evaluation.heldOn, f.evaluation.schoolRating, ...f.evaluation.outcomes.map((o) => o.result)];
  return [
    f.deploymentId,
    f.schoolUrn,
    f.sleId,
    f.status,
    f.specialism,
    f.requestedOn,
    f.brokerageMeeting?.heldOn ?? null,
    f.brokerageMeeting?.endDate ?? null,
    f.startedOn,
    f.endDate,
    f.daysCommissioned,
    f.daysDelivered,
    contacts,
    extensions,
    evaluation,
    f.cancellation?.on ?? null,
    byYear,
    f.version,
  ];
}

/**
 * Reads back the facts `storedFacts` stored, giving the deployments it reads one copy of what many of them
 * repeat: an SLE's id, a specialism, the days commissioned by year. Read back one by one, each would be a copy
 * of its own (a hundred thousand deployments at a national network's size).
 */
export function storedFactsReader(): (stored: StoredFacts) => DeploymentFacts {
  const same = oneCopyOfEach();
  const byYears = new Map<string, Readonly<Record<string, number>>>();
  return (stored) => factsFromStored(stored, same, byYears);
}

function factsFromStored(s: StoredFacts, same: (text: string) => string, byYears: Map<string, Readonly<Record<string, number>>>): DeploymentFacts {
  const [deploymentId, schoolUrn, sleId, status, specialism, requestedOn, heldOn, meetingEnd, startedOn, endDate, daysCommissioned, daysDelivered] = s;
  const [, , , , , , , , , , , , c, e, evaluation, cancelledOn, byYear, version] = s;
  const contacts: { on: IsoDate; daysUsed: number; status: ProgressStatus }[] = [];
  for (let i = 0; i < c.length; i += 3) contacts.push({ on: c[i] as IsoDate, daysUsed: c[i + 1] as number, status: c[i + 2] as ProgressStatus });
  const extensions: { on: IsoDate; additionalDays: number; newEndDate: IsoDate }[] = [];
  for (let i = 0; i < e.length; i += 3) extensions.push({ on: e[i] as IsoDate, additionalDays: e[i + 1] as number, newEndDate: e[i + 2] as IsoDate });
  const byYearKey = byYear.join();
  let commissionedByYear = byYears.get(byYearKey);
  if (!commissionedByYear) {
    const days: Record<string, number> = {};
    for (let i = 0; i < byYear.length; i += 2) days[byYear[i]] = byYear[i + 1] as number;
    byYears.set(byYearKey, (commissionedByYear = Object.freeze(days)));
  }
  return {
    deploymentId,
    schoolUrn,
    sleId: sleId && same(sleId),
    status,
    specialism: same(specialism),
    requestedOn,
    brokerageMeeting: heldOn ? { heldOn, endDate: meetingEnd! } : null,
    startedOn,
    endDate,
    daysCommissioned,
    daysDelivered,
    contacts: contacts.length ? contacts : NONE,
    extensions: extensions.length ? extensions : NONE,
    evaluation: evaluation && {
      heldOn: evaluation[0] as IsoDate,
      outcomes: evaluation.slice(2).map((result) => OUTCOME[result as OutcomeResult]),
      schoolRating: evaluation[1] as number,
    },
    cancellation: cancelledOn ? { on: cancelledOn } : null,
    commissionedByYear,
    version,
  };
}
