import { OUTCOME_RESULTS, type IsoDate, type OutcomeResult, type ProgressStatus } from '../../events/index.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import { dateOfDayKey, dayKey } from '../calendar/academic-calendar.js';
import { getOrCreate } from '../shared/get-or-create.js';
import { stringInterner } from './string-interner.js';

/**
 * How every deployment's facts are stored beside its view, and read back at start: by position, with dates
 * as day keys, and with one copy of each part many deployments share. The facts themselves, and what they
 * mean, are `projections/deployment-facts.ts`.
 */

/** The empty list of contacts or extensions every deployment without any shares. */
export const NO_ITEMS = Object.freeze([]) as readonly never[];

/** One outcome of each result, shared by every deployment's facts: the facts keep nothing else of an outcome. */
export const OUTCOME: Readonly<Record<OutcomeResult, { readonly result: OutcomeResult }>> = {
  achieved: Object.freeze({ result: 'achieved' }),
  'partly-achieved': Object.freeze({ result: 'partly-achieved' }),
  'not-achieved': Object.freeze({ result: 'not-achieved' }),
};

/**
 * The same facts, sharing what many deployments have alike: the empty list, and one outcome of each result.
 * The index keeps every deployment's facts, so those made from a view (`factsOf`) hold no copies of their own.
 */
export function compactFacts(f: DeploymentFacts): DeploymentFacts {
  return {
    ...f,
    contacts: f.contacts.length ? f.contacts : NO_ITEMS,
    extensions: f.extensions.length ? f.extensions : NO_ITEMS,
    evaluation: f.evaluation && {
      ...f.evaluation,
      outcomes: f.evaluation.outcomes.map(({ result }) => OUTCOME[result]),
    },
  };
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
  programme: string,
];

export function storedFacts(f: DeploymentFacts): StoredFacts {
  const contacts: (number | ProgressStatus)[] = [];
  for (const c of f.contacts) contacts.push(dayKey(c.on), c.daysUsed, c.status);
  const extensions: number[] = [];
  for (const e of f.extensions) extensions.push(dayKey(e.on), e.additionalDays, dayKey(e.newEndDate));
  const byYear: (string | number)[] = [];
  for (const [year, days] of Object.entries(f.commissionedByYear)) byYear.push(year, days);
  const evaluation = f.evaluation && [
    dayKey(f.evaluation.heldOn),
    f.evaluation.schoolRating,
    ...f.evaluation.outcomes.map((o) => o.result),
  ];
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
    f.programme,
  ];
}

/**
 * Reads back the facts `storedFacts` stored, giving the deployments it reads one copy of each part that many
 * of them have alike: a date, a contact (a few thousand distinct among hundreds of thousands at a national network's size),
 * a brokerage meeting, an evaluation, the days commissioned by year, an SLE's id, a specialism. Read back one
 * by one, each deployment would hold copies of its own: most of the memory the facts take, and most of the
 * objects a start would make and collect. The parts are frozen, as they are shared.
 */
export function storedFactsReader(): (stored: StoredFacts) => DeploymentFacts {
  const shared = new SharedParts();
  return (stored) => factsFromStored(stored, shared);
}

type Contact = DeploymentFacts['contacts'][number];
type Meeting = NonNullable<DeploymentFacts['brokerageMeeting']>;
type Evaluation = NonNullable<DeploymentFacts['evaluation']>;

class SharedParts {
  readonly text = stringInterner();
  // Keyed by numbers (day keys, codes) rather than a string made for each deployment: a start reads 110,000.
  private readonly dates = new Map<number, IsoDate>();
  /** By day, then among that day's few. */
  private readonly contacts = new Map<number, Contact[]>();
  /** By the day held, then the end date. */
  private readonly meetings = new Map<number, Map<number, Meeting>>();
  /** By `resultsCode`. */
  private readonly outcomes = new Map<number, Evaluation['outcomes']>();
  /** By the day held, then `resultsCode` and rating together. */
  private readonly evaluations = new Map<number, Map<number, Evaluation>>();
  private readonly cancellations = new Map<number, { readonly on: IsoDate }>();
  /** One year's days (the commonest) by year, then days; more years by the list joined. */
  private readonly oneYear = new Map<string, Map<number, Readonly<Record<string, number>>>>();
  private readonly years = new Map<string, Readonly<Record<string, number>>>();

  date(key: number): IsoDate {
    return getOrCreate(this.dates, key, () => dateOfDayKey(key));
  }

  dateOrNull(key: number): IsoDate | null {
    return key ? this.date(key) : null;
  }

  contact(on: number, daysUsed: number, status: ProgressStatus): Contact {
    const onDay = getOrCreate(this.contacts, on, () => []);
    for (const c of onDay) if (c.daysUsed === daysUsed && c.status === status) return c;
    const contact = Object.freeze({ on: this.date(on), daysUsed, status });
    onDay.push(contact);
    return contact;
  }

  meeting(heldOn: number, endDate: number): Meeting | null {
    if (!heldOn) return null;
    const byEnd = getOrCreate(this.meetings, heldOn, () => new Map<number, Meeting>());
    return getOrCreate(byEnd, endDate, () => Object.freeze({ heldOn: this.date(heldOn), endDate: this.date(endDate) }));
  }

  evaluation(stored: StoredFacts[14]): Evaluation | null {
    if (!stored) return null;
    const [heldOn, schoolRating, code] = [stored[0] as number, stored[1] as number, resultsCode(stored)];
    const made = () => Object.freeze(stored.slice(2).map((result) => OUTCOME[result as OutcomeResult]));
    const outcomes = code === undefined ? made() : getOrCreate(this.outcomes, code, made);
    // Too many outcomes for a code, or a rating that is not a whole number from 0 to 15 (it is 1 to 5): an evaluation of its own.
    if (code === undefined || !Number.isInteger(schoolRating) || schoolRating < 0 || schoolRating > 15)
      return { heldOn: this.date(heldOn), outcomes, schoolRating };
    const onDay = getOrCreate(this.evaluations, heldOn, () => new Map<number, Evaluation>());
    return getOrCreate(onDay, code * 16 + schoolRating, () =>
      Object.freeze({ heldOn: this.date(heldOn), outcomes, schoolRating }),
    );
  }

  cancellation(on: number): { readonly on: IsoDate } | null {
    if (!on) return null;
    return getOrCreate(this.cancellations, on, () => Object.freeze({ on: this.date(on) }));
  }

  commissionedByYear(stored: StoredFacts[16]): Readonly<Record<string, number>> {
    if (stored.length === 2) {
      const byDays = getOrCreate(
        this.oneYear,
        stored[0] as string,
        () => new Map<number, Readonly<Record<string, number>>>(),
      );
      return getOrCreate(byDays, stored[1] as number, () => byYearOf(stored));
    }
    return getOrCreate(this.years, stored.join(), () => byYearOf(stored));
  }
}

/** The days commissioned by year of a stored list (year, days, for each year), frozen. */
export function byYearOf(stored: StoredFacts[16]): Readonly<Record<string, number>> {
  const days: Record<string, number> = {};
  for (let i = 0; i < stored.length; i += 2) days[stored[i]] = stored[i + 1] as number;
  return Object.freeze(days);
}

const CODED_OUTCOMES = 20;

/**
 * The outcomes' results after an evaluation's date and rating as one number: a digit in base 3 each, after a
 * leading 1; undefined for more than `CODED_OUTCOMES`, whose code (times 16, with the rating) would pass the
 * integers a double holds exactly.
 */
function resultsCode(stored: NonNullable<StoredFacts[14]>): number | undefined {
  if (stored.length - 2 > CODED_OUTCOMES) return undefined;
  let code = 1;
  for (let i = 2; i < stored.length; i++) code = code * 3 + OUTCOME_RESULTS.indexOf(stored[i] as OutcomeResult);
  return code;
}

function factsFromStored(s: StoredFacts, shared: SharedParts): DeploymentFacts {
  // By index rather than destructured: destructuring an array walks its iterator, and this runs for every deployment at start.
  // Lists made at their length: one grown by pushing keeps room for more (a hundred bytes a deployment here).
  const c = s[12];
  let contacts: Contact[] | readonly never[] = NO_ITEMS;
  if (c.length) {
    const list = new Array<Contact>(c.length / 3);
    for (let i = 0; i < c.length; i += 3)
      list[i / 3] = shared.contact(c[i] as number, c[i + 1] as number, c[i + 2] as ProgressStatus);
    contacts = list;
  }
  const e = s[13];
  let extensions: DeploymentFacts['extensions'] = NO_ITEMS;
  if (e.length) {
    const list = new Array<DeploymentFacts['extensions'][number]>(e.length / 3);
    for (let i = 0; i < e.length; i += 3)
      list[i / 3] = { on: shared.date(e[i]), additionalDays: e[i + 1], newEndDate: shared.date(e[i + 2]) };
    extensions = list;
  }
  const sleId = s[2];
  return {
    deploymentId: s[0],
    // A URN is short enough for JSON.parse to give every deployment the same copy already.
    schoolUrn: s[1],
    sleId: sleId && shared.text(sleId),
    status: s[3],
    specialism: shared.text(s[4]),
    requestedOn: shared.date(s[5]),
    brokerageMeeting: shared.meeting(s[6], s[7]),
    startedOn: shared.dateOrNull(s[8]),
    endDate: shared.dateOrNull(s[9]),
    daysCommissioned: s[10],
    daysDelivered: s[11],
    contacts,
    extensions,
    evaluation: shared.evaluation(s[14]),
    cancellation: shared.cancellation(s[15]),
    commissionedByYear: shared.commissionedByYear(s[16]),
    version: s[17],
    programme: shared.text(s[18]),
  };
}
