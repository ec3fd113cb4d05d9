import type { Phase } from '../../events/index.js';
import { medianOfSorted, typicalDaysOf } from '../../projections/deployment-index.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import type { SchoolView } from '../../projections/school-view.js';
import { sleCapacity, type SleCapacity, type SleView } from '../../projections/sle-view.js';
import { plural } from '../shared/words.js';

/** How much each part of the score counts; configuration (MATCH_WEIGHTS), not code. */
export interface MatchWeights {
  phaseFit: number;
  capacity: number;
  load: number;
  trackRecord: number;
  localAuthority: number;
  continuity: number;
}

export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  phaseFit: 25,
  capacity: 20,
  load: 15,
  trackRecord: 20,
  localAuthority: 10,
  continuity: 10,
};

/** Days a deployment takes when the alliance has no history in the specialism yet. */
export const DEFAULT_TYPICAL_DAYS = 5;
/** Evaluations that weigh as much as the neutral prior: fewer than this and the record counts mostly as neutral. */
export const TRACK_RECORD_PRIOR = 3;

export interface Match {
  sleId: string;
  name: string;
  /** Out of the sum of the weights (100 by default), one decimal place. */
  score: number;
  reasons: string[];
}

export interface IneligibleSle {
  sleId: string;
  name: string;
  reasons: string[];
}

export interface MatchInput {
  request: Pick<DeploymentView, 'schoolUrn' | 'specialism'>;
  school: SchoolView;
  sles: SleView[];
  /**
   * Deployments by SLE id, for each SLE's load, days, track record and past schools. A frozen list, given
   * again (the same object) for as long as the SLE's history is unchanged, as `ReadModels.deploymentsOfSle`
   * and `DeploymentIndex` give it, is read once: what it tells is kept with it for the next request.
   */
  deploymentsBySle: (sleId: string) => readonly DeploymentFacts[];
  /** Median days commissioned by deployments in the requested specialism, if there are any. */
  typicalDays: number | undefined;
  schools: ReadonlyMap<string, SchoolView>;
  academicYear: string;
  weights?: MatchWeights;
  /** List the ineligible SLEs with their reasons (costs a read of every SLE's history). Default true. */
  includeIneligible?: boolean;
  /**
   * A number that moves whenever any SLE's history list does (`DeploymentIndex.sleHistoriesVersion`). With it
   * and a frozen `sles` list, what the SLEs bring to any request in the specialism is kept until it moves.
   */
  historiesVersion?: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
/** `a.localeCompare(b)`, which is this collator's compare by definition, without finding the collator each time. */
const collate = new Intl.Collator().compare;

/** What rules an SLE out from the SLE alone, before reading any history: cheap, so checked first. */
export function standingBlockers(sle: SleView, request: MatchInput['request']): string[] {
  return [
    sle.designationEndedOn ? `designation ended on ${sle.designationEndedOn}` : '',
    sle.specialisms.includes(request.specialism) ? '' : `does not hold the ${request.specialism} specialism`,
    sle.homeSchoolUrn === request.schoolUrn ? 'works at the requesting school' : '',
  ].filter(Boolean);
}

/** Designation not ended, and the specialism held: what an SLE needs, before any school or history, to take a request in it. */
const holdsSpecialism = (sle: SleView, specialism: string) =>
  !sle.designationEndedOn && sle.specialisms.includes(specialism);

/**
 * The SLEs who could take a request in the specialism (`holdsSpecialism`). Enough for
 * `rankMatches` without `includeIneligible` (it skips every other SLE unread); `ReadModels` keeps one list per
 * specialism until an SLE changes, so a request reads a few hundred SLEs rather than every one.
 */
export function slesHolding(sles: Iterable<SleView>, specialism: string): SleView[] {
  const holding: SleView[] = [];
  for (const sle of sles) if (holdsSpecialism(sle, specialism)) holding.push(sle);
  return holding;
}

/** `standingBlockers(sle, request).length === 0`, without writing the reasons. */
const standsEligible = (sle: SleView, request: MatchInput['request']) =>
  holdsSpecialism(sle, request.specialism) && sle.homeSchoolUrn !== request.schoolUrn;

const hasDaysLeft = (use: SleCapacity) => use.remainingDays > 0;

const capacityBlocker = (use: SleCapacity, academicYear: string) =>
  hasDaysLeft(use)
    ? ''
    : `no days left in ${academicYear} (${use.commissionedDays} of ${use.capacityDays} commissioned)`;

/** What counting eligible SLEs reads: who holds each specialism, and each SLE's history. */
export interface SleSupply {
  /** The SLEs who could take a request in the specialism (`slesHolding`). */
  slesHolding(specialism: string): readonly SleView[];
  deploymentsOfSle(sleId: string): readonly DeploymentFacts[];
  /**
   * Given when `slesHolding` gives a frozen list, the same one until an SLE changes (as `ReadModels` does): a
   * number that moves whenever any SLE's history list does (`DeploymentIndex.sleHistoriesVersion`). The count
   * made for a list is then kept with it until the number moves.
   */
  readonly sleHistoriesVersion?: number;
}

/** `slesHolding(sles, specialism)` for each specialism asked, each found once. */
export function holdingAmong(sles: Iterable<SleView>): (specialism: string) => readonly SleView[] {
  const all = [...sles];
  const holders = new Map<string, SleView[]>();
  return (specialism) =>
    holders.get(specialism) ?? holders.set(specialism, slesHolding(all, specialism)).get(specialism)!;
}

/** Of the SLEs holding a specialism, how many have days left, and how many of those by home school. */
interface EligibleCount {
  academicYear: string;
  historiesVersion: number;
  count: number;
  bySchool: Map<string, number>;
}
const keptCounts = new WeakMap<readonly SleView[], EligibleCount>();

/**
 * How many SLEs are eligible, for many requests at once (the brokerage queue, the needs analysis): the SLEs holding each
 * specialism with days left are counted once, by home school, on the first request for it, and a request then
 * only takes away those from its own school. At a national network's size that is the difference between
 * reading every SLE for every open request (seconds) and reading each once. With `sleHistoriesVersion`, the
 * counts are kept between calls until an SLE or a history changes.
 */
export function eligibleSlesCounter(
  supply: SleSupply,
  academicYear: string,
): (request: MatchInput['request']) => number {
  const version = supply.sleHistoriesVersion;
  const countFor = (specialism: string): EligibleCount => {
    const holding = supply.slesHolding(specialism);
    const kept = version === undefined ? undefined : keptCounts.get(holding);
    if (kept && kept.academicYear === academicYear && kept.historiesVersion === version) return kept;
    const eligible: EligibleCount = { academicYear, historiesVersion: version ?? NaN, count: 0, bySchool: new Map() };
    for (const sle of holding) {
      if (!hasDaysLeft(keptSleCapacity(sle, supply.deploymentsOfSle(sle.sleId), academicYear))) continue;
      eligible.count++;
      eligible.bySchool.set(sle.homeSchoolUrn, (eligible.bySchool.get(sle.homeSchoolUrn) ?? 0) + 1);
    }
    if (version !== undefined) keptCounts.set(holding, eligible);
    return eligible;
  };
  const bySpecialism = new Map<string, EligibleCount>();
  return (request) => {
    let eligible = bySpecialism.get(request.specialism);
    if (!eligible) bySpecialism.set(request.specialism, (eligible = countFor(request.specialism)));
    return eligible.count - (eligible.bySchool.get(request.schoolUrn) ?? 0);
  };
}

/**
 * What matching reads of one SLE's history, kept with a frozen history list (which cannot change under it;
 * a changed history is a new list, and the old one and this go together). Each part is worked out on first use
 * exactly as it would be without it.
 */
interface HistoryReading {
  /** By academic year, for the SLE and capacity it was worked out with. */
  utilisation: Map<string, { sleId: string; use: SleCapacity }>;
  active: number | undefined;
  /** By specialism, every one at once (an SLE holds a few, and each is asked for in turn). */
  trackRecords: Map<string, TrackRecord> | undefined;
  /** Deployments not cancelled, by school. */
  bySchool: Map<string, number> | undefined;
}
const readings = new WeakMap<readonly DeploymentFacts[], HistoryReading>();
const readingOf = (deployments: readonly DeploymentFacts[]): HistoryReading | undefined => {
  if (!Object.isFrozen(deployments)) return undefined;
  let reading = readings.get(deployments);
  if (!reading)
    readings.set(
      deployments,
      (reading = { utilisation: new Map(), active: undefined, trackRecords: undefined, bySchool: undefined }),
    );
  return reading;
};

/** `sleCapacity`, kept with a frozen history (as `DeploymentIndex.deploymentsOfSle` gives it) until it changes. */
export function keptSleCapacity(
  sle: SleView,
  deployments: readonly DeploymentFacts[],
  academicYear: string,
  reading = readingOf(deployments),
): SleCapacity {
  const known = reading?.utilisation.get(academicYear);
  if (known && known.sleId === sle.sleId && known.use.capacityDays === sle.capacityDays) return known.use;
  const use = sleCapacity(sle, deployments, academicYear);
  reading?.utilisation.set(academicYear, { sleId: sle.sleId, use });
  return use;
}

const activeCount = (deployments: readonly DeploymentFacts[]) =>
  deployments.filter((d) => d.status === 'brokered' || d.status === 'deployed').length;

/** The most matches (and ineligible SLEs) a caller may ask for at once. */
export const MAX_MATCHES = 200;

/** What ranking found: the best matches, the first ineligible SLEs by name, and how many there were of each. */
export interface RankedMatches {
  matches: Match[];
  ineligible: IneligibleSle[];
  eligibleCount: number;
  ineligibleCount: number;
}

/** What an eligible SLE brings to any request in the specialism: every part of the score but the school's own. */
interface Prepared {
  sle: SleView;
  use: SleCapacity;
  active: number;
  record: TrackRecord;
  /** Deployments not cancelled, by school. */
  bySchool: Map<string, number>;
  /** Capacity, load and track record, weighted. */
  base: number;
}

/** An eligible SLE with the parts of its score for one request, before any reason is put into words. */
interface Candidate {
  prepared: Prepared;
  phaseFit: boolean;
  homeAuthority: string | undefined;
  before: number;
  score: number;
}

function prepare(
  sle: SleView,
  use: SleCapacity,
  deployments: readonly DeploymentFacts[],
  reading: HistoryReading | undefined,
  specialism: string,
  typical: number,
  weights: MatchWeights,
): Prepared {
  const active = reading ? (reading.active ??= activeCount(deployments)) : activeCount(deployments);
  const records = reading ? (reading.trackRecords ??= trackRecordsOf(deployments)) : trackRecordsOf(deployments);
  const record = records.get(specialism) ?? NO_TRACK_RECORD;
  const bySchool = reading ? (reading.bySchool ??= countBySchool(deployments)) : countBySchool(deployments);
  const base =
    weights.capacity * Math.min(1, use.remainingDays / typical) +
    weights.load / (1 + active) +
    weights.trackRecord * record.component;
  return { sle, use, active, record, bySchool, base };
}

function candidateFor(
  p: Prepared,
  school: SchoolView,
  schools: MatchInput['schools'],
  weights: MatchWeights,
): Candidate {
  const phaseFit = p.sle.phases.includes(school.phase);
  const home = schools.get(p.sle.homeSchoolUrn);
  const homeAuthority = home && home.localAuthority === school.localAuthority ? home.localAuthority : undefined;
  const before = p.bySchool.get(school.urn) ?? 0;
  const score =
    p.base +
    (phaseFit ? weights.phaseFit : 0) +
    (homeAuthority ? weights.localAuthority : 0) +
    (before ? weights.continuity : 0);
  return { prepared: p, phaseFit, homeAuthority, before, score: round1(score) };
}

/** Best first: score, then more days left, then name, then id. */
const byRank = (a: Candidate, b: Candidate) =>
  b.score - a.score ||
  b.prepared.use.remainingDays - a.prepared.use.remainingDays ||
  collate(a.prepared.sle.name, b.prepared.sle.name) ||
  collate(a.prepared.sle.sleId, b.prepared.sle.sleId);

/**
 * The eligible SLEs for a request, best first (the first `limit` of them, all by default), each with a score
 * and the reasons behind it in words a facilitator can read out. Each part of the score is between 0 and 1,
 * times its weight:
 * - phase fit: 1 when the SLE works in the school's phase;
 * - capacity: days left this year against the days such a deployment usually takes, capped at 1;
 * - load: 1 / (1 + active deployments);
 * - track record in the specialism: half the share of outcomes achieved (partly counts half), half the
 *   school ratings (1 to 5 mapped to 0 to 1), pulled towards a neutral 0.5 when there are few evaluations;
 * - local authority: 1 when the SLE's school is in the same one (less travel);
 * - continuity: 1 when the SLE has already worked with this school.
 * Ties go to more days left, then name, then id, so the order is the same on every call. Only those shown
 * are put into words: a national network has hundreds of eligible SLEs. Given a frozen `sles` list and a
 * `historiesVersion`, what does not depend on the requesting school is kept between requests (see `fieldOf`).
 */
export function rankMatches(input: MatchInput & { limit?: number }): RankedMatches {
  const weights = input.weights ?? DEFAULT_MATCH_WEIGHTS;
  const typical = input.typicalDays ?? DEFAULT_TYPICAL_DAYS;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const { request, school, academicYear } = input;
  const listIneligible = input.includeIneligible ?? true;
  const field = listIneligible ? undefined : fieldOf(input, typical, weights);
  const explain = ({ prepared: { sle, use, active, record }, ...c }: Candidate): Match => ({
    sleId: sle.sleId,
    name: sle.name,
    score: c.score,
    reasons: [
      `holds the ${request.specialism} specialism`,
      c.phaseFit
        ? `works in ${school.phase} schools, like this one`
        : `works in ${sle.phases.join(' and ')} schools, not ${school.phase}`,
      `${plural(use.remainingDays, 'day')} left in ${academicYear}; a ${request.specialism} deployment usually takes ${plural(typical, 'day')}`,
      active ? `already on ${plural(active, 'active deployment')}` : 'no other active deployments',
      record.reason(request.specialism),
      ...(c.homeAuthority ? [`based in ${c.homeAuthority}, the same local authority`] : []),
      ...(c.before ? [`already known to the school from ${plural(c.before, 'earlier deployment')}`] : []),
    ],
  });
  if (field) {
    return {
      matches: bestOf(field, input, weights, limit).map(explain),
      ineligible: [],
      eligibleCount: field.prepared.length - (field.fromSchool.get(request.schoolUrn) ?? 0),
      ineligibleCount: 0,
    };
  }

  const candidates: Candidate[] = [];
  const ineligible: IneligibleSle[] = [];
  for (const sle of input.sles) {
    // Most SLEs fail on the specialism alone; unless asked why, their history is never read.
    if (!listIneligible && !standsEligible(sle, request)) continue;
    const standing = listIneligible ? standingBlockers(sle, request) : [];
    const deployments = input.deploymentsBySle(sle.sleId);
    const reading = readingOf(deployments);
    const use = keptSleCapacity(sle, deployments, academicYear, reading);
    if (listIneligible) {
      const blockers = [...standing, capacityBlocker(use, academicYear)].filter(Boolean);
      if (blockers.length) {
        ineligible.push({ sleId: sle.sleId, name: sle.name, reasons: blockers });
        continue;
      }
    } else if (!hasDaysLeft(use)) continue;
    candidates.push(
      candidateFor(
        prepare(sle, use, deployments, reading, request.specialism, typical, weights),
        school,
        input.schools,
        weights,
      ),
    );
  }
  candidates.sort(byRank);
  ineligible.sort((a, b) => collate(a.name, b.name) || collate(a.sleId, b.sleId));
  return {
    matches: candidates.slice(0, limit).map(explain),
    ineligible: ineligible.slice(0, limit),
    eligibleCount: candidates.length,
    ineligibleCount: ineligible.length,
  };
}

/**
 * The SLEs of a frozen list who could take any request in the specialism (designation not ended, specialism
 * held, days left), prepared; how many of them work at each school; and, for each phase a school asked from,
 * their order by base and phase fit (`top`), highest first.
 */
interface Field {
  key: string;
  prepared: Prepared[];
  fromSchool: Map<string, number>;
  byPhase: Map<Phase, { prepared: Prepared; top: number }[]>;
}
const fields = new WeakMap<readonly SleView[], Field>();

/**
 * The field for a request, kept with a frozen `sles` list for as long as `historiesVersion` (which moves
 * whenever any SLE's history does), the year, the typical days and the weights stay the same; undefined
 * without a frozen list and a version.
 */
function fieldOf(input: MatchInput, typical: number, weights: MatchWeights): Field | undefined {
  if (input.historiesVersion === undefined || !Object.isFrozen(input.sles)) return undefined;
  const { specialism } = input.request;
  const key = [specialism, input.academicYear, input.historiesVersion, typical, ...Object.values(weights)].join('|');
  const kept = fields.get(input.sles);
  if (kept?.key === key) return kept;
  const prepared: Prepared[] = [];
  const fromSchool = new Map<string, number>();
  for (const sle of input.sles) {
    if (!holdsSpecialism(sle, specialism)) continue;
    const deployments = input.deploymentsBySle(sle.sleId);
    const reading = readingOf(deployments);
    const use = keptSleCapacity(sle, deployments, input.academicYear, reading);
    if (!hasDaysLeft(use)) continue;
    prepared.push(prepare(sle, use, deployments, reading, specialism, typical, weights));
    fromSchool.set(sle.homeSchoolUrn, (fromSchool.get(sle.homeSchoolUrn) ?? 0) + 1);
  }
  const field = { key, prepared, fromSchool, byPhase: new Map() };
  fields.set(input.sles, field);
  return field;
}

/** The field's SLEs by base and fit with the phase, highest first. */
function orderFor(field: Field, phase: Phase, weights: MatchWeights): { prepared: Prepared; top: number }[] {
  let order = field.byPhase.get(phase);
  if (!order) {
    order = field.prepared
      .map((p) => ({ prepared: p, top: p.base + (p.sle.phases.includes(phase) ? weights.phaseFit : 0) }))
      .sort((a, b) => b.top - a.top);
    field.byPhase.set(phase, order);
  }
  return order;
}

/**
 * The best `limit` candidates of a field for a request, in rank order. Past base and phase fit, the parts that
 * depend on the school (local authority, continuity) add at most `rest`, so once an SLE's `top` plus that (and
 * the rounding) is below the last one kept, neither it nor any after it can be shown: the rest are not looked at.
 */
function bestOf(field: Field, input: MatchInput, weights: MatchWeights, limit: number): Candidate[] {
  const rest = Math.max(0, weights.localAuthority) + Math.max(0, weights.continuity);
  const best: Candidate[] = [];
  for (const { prepared: p, top } of orderFor(field, input.school.phase, weights)) {
    if (best.length >= limit && top + rest + 0.1 < best[best.length - 1].score) break;
    if (p.sle.homeSchoolUrn === input.request.schoolUrn) continue;
    const c = candidateFor(p, input.school, input.schools, weights);
    if (best.length >= limit && byRank(c, best[best.length - 1]) >= 0) continue;
    best.splice(rankedPlace(best, c), 0, c);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Where a candidate goes in a list in rank order: after every one ranked before it. */
function rankedPlace(ranked: Candidate[], c: Candidate): number {
  let lo = 0;
  let hi = ranked.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byRank(ranked[mid], c) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Deployments not cancelled, by school. */
function countBySchool(deployments: readonly DeploymentFacts[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deployments)
    if (d.status !== 'cancelled') counts.set(d.schoolUrn, (counts.get(d.schoolUrn) ?? 0) + 1);
  return counts;
}

/** An SLE's track record in one specialism: the part of the score, and the reason in words when it is shown. */
interface TrackRecord {
  component: number;
  reason(specialism: string): string;
}

/** Track records by specialism, from one pass over the history; a specialism with no evaluation has none. */
function trackRecordsOf(deployments: readonly DeploymentFacts[]): Map<string, TrackRecord> {
  const evaluated = new Map<string, DeploymentFacts[]>();
  for (const d of deployments) {
    if (!d.evaluation) continue;
    const list = evaluated.get(d.specialism);
    if (list) list.push(d);
    else evaluated.set(d.specialism, [d]);
  }
  return new Map([...evaluated].map(([specialism, list]) => [specialism, trackRecord(list)]));
}

function trackRecord(evaluated: DeploymentFacts[]): TrackRecord {
  if (!evaluated.length) {
    return { component: 0.5, reason: (s) => `no evaluated ${s} deployments yet, counted as neutral` };
  }
  const outcomes = evaluated.flatMap((d) => d.evaluation!.outcomes);
  const achieved = outcomes.reduce(
    (n, o) => n + (o.result === 'achieved' ? 1 : o.result === 'partly-achieved' ? 0.5 : 0),
    0,
  );
  const outcomeShare = outcomes.length ? achieved / outcomes.length : 0.5;
  const ratings = evaluated.map((d) => d.evaluation!.schoolRating);
  const meanRating = ratings.reduce((a, b) => a + b, 0) / ratings.length;
  const observed = 0.5 * outcomeShare + 0.5 * ((meanRating - 1) / 4);
  const n = evaluated.length;
  const component = (n * observed + TRACK_RECORD_PRIOR * 0.5) / (n + TRACK_RECORD_PRIOR);
  const fullyAchieved = outcomes.filter((o) => o.result === 'achieved').length;
  return {
    component,
    reason: (s) =>
      `${plural(n, `evaluated ${s} deployment`)}: ${fullyAchieved} of ${plural(outcomes.length, 'outcome')} achieved, average school rating ${round1(meanRating)} of 5` +
      (n < TRACK_RECORD_PRIOR ? ' (little history yet, so counted close to neutral)' : ''),
  };
}

const NO_TRACK_RECORD = trackRecord([]);

/** Median days commissioned by deployments in a specialism (brokered or later, not cancelled). `DeploymentIndex.typicalDays` keeps it. */
export function typicalDaysFor(specialism: string, deployments: Iterable<DeploymentFacts>): number | undefined {
  const days: number[] = [];
  for (const d of deployments) {
    const counted = d.specialism === specialism ? typicalDaysOf(d) : undefined;
    if (counted !== undefined) days.push(counted);
  }
  return medianOfSorted(days.sort((a, b) => a - b));
}
