import type { IsoDate } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import { factsOf, type DeploymentFacts } from '../../projections/deployment-facts.js';
import {
  bySchoolThenId,
  medianOfSorted,
  oldestRequestFirst,
  typicalDaysOf,
  type DeploymentLookup,
} from '../../projections/deployment-lookup.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { dayKey } from '../calendar/academic-calendar.js';
import { byCodeUnits } from '../shared/order.js';
import { compactFacts } from './deployment-facts-storage.js';

const NO_DEPLOYMENTS: readonly DeploymentFacts[] = Object.freeze([]);

/** After every date: the end of a deployment still under way. */
const OPEN = 99_999_999;

/**
 * The first and last day a deployment matters to a report over a period, as `dayKey`s: its earliest and
 * latest dated step, or, once started and until evaluated or cancelled, no end (active in every later period).
 */
function setFirstAndLastDay(v: DeploymentFacts, into: { first: number; last: number }): void {
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
  /** Order first seen: the order of the views' map. */
  seq: number;
  typicalDays: number | undefined;
  /** The first and last day it matters to a report (`setFirstAndLastDay`). */
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

/** What the deployments list walks instead of every deployment (`pageDeployments`). */
export interface DeploymentListing {
  readonly size: number;
  /** Every deployment's facts by the day requested, newest or oldest first, then by id. */
  byRequest(newestFirst: boolean): Iterable<DeploymentFacts>;
  countWithStatus(status: DeploymentFacts['status']): number;
  /** The specialisms of the deployments held. */
  specialisms(): Iterable<string>;
  /** The facts of a school's deployments, in no particular order. */
  factsOfSchool(urn: string): readonly DeploymentFacts[];
  /** The URNs of the schools with deployments (perhaps a few with none left). */
  schoolUrns(): Iterable<string>;
  /** Moves whenever `schoolUrns` gains a URN. */
  readonly schoolUrnsVersion: number;
  /** The facts of an SLE's deployments, or with `null` of those matched to no SLE. */
  factsOfSle(sleId: string | null): readonly DeploymentFacts[];
  /** The ids of the SLEs matched to deployments (perhaps a few with none left). */
  sleIds(): Iterable<string>;
  /** Moves whenever `sleIds` gains an id. */
  readonly sleIdsVersion: number;
}

const byNewestRequest = (a: Entry, b: Entry) =>
  byCodeUnits(b.facts.requestedOn, a.facts.requestedOn) || byCodeUnits(a.facts.deploymentId, b.facts.deploymentId);

/** Where `entry` goes in `sorted` (or is): the first place whose entry is not before it. */
function placeOf(sorted: readonly Entry[], entry: Entry): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byNewestRequest(sorted[mid], entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function addCount<K>(counts: Map<K, number>, key: K, by: number): void {
  const count = (counts.get(key) ?? 0) + by;
  if (count) counts.set(key, count);
  else counts.delete(key);
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
export class DeploymentIndex implements DeploymentLookup, DeploymentListing {
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
  /** Newest request first (`byNewestRequest`): made on first ask, then kept in order as entries come and go. */
  private newest: Entry[] | undefined;
  private readonly byStatus = new Map<DeploymentFacts['status'], number>();
  private readonly bySpecialism = new Map<string, number>();
  private urnsVersion = 0;
  private sleIdsChanges = 0;
  /** Matched to no SLE. */
  private readonly unmatched = new Set<Entry>();

  /** `viewOf` gives a deployment's view by id, for the lists that show views. */
  constructor(private readonly viewOf: (deploymentId: string) => DeploymentView | undefined) {}

  /** The index of folded views, in the order of their map. */
  static fromViews(views: Pick<AllianceViews, 'deployments'>): DeploymentIndex {
    const facts: DeploymentFacts[] = [];
    for (const view of views.deployments.values()) facts.push(compactFacts(factsOf(view)));
    return DeploymentIndex.fromFacts(facts, (id) => views.deployments.get(id));
  }

  /** The index of every deployment's facts, in the order given (the order `deploymentsOfSchool` keeps). */
  static fromFacts(
    facts: Iterable<DeploymentFacts>,
    viewOf: (deploymentId: string) => DeploymentView | undefined,
  ): DeploymentIndex {
    const index = new DeploymentIndex(viewOf);
    for (const f of facts) index.add(f, false);
    // Sorted as a typed array, which orders numbers without calling a comparator.
    for (const [specialism, days] of index.daysBySpecialism)
      index.daysBySpecialism.set(specialism, Array.from(Float64Array.from(days).sort()));
    // Every entry is new: ordered school by school (sorting tens of thousands of URNs, then each school's
    // few ids) rather than by comparing URN and id across every pair the merge would.
    index.pending = [];
    index.placeInOrder(index.bySchoolThenId());
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
      if (view) this.add(compactFacts(factsOf(view)), true);
      return;
    }
    const old = entry.facts;
    // The same revision of the stream: nothing about it has changed.
    if (view && view.version === old.version) return;
    const facts = view && compactFacts(factsOf(view));
    const requestMoved = !facts || facts.requestedOn !== old.requestedOn;
    if (requestMoved) this.unlistNewest(entry);
    this.count(old, -1);
    if (facts) this.count(facts, 1);
    this.forgetSleList(old.sleId);
    this.fileByStatus(entry, facts);
    if (!facts) {
      this.unmatched.delete(entry);
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
      if (facts.sleId) this.unmatched.delete(entry);
      else this.unmatched.add(entry);
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
    if (requestMoved) this.listNewest(entry);
    this.updateFirstAndLastDay(entry);
  }

  deploymentsOfSchool(urn: string): DeploymentView[] {
    return [...(this.bySchool.get(urn) ?? [])].sort((a, b) => a.seq - b.seq).map((e) => this.viewOfEntry(e));
  }

  byRequest(newestFirst: boolean): Iterable<DeploymentFacts> {
    this.newest ??= [...this.entries.values()].sort(byNewestRequest);
    return newestFirst ? factsIn(this.newest) : oldestFirstIn(this.newest);
  }

  countWithStatus(status: DeploymentFacts['status']): number {
    return this.byStatus.get(status) ?? 0;
  }

  specialisms(): Iterable<string> {
    return this.bySpecialism.keys();
  }

  factsOfSchool(urn: string): readonly DeploymentFacts[] {
    return (this.bySchool.get(urn) ?? []).map((e) => e.facts);
  }

  schoolUrns(): Iterable<string> {
    return this.bySchool.keys();
  }

  get schoolUrnsVersion(): number {
    return this.urnsVersion;
  }

  factsOfSle(sleId: string | null): readonly DeploymentFacts[] {
    return sleId === null ? [...this.unmatched].map((e) => e.facts) : this.deploymentsOfSle(sleId);
  }

  sleIds(): Iterable<string> {
    return this.bySle.keys();
  }

  get sleIdsVersion(): number {
    return this.sleIdsChanges;
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

  deploymentsTouching(from: IsoDate, to: IsoDate, schoolUrns?: readonly string[]): DeploymentFacts[] {
    const [start, end] = [dayKey(from), dayKey(to)];
    if (schoolUrns) {
      // A few schools (a local authority's): their own lists, rather than a pass over every deployment.
      const out: DeploymentFacts[] = [];
      for (const urn of schoolUrns) {
        const touching = (this.bySchool.get(urn) ?? [])
          .filter((e) => e.first <= end && e.last >= start)
          .sort(entriesBySchoolThenId);
        for (const entry of touching) out.push(entry.facts);
      }
      return out;
    }
    this.mergePending();
    const { firstAt, lastAt, ordered } = this;
    const out: DeploymentFacts[] = [];
    for (let i = 0; i < ordered.length; i++) {
      if (firstAt[i] <= end && lastAt[i] >= start) {
        const entry = ordered[i];
        out.push(entry.facts);
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
    // Over the lists by place, not the map: a pass over a map's entries is much slower.
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
      seq: this.seq++,
      typicalDays: typicalDaysOf(facts),
      first: 0,
      last: 0,
      pos: -1,
    };
    setFirstAndLastDay(facts, entry);
    this.entries.set(facts.deploymentId, entry);
    this.count(facts, 1);
    this.listNewest(entry);
    this.fileByStatus(entry, facts);
    this.pending.push(entry);
    this.addToSchool(entry);
    if (facts.sleId) {
      this.addToSle(facts.sleId, entry);
      this.forgetSleList(facts.sleId);
    } else this.unmatched.add(entry);
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

  private count(facts: DeploymentFacts, by: number): void {
    addCount(this.byStatus, facts.status, by);
    addCount(this.bySpecialism, facts.specialism, by);
  }

  private listNewest(entry: Entry): void {
    if (this.newest) this.newest.splice(placeOf(this.newest, entry), 0, entry);
  }

  /** Call while `entry.facts` are still those it was placed by. */
  private unlistNewest(entry: Entry): void {
    if (!this.newest) return;
    const at = placeOf(this.newest, entry);
    if (this.newest[at] === entry) this.newest.splice(at, 1);
  }

  private updateFirstAndLastDay(entry: Entry): void {
    setFirstAndLastDay(entry.facts, entry);
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
    this.placeInOrder(merged);
  }

  private placeInOrder(ordered: Entry[]): void {
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
      this.placeInOrder(this.ordered.filter((e) => e !== entry));
    } else {
      this.pending = this.pending.filter((e) => e !== entry);
    }
  }

  private addToSchool(entry: Entry): void {
    const urn = entry.facts.schoolUrn;
    const list = this.bySchool.get(urn);
    if (list) list.push(entry);
    else {
      this.bySchool.set(urn, [entry]);
      this.urnsVersion++;
    }
  }

  private removeFromSchool(entry: Entry): void {
    removeFrom(this.bySchool.get(entry.facts.schoolUrn), entry);
  }

  private addToSle(sleId: string, entry: Entry): void {
    const entries = this.bySle.get(sleId);
    if (entries) entries.push(entry);
    else {
      this.bySle.set(sleId, [entry]);
      this.sleIdsChanges++;
    }
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

function* factsIn(entries: readonly Entry[]): Iterable<DeploymentFacts> {
  for (const e of entries) yield e.facts;
}

/** The order of `byNewestRequest` read from the end, each day's requests still by id. */
function* oldestFirstIn(newest: readonly Entry[]): Iterable<DeploymentFacts> {
  let end = newest.length;
  while (end > 0) {
    let start = end - 1;
    const day = newest[start].facts.requestedOn;
    while (start > 0 && newest[start - 1].facts.requestedOn === day) start--;
    for (let i = start; i < end; i++) yield newest[i].facts;
    end = start;
  }
}
