import type { IsoDate, OutcomeResult, ProgressStatus } from '../events/index.js';
import { academicYearBounds, dateOfDayKey, dayKey } from '../src/calendar/academic-calendar.js';
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
 * The facts as stored beside each view, by position rather than by name and with every date as its `dayKey`
 * (0 for none): a process reads every deployment's at start, and numbers are read back without making a
 * string for each. Contacts and extensions are laid end to end; the evaluation is its date, rating and each
 * outcome's result.
 */
export type StoredFacts = [
  deploymentId: string,
  schoolUrn: string,
  sleId: string | null,
  status: DeploymentFacts['status'],
  specialism: string,
  requestedOn: number,
  meetingHeldOn: number,
  meetingEndDate: number,
  startedOn: number,
  endDate: number,
  daysCommissioned: number,
  daysDelivered: number,
  /** `on`, `daysUsed`, `status` of each contact. */
  contacts: (number | ProgressStatus)[],
  /** `on`, `additionalDays`, `newEndDate` of each extension. */
  extensions: number[],
  /** `heldOn`, `schoolRating`, then each outcome's `result`; null while not evaluated. */
  evaluation: (number | OutcomeResult)[] | null,
  cancelledOn: number,
  /** Academic year, days, for each year. */
  commissionedByYear: (string | number)[],
  version: number,
];

export function storedFacts(f: DeploymentFacts): StoredFacts {
  const contacts: (number | ProgressStatus)[] = [];
  for (const c of f.contacts) contacts.push(dayKey(c.on), c.daysUsed, c.status);
  const extensions: number[] = [];
  for (const e of f.extensions) extensions.push(dayKey(e.on), e.additionalDays, dayKey(e.newEndDate));
  const byYear: (string | number)[] = [];
  for (const [year, days] of Object.entries(f.commissionedByYear)) byYear.push(year, days);
  const evaluation = f.evaluation && [dayKey(f.evaluation.heldOn), f.evaluation.schoolRating, ...f.evaluation.outcomes.map((o) => o.result)];
  return [
    f.deploymentId,
    f.schoolUrn,
    f.sleId,
    f.status,
    f.specialism,
    dayKey(f.requestedOn),
    dayKey(f.brokerageMeeting?.heldOn),
    dayKey(f.brokerageMeeting?.endDate),
    dayKey(f.startedOn),
    dayKey(f.endDate),
    f.daysCommissioned,
    f.daysDelivered,
    contacts,
    extensions,
    evaluation,
    dayKey(f.cancellation?.on),
    byYear,
    f.version,
  ];
}

/**
 * Reads back the facts `storedFacts` stored, giving the deployments it reads one copy of each part that many
 * of them have alike: a date, a contact (a few thousand distinct among 384,000 at a national network's size),
 * a brokerage meeting, an evaluation, the days commissioned by year, an SLE's id, a specialism. Read back one
 * by one, each deployment would hold copies of its own: three quarters of the memory the facts took, and most
 * of the objects a start made and collected. The parts are frozen, as they are shared.
 */
export function storedFactsReader(): (stored: StoredFacts) => DeploymentFacts {
  const shared = new SharedParts();
  return (stored) => factsFromStored(stored, shared);
}

type Contact = DeploymentFacts['contacts'][number];
type Meeting = NonNullable<DeploymentFacts['brokerageMeeting']>;
type Evaluation = NonNullable<DeploymentFacts['evaluation']>;

class SharedParts {
  readonly text = oneCopyOfEach();
  private readonly dates = new Map<number, IsoDate>();
  // Contacts, meetings and evaluations by day, then among that day's: keyed by a small integer, not a string made for each.
  private readonly contacts = new Map<number, Contact[]>();
  private readonly meetings = new Map<number, Meeting[]>();
  private readonly evaluations = new Map<number, Evaluation[]>();
  private readonly cancellations = new Map<number, { readonly on: IsoDate }>();
  private readonly byYears = new Map<string, Readonly<Record<string, number>>>();

  date(key: number): IsoDate {
    let date = this.dates.get(key);
    if (date === undefined) this.dates.set(key, (date = dateOfDayKey(key)));
    return date;
  }

  dateOrNull(key: number): IsoDate | null {
    return key ? this.date(key) : null;
  }

  contact(on: number, daysUsed: number, status: ProgressStatus): Contact {
    let onDay = this.contacts.get(on);
    if (!onDay) this.contacts.set(on, (onDay = []));
    for (const c of onDay) if (c.daysUsed === daysUsed && c.status === status) return c;
    const contact = Object.freeze({ on: this.date(on), daysUsed, status });
    onDay.push(contact);
    return contact;
  }

  meeting(heldOn: number, endDate: number): Meeting | null {
    if (!heldOn) return null;
    let onDay = this.meetings.get(heldOn);
    if (!onDay) this.meetings.set(heldOn, (onDay = []));
    for (const m of onDay) if (m.endDate === this.date(endDate)) return m;
    const meeting = Object.freeze({ heldOn: this.date(heldOn), endDate: this.date(endDate) });
    onDay.push(meeting);
    return meeting;
  }

  evaluation(stored: StoredFacts[14]): Evaluation | null {
    if (!stored) return null;
    const [heldOn, schoolRating] = stored as [number, number];
    let onDay = this.evaluations.get(heldOn);
    if (!onDay) this.evaluations.set(heldOn, (onDay = []));
    for (const e of onDay) if (e.schoolRating === schoolRating && sameResults(e.outcomes, stored)) return e;
    const outcomes = Object.freeze(stored.slice(2).map((result) => OUTCOME[result as OutcomeResult]));
    const evaluation = Object.freeze({ heldOn: this.date(heldOn), outcomes, schoolRating });
    onDay.push(evaluation);
    return evaluation;
  }

  cancellation(on: number): { readonly on: IsoDate } | null {
    if (!on) return null;
    let cancellation = this.cancellations.get(on);
    if (!cancellation) this.cancellations.set(on, (cancellation = Object.freeze({ on: this.date(on) })));
    return cancellation;
  }

  commissionedByYear(stored: StoredFacts[16]): Readonly<Record<string, number>> {
    const key = stored.join();
    let byYear = this.byYears.get(key);
    if (!byYear) {
      const days: Record<string, number> = {};
      for (let i = 0; i < stored.length; i += 2) days[stored[i]] = stored[i + 1] as number;
      this.byYears.set(key, (byYear = Object.freeze(days)));
    }
    return byYear;
  }
}

/** Whether the outcomes have the results stored after an evaluation's date and rating. */
function sameResults(outcomes: Evaluation['outcomes'], stored: NonNullable<StoredFacts[14]>): boolean {
  if (outcomes.length !== stored.length - 2) return false;
  for (let i = 0; i < outcomes.length; i++) if (outcomes[i].result !== stored[i + 2]) return false;
  return true;
}

function factsFromStored(s: StoredFacts, shared: SharedParts): DeploymentFacts {
  const [deploymentId, schoolUrn, sleId, status, specialism, requestedOn, heldOn, meetingEnd, startedOn, endDate, daysCommissioned, daysDelivered] = s;
  const [, , , , , , , , , , , , c, e, evaluation, cancelledOn, byYear, version] = s;
  let contacts: Contact[] | readonly never[] = NONE;
  if (c.length) {
    contacts = new Array<Contact>(c.length / 3);
    for (let i = 0; i < c.length; i += 3) contacts[i / 3] = shared.contact(c[i] as number, c[i + 1] as number, c[i + 2] as ProgressStatus);
  }
  const extensions: { on: IsoDate; additionalDays: number; newEndDate: IsoDate }[] = [];
  for (let i = 0; i < e.length; i += 3) extensions.push({ on: shared.date(e[i]), additionalDays: e[i + 1], newEndDate: shared.date(e[i + 2]) });
  return {
    deploymentId,
    // A URN is short enough for JSON.parse to give every deployment the same copy already.
    schoolUrn,
    sleId: sleId && shared.text(sleId),
    status,
    specialism: shared.text(specialism),
    requestedOn: shared.date(requestedOn),
    brokerageMeeting: shared.meeting(heldOn, meetingEnd),
    startedOn: shared.dateOrNull(startedOn),
    endDate: shared.dateOrNull(endDate),
    daysCommissioned,
    daysDelivered,
    contacts,
    extensions: extensions.length ? extensions : NONE,
    evaluation: shared.evaluation(evaluation),
    cancellation: shared.cancellation(cancelledOn),
    commissionedByYear: shared.commissionedByYear(byYear),
    version,
  };
}
