import type { IsoDate } from '../events/index.js';
import { dayKey, dayMs } from '../src/calendar/academic-calendar.js';
import { byCodeUnits } from '../src/shared/order.js';
import type { AllianceViews } from './alliance-views.js';
import { factsOf, type DeploymentFacts } from './deployment-facts.js';
import type { DeploymentView } from './deployment-view.js';

/**
 * What the reads ask of deployments beyond one view: the few lookups that would otherwise scan every
 * deployment. `DeploymentIndex` answers them; `ReadModels` keeps one up to date as events are applied, and a
 * test builds one from folded views. Every answer is exactly what the scan it replaces would give.
 */
export interface DeploymentLookup {
  /** A school's deployments, in the order the views hold them. */
  deploymentsOfSchool(urn: string): DeploymentView[];
  /**
   * The facts of an SLE's deployments (those they were matched to), in the order they were matched: a frozen
   * list, the same one until one of them changes, so that what is worked out from it can be kept (see `rankMatches`).
   */
  deploymentsOfSle(sleId: string): readonly DeploymentFacts[];
  /**
   * Sorted by school URN, then deployment id: every deployment with a step dated from `from` to `to`, and
   * every one started by `to` that had not ended (evaluated or cancelled) before `from`. Possibly a few more,
   * so a report over the period still applies its own date tests; never fewer. With `schoolUrns` (sorted),
   * only those schools' deployments.
   */
  deploymentsTouching(from: IsoDate, to: IsoDate, schoolUrns?: readonly string[]): DatedDeployment[];
  /** `typicalDaysFor(specialism, every deployment)`: the median days commissioned in the specialism. */
  typicalDays(specialism: string): number | undefined;
  /**
   * The requests waiting for a brokerage meeting (status `requested`), `oldestRequestFirst`: a frozen list, the
   * same one until a request comes, is brokered or is cancelled.
   */
  requestsWaiting(): DeploymentView[];
  /** The facts of the deployments under way (status `deployed`), in no particular order. */
  deploymentsUnderWay(): DeploymentFacts[];
  /** Calls `each` with the facts of every deployment, in no particular order. */
  forEachDeployment(each: (facts: DeploymentFacts) => void): void;
}

/** Views that carry their own lookup, as `ReadModels` does; the reports use it when no other is given. */
export interface IndexedViews extends AllianceViews {
  readonly deploymentIndex: DeploymentLookup;
  /** The URNs of a local authority's schools, sorted, as `schoolsOf` (half-term-report.ts) finds them: kept between reads. */
  schoolsIn(localAuthority: string): readonly string[];
}

export const lookupOf = (views: AllianceViews): DeploymentLookup | undefined =>
  (views as Partial<IndexedViews>).deploymentIndex;

/** Calls `each` with every deployment's facts: from the views' index where they carry one, else from the views. */
export function forEachDeployment(
  views: Pick<AllianceViews, 'deployments'>,
  each: (facts: DeploymentFacts) => void,
): void {
  const lookup = (views as Partial<IndexedViews>).deploymentIndex;
  if (lookup) lookup.forEachDeployment(each);
  else views.deployments.forEach(each);
}

/** The days a deployment adds to its specialism's typical days: brokered or later, and not cancelled. */
export const typicalDaysOf = (d: DeploymentFacts): number | undefined =>
  d.brokerageMeeting && d.status !== 'cancelled' ? d.daysCommissioned : undefined;

/** The median of days sorted in ascending order; undefined when there are none. */
export function medianOfSorted(days: readonly number[]): number | undefined {
  if (!days.length) return undefined;
  const mid = Math.floor(days.length / 2);
  return days.length % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
}

/**
 * One deployment's dated steps and days, laid out for a report over a period that reads tens of thousands of
 * them: dates as `dayKey`s (0 when absent) and, where days between are counted, `dayMs`; the contacts and the
 * extensions each packed in one array of numbers, in the view's order. Taken from the view alone
 * (`datedDeployment`) and kept by `DeploymentIndex`, so that a report reads one small record and two lists per
 * deployment rather than every part of every view (at a million events, what a report waits for is memory).
 * The lists are plain arrays of numbers, not typed arrays: a typed array costs about 190 bytes beside its
 * numbers, a plain one about 50, and tens of thousands of these are kept.
 */
export interface DatedDeployment {
  readonly facts: DeploymentFacts;
  readonly deploymentId: string;
  readonly schoolUrn: string;
  readonly sleId: string | null;
  readonly requestedOn: number;
  readonly heldOn: number;
  readonly startedOn: number;
  readonly startedMs: number;
  readonly evaluatedOn: number;
  /** The evaluation's date, else the cancellation's; 0 while neither. */
  readonly endedOn: number;
  readonly endedMs: number;
  readonly daysCommissioned: number;
  /** Days commissioned at the meeting itself: `daysCommissioned` less every extension's. */
  readonly meetingDays: number;
  /** The end agreed at the meeting (`brokerageMeeting.endDate`, else `endDate`), and its `dayKey`. */
  readonly meetingEnd: IsoDate | null;
  readonly meetingEndOn: number;
  readonly startedOnDate: IsoDate | null;
  /** `CONTACT_FIELDS` numbers per contact of `view.contacts` (contact `i` at `i * CONTACT_FIELDS`): its `dayKey`, `dayMs` and days used. */
  readonly contacts: readonly number[];
  /** `EXTENSION_FIELDS` numbers per extension of `view.extensions`: its `dayKey`, additional days and the new end date's `dayKey`. */
  readonly extensions: readonly number[];
  /** From the evaluation; 0 when there is none. */
  readonly schoolRating: number;
  readonly outcomesAchieved: number;
  readonly outcomesPartlyAchieved: number;
  readonly outcomesTotal: number;
}
export const CONTACT_FIELDS = 3;
export const EXTENSION_FIELDS = 3;
const NONE: readonly number[] = Object.freeze([]);

/** The brokerage queue's order: by the day requested, then deployment id. */
export const oldestRequestFirst = (a: DeploymentFacts, b: DeploymentFacts) =>
  byCodeUnits(a.requestedOn, b.requestedOn) || byCodeUnits(a.deploymentId, b.deploymentId);

/** The order of the half-termly report's lists: by school URN, then deployment id. */
export const bySchoolThenId = (a: DeploymentFacts, b: DeploymentFacts) =>
  byCodeUnits(a.schoolUrn, b.schoolUrn) || byCodeUnits(a.deploymentId, b.deploymentId);
const NO_DEPLOYMENTS: readonly DeploymentFacts[] = Object.freeze([]);

export function datedDeployment(d: DeploymentFacts): DatedDeployment {
  const endedDate = d.evaluation?.heldOn ?? d.cancellation?.on ?? null;
  let outcomesAchieved = 0;
  let outcomesPartlyAchieved = 0;
  for (const o of d.evaluation?.outcomes ?? []) {
    if (o.result === 'achieved') outcomesAchieved++;
    else if (o.result === 'partly-achieved') outcomesPartlyAchieved++;
  }
  const contacts = packed(d.contacts, CONTACT_FIELDS, (c, out, at) => {
    out[at] = dayKey(c.on);
    out[at + 1] = dayMs(c.on);
    out[at + 2] = c.daysUsed;
  });
  const extensions = packed(d.extensions, EXTENSION_FIELDS, (e, out, at) => {
    out[at] = dayKey(e.on);
    out[at + 1] = e.additionalDays;
    out[at + 2] = dayKey(e.newEndDate);
  });
  const meetingEnd = d.brokerageMeeting?.endDate ?? d.endDate;
  return {
    facts: d,
    deploymentId: d.deploymentId,
    schoolUrn: d.schoolUrn,
    sleId: d.sleId,
    requestedOn: dayKey(d.requestedOn),
    heldOn: dayKey(d.brokerageMeeting?.heldOn),
    startedOn: dayKey(d.startedOn),
    startedMs: d.startedOn ? dayMs(d.startedOn) : NaN,
    evaluatedOn: dayKey(d.evaluation?.heldOn),
    endedOn: dayKey(endedDate),
    endedMs: endedDate ? dayMs(endedDate) : NaN,
    daysCommissioned: d.daysCommissioned,
    meetingDays: d.daysCommissioned - d.extensions.reduce((total, e) => total + e.additionalDays, 0),
    meetingEnd,
    meetingEndOn: dayKey(meetingEnd),
    startedOnDate: d.startedOn,
    contacts,
    extensions,
    schoolRating: d.evaluation?.schoolRating ?? 0,
    outcomesAchieved,
    outcomesPartlyAchieved,
    outcomesTotal: d.evaluation?.outcomes.length ?? 0,
  };
}

/** `fields` numbers for each item, end to end, in an array of exactly that many (one grown by pushing keeps room for more). */
function packed<T>(
  items: readonly T[],
  fields: number,
  write: (item: T, out: number[], at: number) => void,
): readonly number[] {
  if (!items.length) return NONE;
  const out = new Array<number>(items.length * fields);
  items.forEach((item, i) => write(item, out, i * fields));
  return out;
}

/** After every date: the end of a deployment still under way. */
const OPEN = 99_999_999;

/**
 * The first and last day a deployment matters to a report over a period, as `dayKey`s: its earliest and
 * latest dated step, or, once started and until evaluated or cancelled, no end (active in every later period).
 * Read from the facts themselves, so that indexing every deployment at start costs no dated record.
 */
function spanOf(v: DeploymentFacts, into: { first: number; last: number }): void {
  let first = dayKey(v.requestedOn);
  let last = first;
  const see = (date: IsoDate | null | undefined) => {
    const day = dayKey(date);
    if (!day) return;
    if (day < first) first = day;
    if (day > last) last = day;
  };
  see(v.brokerageMeeting?.heldOn);
  see(v.startedOn);
  see(v.evaluation?.heldOn);
  const ended = v.evaluation?.heldOn ?? v.cancellation?.on;
  see(ended);
  for (const c of v.contacts) see(c.on);
  for (const e of v.extensions) see(e.on);
  into.first = first;
  into.last = v.startedOn && !ended ? OPEN : last;
}

interface Entry {
  facts: DeploymentFacts;
  /** Its dated record, made when a report first reads it and dropped when the view changes. */
  dated: DatedDeployment | undefined;
  /** Order first seen: the order of the views' map. */
  seq: number;
  typicalDays: number | undefined;
  /** Its span, as `spanOf`. */
  first: number;
  last: number;
  /** Its place in the URN-and-id order; -1 while waiting to be merged into it. */
  pos: number;
}

const entriesBySchoolThenId = (a: Entry, b: Entry) => bySchoolThenId(a.facts, b.facts);

function removeFrom(list: Entry[] | undefined, entry: Entry): void {
  const at = list ? list.indexOf(entry) : -1;
  if (at >= 0) list!.splice(at, 1);
}

/** Whether no item of `list` comes before the one ahead of it. */
function inOrder<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1], list[i]) > 0) return false;
  return true;
}

/** First index in a sorted array whose item is not before `item`. */
function lowerBound(sorted: readonly number[], item: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < item) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Deployments by school, by SLE (a frozen list per SLE, made on first ask and dropped when one of theirs
 * changes), and across schools by URN and id with each one's span of dates; the days commissioned in each
 * specialism kept sorted for the median. Not pure: `update` re-indexes a deployment from its new view after
 * each event, dropping whatever its old facts had put where.
 *
 * It keeps each deployment's facts (`DeploymentFacts`), never its view: what is asked of many deployments at
 * once is answered from those, and the lists that show views (a school's, the requests waiting) read each view
 * through `viewOf`, so the views may stay in their store.
 *
 * The URN-and-id order is kept as parallel lists by place (each entry's span in typed arrays beside its
 * record), so that finding what touches a period reads a few megabytes in order rather than every view. New
 * deployments wait in `pending` and are merged into that order by the next such read.
 */
export class DeploymentIndex implements DeploymentLookup {
  private readonly entries = new Map<string, Entry>();
  private readonly bySchool = new Map<string, Entry[]>();
  /** In the order matched; an SLE has a few dozen at most, so a list beats a map to build and to drop one from. */
  private readonly bySle = new Map<string, Entry[]>();
  private readonly daysBySpecialism = new Map<string, number[]>();
  private readonly sleLists = new Map<string, readonly DeploymentFacts[]>();
  /** Requests waiting for a meeting; in order and frozen (`waitingList`) when first asked for after a change. */
  private readonly waiting = new Set<Entry>();
  private waitingList: DeploymentView[] | undefined;
  /** Deployments under way (status `deployed`): what the reminder scan reads, with the requests waiting. */
  private readonly underWay = new Set<Entry>();
  private seq = 0;
  private historyChanges = 0;
  /** By place in the URN-and-id order: the entry, its record, and its span. */
  private ordered: Entry[] = [];
  private firstAt: Int32Array = new Int32Array(0);
  private lastAt: Int32Array = new Int32Array(0);
  private pending: Entry[] = [];

  /** `viewOf` gives a deployment's view by id, for the lists that show views. */
  constructor(private readonly viewOf: (deploymentId: string) => DeploymentView | undefined) {}

  /** The index of folded views, in the order of their map. */
  static fromViews(views: Pick<AllianceViews, 'deployments'>): DeploymentIndex {
    const facts: DeploymentFacts[] = [];
    for (const view of views.deployments.values()) facts.push(factsOf(view));
    return DeploymentIndex.fromFacts(facts, (id) => views.deployments.get(id));
  }

  /** The index of every deployment's facts, in the order given (the order `deploymentsOfSchool` keeps). */
  static fromFacts(
    facts: Iterable<DeploymentFacts>,
    viewOf: (deploymentId: string) => DeploymentView | undefined,
  ): DeploymentIndex {
    const index = new DeploymentIndex(viewOf);
    for (const f of facts) index.add(f, false);
    // Sorted as a typed array, which orders numbers without calling a comparator: half the time at a national network's size.
    for (const [specialism, days] of index.daysBySpecialism)
      index.daysBySpecialism.set(specialism, Array.from(Float64Array.from(days).sort()));
    // Every entry is new: ordered school by school (sorting tens of thousands of URNs, then each school's
    // few ids) rather than by comparing URN and id across every pair the merge would.
    index.pending = [];
    index.layOut(index.bySchoolThenId());
    return index;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Moves whenever any SLE's list (`deploymentsOfSle`) may have changed; what is worked out from every list may be kept until then. */
  get sleHistoriesVersion(): number {
    return this.historyChanges;
  }

  /** Re-indexes one deployment from its view after an event (undefined: it is gone). */
  update(deploymentId: string, view: DeploymentView | undefined): void {
    const entry = this.entries.get(deploymentId);
    if (!entry) {
      if (view) this.add(factsOf(view), true);
      return;
    }
    const old = entry.facts;
    // The same revision of the stream: nothing about it has changed.
    if (view && view.version === old.version) return;
    const facts = view && factsOf(view);
    this.forgetSleList(old.sleId);
    this.fileByStatus(entry, facts);
    if (!facts) {
      this.removeFromSchool(entry);
      if (old.sleId) this.removeFromSle(old.sleId, entry);
      this.removeDays(old.specialism, entry.typicalDays);
      this.unorder(entry);
      this.entries.delete(deploymentId);
      return;
    }
    if (facts.schoolUrn !== old.schoolUrn) {
      this.removeFromSchool(entry);
      this.unorder(entry);
      entry.facts = facts;
      this.addToSchool(entry);
      this.pending.push(entry);
    }
    if (facts.sleId !== old.sleId) {
      if (old.sleId) this.removeFromSle(old.sleId, entry);
      if (facts.sleId) this.addToSle(facts.sleId, entry);
      this.forgetSleList(facts.sleId);
    }
    const typicalDays = typicalDaysOf(facts);
    if (typicalDays !== entry.typicalDays || facts.specialism !== old.specialism) {
      this.removeDays(old.specialism, entry.typicalDays);
      this.addDays(facts.specialism, typicalDays, true);
      entry.typicalDays = typicalDays;
    }
    entry.facts = facts;
    entry.dated = undefined;
    this.keepSpan(entry);
  }

  deploymentsOfSchool(urn: string): DeploymentView[] {
    return [...(this.bySchool.get(urn) ?? [])].sort((a, b) => a.seq - b.seq).map((e) => this.viewOfEntry(e));
  }

  deploymentsOfSle(sleId: string): readonly DeploymentFacts[] {
    const kept = this.sleLists.get(sleId);
    if (kept) return kept;
    const entries = this.bySle.get(sleId);
    if (!entries?.length) return NO_DEPLOYMENTS;
    const out = Object.freeze(entries.map((e) => e.facts));
    this.sleLists.set(sleId, out);
    return out;
  }

  deploymentsTouching(from: IsoDate, to: IsoDate, schoolUrns?: readonly string[]): DatedDeployment[] {
    const [start, end] = [dayKey(from), dayKey(to)];
    if (schoolUrns) {
      // A few schools (a local authority's): their own lists, rather than a pass over every deployment.
      const out: DatedDeployment[] = [];
      for (const urn of schoolUrns) {
        const touching = (this.bySchool.get(urn) ?? [])
          .filter((e) => e.first <= end && e.last >= start)
          .sort(entriesBySchoolThenId);
        for (const entry of touching) out.push((entry.dated ??= datedDeployment(entry.facts)));
      }
      return out;
    }
    this.mergePending();
    const { firstAt, lastAt, ordered } = this;
    const out: DatedDeployment[] = [];
    for (let i = 0; i < ordered.length; i++) {
      if (firstAt[i] <= end && lastAt[i] >= start) {
        const entry = ordered[i];
        out.push((entry.dated ??= datedDeployment(entry.facts)));
      }
    }
    return out;
  }

  typicalDays(specialism: string): number | undefined {
    return medianOfSorted(this.daysBySpecialism.get(specialism) ?? []);
  }

  requestsWaiting(): DeploymentView[] {
    if (this.waitingList) return this.waitingList;
    const list = [...this.waiting].map((e) => this.viewOfEntry(e)).sort(oldestRequestFirst);
    return (this.waitingList = Object.freeze(list) as DeploymentView[]);
  }

  deploymentsUnderWay(): DeploymentFacts[] {
    return [...this.underWay].map((e) => e.facts);
  }

  forEachDeployment(each: (facts: DeploymentFacts) => void): void {
    // Over the lists by place, not the map: a pass over a map's entries took a third of a needs analysis.
    const { ordered, pending } = this;
    for (let i = 0; i < ordered.length; i++) each(ordered[i].facts);
    for (let i = 0; i < pending.length; i++) each(pending[i].facts);
  }

  private viewOfEntry(entry: Entry): DeploymentView {
    const view = this.viewOf(entry.facts.deploymentId);
    if (!view) throw new Error(`No view of deployment ${entry.facts.deploymentId}, which the index holds`);
    return view;
  }

  private add(facts: DeploymentFacts, sorted: boolean): void {
    const entry: Entry = {
      facts,
      dated: undefined,
      seq: this.seq++,
      typicalDays: typicalDaysOf(facts),
      first: 0,
      last: 0,
      pos: -1,
    };
    spanOf(facts, entry);
    this.entries.set(facts.deploymentId, entry);
    this.fileByStatus(entry, facts);
    this.pending.push(entry);
    this.addToSchool(entry);
    if (facts.sleId) {
      this.addToSle(facts.sleId, entry);
      this.forgetSleList(facts.sleId);
    }
    this.addDays(facts.specialism, entry.typicalDays, sorted);
  }

  /**
   * Files the entry among the requests waiting and the deployments under way, or takes it out, by its new facts
   * (undefined: gone); call before `entry.facts` is set to them.
   */
  private fileByStatus(entry: Entry, facts: DeploymentFacts | undefined): void {
    if (facts?.status === 'deployed') this.underWay.add(entry);
    else this.underWay.delete(entry);
    const wasWaiting = this.waiting.has(entry);
    const waits = facts?.status === 'requested';
    // The list also holds each view, so any change to a waiting request makes a new list.
    if (!wasWaiting && !waits) return;
    if (waits) this.waiting.add(entry);
    else this.waiting.delete(entry);
    this.waitingList = undefined;
  }

  private keepSpan(entry: Entry): void {
    spanOf(entry.facts, entry);
    if (entry.pos < 0) return;
    this.firstAt[entry.pos] = entry.first;
    this.lastAt[entry.pos] = entry.last;
  }

  /** Every entry in the URN-and-id order, from the lists by school. */
  private bySchoolThenId(): Entry[] {
    const byId = (a: Entry, b: Entry) => byCodeUnits(a.facts.deploymentId, b.facts.deploymentId);
    const ordered: Entry[] = [];
    for (const urn of [...this.bySchool.keys()].sort()) {
      const list = this.bySchool.get(urn)!;
      // Read back from the store, each school's deployments come in id order already.
      for (const e of inOrder(list, byId) ? list : [...list].sort(byId)) ordered.push(e);
    }
    return ordered;
  }

  /** Sorts the waiting entries into the order, and lays the lists out again by place. */
  private mergePending(): void {
    if (!this.pending.length) return;
    const fresh = this.pending.sort(entriesBySchoolThenId);
    this.pending = [];
    const merged: Entry[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ordered.length || j < fresh.length) {
      if (j >= fresh.length || (i < this.ordered.length && entriesBySchoolThenId(this.ordered[i], fresh[j]) <= 0))
        merged.push(this.ordered[i++]);
      else merged.push(fresh[j++]);
    }
    this.layOut(merged);
  }

  private layOut(ordered: Entry[]): void {
    this.ordered = ordered;
    const firstAt = new Int32Array(ordered.length);
    const lastAt = new Int32Array(ordered.length);
    for (let pos = 0; pos < ordered.length; pos++) {
      const e = ordered[pos];
      e.pos = pos;
      firstAt[pos] = e.first;
      lastAt[pos] = e.last;
    }
    this.firstAt = firstAt;
    this.lastAt = lastAt;
  }

  private unorder(entry: Entry): void {
    if (entry.pos >= 0) {
      entry.pos = -1;
      this.layOut(this.ordered.filter((e) => e !== entry));
    } else {
      this.pending = this.pending.filter((e) => e !== entry);
    }
  }

  private addToSchool(entry: Entry): void {
    const urn = entry.facts.schoolUrn;
    const list = this.bySchool.get(urn);
    if (list) list.push(entry);
    else this.bySchool.set(urn, [entry]);
  }

  private removeFromSchool(entry: Entry): void {
    removeFrom(this.bySchool.get(entry.facts.schoolUrn), entry);
  }

  private addToSle(sleId: string, entry: Entry): void {
    const entries = this.bySle.get(sleId);
    if (entries) entries.push(entry);
    else this.bySle.set(sleId, [entry]);
  }

  private removeFromSle(sleId: string, entry: Entry): void {
    removeFrom(this.bySle.get(sleId), entry);
  }

  private addDays(specialism: string, days: number | undefined, sorted: boolean): void {
    if (days === undefined) return;
    const list = this.daysBySpecialism.get(specialism) ?? this.daysBySpecialism.set(specialism, []).get(specialism)!;
    if (sorted) list.splice(lowerBound(list, days), 0, days);
    else list.push(days);
  }

  private removeDays(specialism: string, days: number | undefined): void {
    if (days === undefined) return;
    const list = this.daysBySpecialism.get(specialism);
    if (!list) return;
    const at = lowerBound(list, days);
    if (list[at] === days) list.splice(at, 1);
  }

  private forgetSleList(sleId: string | null): void {
    if (!sleId) return;
    this.sleLists.delete(sleId);
    this.historyChanges++;
  }
}
