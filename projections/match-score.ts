import type { Phase } from '../events/index.js';
import { plural, wordsOf } from '../src/shared/words.js';
import type { DeploymentFacts } from './deployment-facts.js';
import type { DeploymentView } from './deployment-view.js';
import type { SchoolView } from './school-view.js';
import { sleCapacity, type SleCapacity, type SleView } from './sle-view.js';

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
/** The most matches (and ineligible SLEs) a caller may ask for at once. */
export const MAX_MATCHES = 200;

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

/** What ranking found: the best matches, the first ineligible SLEs by name, and how many there were of each. */
export interface RankedMatches {
  matches: Match[];
  ineligible: IneligibleSle[];
  eligibleCount: number;
  ineligibleCount: number;
}

export type MatchRequest = Pick<DeploymentView, 'schoolUrn' | 'specialism' | 'programme'>;

export interface MatchInput {
  request: MatchRequest;
  school: SchoolView;
  sles: readonly SleView[];
  /** What an SLE's deployments (those they were matched to) tell: their load, days, track record and past schools. */
  historyOf: (sleId: string) => SleHistory;
  /** Median days commissioned by deployments in the requested specialism, if there are any. */
  typicalDays: number | undefined;
  schools: ReadonlyMap<string, SchoolView>;
  academicYear: string;
  weights?: MatchWeights;
  /** List the ineligible SLEs with their reasons (costs a read of every SLE's history). Default true. */
  includeIneligible?: boolean;
  /** How many matches, and ineligible SLEs, to list: all by default. */
  limit?: number;
}

// ---- eligibility ----

/** What rules an SLE out from the SLE alone, before reading any history: cheap, so checked first. */
export function standingBlockers(sle: SleView, request: MatchRequest): string[] {
  return [
    sle.designationEndedOn ? `designation ended on ${sle.designationEndedOn}` : '',
    sle.programmes.includes(request.programme) ? '' : `is not in the ${request.programme} programme`,
    sle.specialisms.includes(request.specialism) ? '' : `does not hold the ${wordsOf(request.specialism)} specialism`,
    sle.homeSchoolUrn === request.schoolUrn ? 'works at the requesting school' : '',
  ].filter(Boolean);
}

/**
 * Designation not ended, in the programme, and the specialism held: what a specialist needs, before any school or
 * history, to take a request of the programme in the specialism.
 */
export const holdsSpecialism = (sle: SleView, specialism: string, programme: string) =>
  !sle.designationEndedOn && sle.programmes.includes(programme) && sle.specialisms.includes(specialism);

/** The SLEs who could take a request in the specialism and programme (`holdsSpecialism`): enough to rank without the ineligible. */
export function slesHolding(sles: Iterable<SleView>, specialism: string, programme: string): SleView[] {
  const holding: SleView[] = [];
  for (const sle of sles) if (holdsSpecialism(sle, specialism, programme)) holding.push(sle);
  return holding;
}

/** One key for a specialism in a programme, for what is kept by both. */
export const holdingKey = (specialism: string, programme: string) => `${programme}\n${specialism}`;

/** `slesHolding(sles, specialism, programme)` for each asked, each found once. */
export function holdingAmong(sles: Iterable<SleView>): (specialism: string, programme: string) => readonly SleView[] {
  const all = [...sles];
  const holders = new Map<string, SleView[]>();
  return (specialism, programme) => {
    const key = holdingKey(specialism, programme);
    let holding = holders.get(key);
    if (!holding) holders.set(key, (holding = slesHolding(all, specialism, programme)));
    return holding;
  };
}

/** `standingBlockers(sle, request).length === 0`, without writing the reasons. */
const standsEligible = (sle: SleView, request: MatchRequest) =>
  holdsSpecialism(sle, request.specialism, request.programme) && sle.homeSchoolUrn !== request.schoolUrn;

export const hasDaysLeft = (use: SleCapacity) => use.remainingDays > 0;

const capacityBlocker = (use: SleCapacity, academicYear: string) =>
  hasDaysLeft(use)
    ? ''
    : `no days left in ${academicYear} (${use.commissionedDays} of ${use.capacityDays} commissioned)`;

// ---- what an SLE's history tells ----

/** An SLE's track record in one specialism: the part of the score, and the reason in words when it is shown. */
export interface TrackRecord {
  component: number;
  reason(specialism: string): string;
}

/**
 * What matching reads of one SLE's deployments: each part worked out from them on first use. The read models
 * give the same one for as long as the SLE's deployments are unchanged, so that it is read once.
 */
export class SleHistory {
  private readonly capacities = new Map<string, { sleId: string; capacityDays: number; use: SleCapacity }>();
  private active: number | undefined;
  private trackRecords: Map<string, TrackRecord> | undefined;
  private bySchool: Map<string, number> | undefined;

  constructor(readonly deployments: readonly DeploymentFacts[]) {}

  /** `sleCapacity` in the academic year. */
  capacity(sle: SleView, academicYear: string): SleCapacity {
    const known = this.capacities.get(academicYear);
    if (known && known.sleId === sle.sleId && known.capacityDays === sle.capacityDays) return known.use;
    const use = sleCapacity(sle, this.deployments, academicYear);
    this.capacities.set(academicYear, { sleId: sle.sleId, capacityDays: sle.capacityDays, use });
    return use;
  }

  /** Deployments brokered or under way. */
  get activeDeployments(): number {
    return (this.active ??= this.deployments.filter((d) => d.status === 'brokered' || d.status === 'deployed').length);
  }

  trackRecord(specialism: string): TrackRecord {
    this.trackRecords ??= trackRecordsOf(this.deployments);
    return this.trackRecords.get(specialism) ?? NO_TRACK_RECORD;
  }

  /** Deployments at the school, not counting cancelled ones. */
  deploymentsAt(schoolUrn: string): number {
    if (!this.bySchool) {
      this.bySchool = new Map();
      for (const d of this.deployments)
        if (d.status !== 'cancelled') this.bySchool.set(d.schoolUrn, (this.bySchool.get(d.schoolUrn) ?? 0) + 1);
    }
    return this.bySchool.get(schoolUrn) ?? 0;
  }
}

/** `historyOf` without an index: each SLE's deployments found by a pass over every deployment. */
export function historiesFrom(deployments: Iterable<DeploymentFacts>): (sleId: string) => SleHistory {
  const all = [...deployments];
  return (sleId) => new SleHistory(all.filter((d) => d.sleId === sleId));
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
  const outcomes = evaluated.flatMap((d) => d.evaluation?.outcomes ?? []);
  const achieved = outcomes.reduce(
    (n, o) => n + (o.result === 'achieved' ? 1 : o.result === 'partly-achieved' ? 0.5 : 0),
    0,
  );
  const outcomeShare = outcomes.length ? achieved / outcomes.length : 0.5;
  const ratings = evaluated.map((d) => d.evaluation?.schoolRating ?? 0);
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

// ---- counting eligible SLEs for many requests ----

/** Where the SLEs come from: who holds each specialism, and what each one's history tells. */
export interface SleSupply {
  /** The SLEs who could take a request in the specialism and programme (`slesHolding`). */
  slesHolding(specialism: string, programme: string): readonly SleView[];
  historyOf(sleId: string): SleHistory;
  /** `countEligible` for the specialism, year and programme, where the supply keeps it between calls. */
  eligibleIn?(specialism: string, academicYear: string, programme: string): EligibleCount;
}

/** Of the SLEs holding a specialism, how many have days left in the year, and how many of those by home school. */
export interface EligibleCount {
  count: number;
  bySchool: ReadonlyMap<string, number>;
}

export function countEligible(
  supply: SleSupply,
  specialism: string,
  academicYear: string,
  programme: string,
): EligibleCount {
  let count = 0;
  const bySchool = new Map<string, number>();
  for (const sle of supply.slesHolding(specialism, programme)) {
    if (!hasDaysLeft(supply.historyOf(sle.sleId).capacity(sle, academicYear))) continue;
    count++;
    bySchool.set(sle.homeSchoolUrn, (bySchool.get(sle.homeSchoolUrn) ?? 0) + 1);
  }
  return { count, bySchool };
}

/**
 * How many SLEs are eligible, for many requests at once (the brokerage queue, the needs analysis): the SLEs
 * holding each specialism with days left are counted once, by home school, on the first request for it, and a
 * request then only takes away those from its own school. The same count as `rankMatches` gives.
 */
export function eligibleSlesCounter(supply: SleSupply, academicYear: string): (request: MatchRequest) => number {
  const bySpecialism = new Map<string, EligibleCount>();
  return (request) => {
    const key = holdingKey(request.specialism, request.programme);
    let eligible = bySpecialism.get(key);
    if (!eligible) {
      eligible =
        supply.eligibleIn?.(request.specialism, academicYear, request.programme) ??
        countEligible(supply, request.specialism, academicYear, request.programme);
      bySpecialism.set(key, eligible);
    }
    return eligible.count - (eligible.bySchool.get(request.schoolUrn) ?? 0);
  };
}

// ---- the score ----

const round1 = (n: number) => Math.round(n * 10) / 10;
/** `a.localeCompare(b)`, which is this collator's compare by definition, without finding the collator each time. */
const collate = new Intl.Collator().compare;

/** What an eligible SLE brings to any request in the specialism: every part of the score but the school's own. */
export interface PreparedSle {
  sle: SleView;
  history: SleHistory;
  use: SleCapacity;
  record: TrackRecord;
  /** Capacity, load and track record, weighted. */
  base: number;
}

/** An eligible SLE with the parts of its score for one request, before any reason is put into words. */
export interface Candidate {
  prepared: PreparedSle;
  phaseFit: boolean;
  homeAuthority: string | undefined;
  before: number;
  score: number;
}

export function prepareSle(
  sle: SleView,
  history: SleHistory,
  use: SleCapacity,
  specialism: string,
  typical: number,
  weights: MatchWeights,
): PreparedSle {
  const record = history.trackRecord(specialism);
  const base =
    weights.capacity * Math.min(1, use.remainingDays / typical) +
    weights.load / (1 + history.activeDeployments) +
    weights.trackRecord * record.component;
  return { sle, history, use, record, base };
}

/** Best first: score, then more days left, then name, then id. */
export const byRank = (a: Candidate, b: Candidate) =>
  b.score - a.score ||
  b.prepared.use.remainingDays - a.prepared.use.remainingDays ||
  collate(a.prepared.sle.name, b.prepared.sle.name) ||
  collate(a.prepared.sle.sleId, b.prepared.sle.sleId);

export function candidateFor(
  p: PreparedSle,
  school: SchoolView,
  schools: MatchInput['schools'],
  weights: MatchWeights,
): Candidate {
  const phaseFit = p.sle.phases.includes(school.phase);
  const home = schools.get(p.sle.homeSchoolUrn);
  const homeAuthority = home && home.localAuthority === school.localAuthority ? home.localAuthority : undefined;
  const before = p.history.deploymentsAt(school.urn);
  const score =
    p.base +
    (phaseFit ? weights.phaseFit : 0) +
    (homeAuthority ? weights.localAuthority : 0) +
    (before ? weights.continuity : 0);
  return { prepared: p, phaseFit, homeAuthority, before, score: round1(score) };
}

/** The most the parts that depend on the requesting school beyond its phase (local authority, continuity) can add. */
export const schoolPartsAtMost = (weights: MatchWeights) =>
  Math.max(0, weights.localAuthority) + Math.max(0, weights.continuity);

/** The score before the school's own parts but its phase: what `candidateFor` adds the rest to. */
export const scoreBeforeSchool = (p: PreparedSle, phase: Phase, weights: MatchWeights) =>
  p.base + (p.sle.phases.includes(phase) ? weights.phaseFit : 0);

/** A candidate in words a facilitator can read out. */
export function explain(
  c: Candidate,
  request: MatchRequest,
  school: SchoolView,
  academicYear: string,
  typical: number,
): Match {
  const { sle, use, history, record } = c.prepared;
  const active = history.activeDeployments;
  return {
    sleId: sle.sleId,
    name: sle.name,
    score: c.score,
    reasons: [
      `holds the ${wordsOf(request.specialism)} specialism`,
      c.phaseFit
        ? `works in ${school.phase} schools, like this one`
        : `works in ${sle.phases.join(' and ')} schools, not ${school.phase}`,
      `${plural(use.remainingDays, 'day')} left in ${academicYear}; a ${wordsOf(request.specialism)} deployment usually takes ${plural(typical, 'day')}`,
      active ? `already on ${plural(active, 'active deployment')}` : 'no other active deployments',
      record.reason(request.specialism),
      ...(c.homeAuthority ? [`based in ${c.homeAuthority}, the same local authority`] : []),
      ...(c.before ? [`already known to the school from ${plural(c.before, 'earlier deployment')}`] : []),
    ],
  };
}

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
 * are put into words: a national network has hundreds of eligible SLEs.
 */
export function rankMatches(input: MatchInput): RankedMatches {
  const weights = input.weights ?? DEFAULT_MATCH_WEIGHTS;
  const typical = input.typicalDays ?? DEFAULT_TYPICAL_DAYS;
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const { request, school, academicYear } = input;
  const listIneligible = input.includeIneligible ?? true;
  const candidates: Candidate[] = [];
  const ineligible: IneligibleSle[] = [];
  for (const sle of input.sles) {
    // Most SLEs fail on the specialism alone; unless asked why, their history is never read.
    if (!listIneligible && !standsEligible(sle, request)) continue;
    const history = input.historyOf(sle.sleId);
    const use = history.capacity(sle, academicYear);
    if (listIneligible) {
      const blockers = [...standingBlockers(sle, request), capacityBlocker(use, academicYear)].filter(Boolean);
      if (blockers.length) {
        ineligible.push({ sleId: sle.sleId, name: sle.name, reasons: blockers });
        continue;
      }
    } else if (!hasDaysLeft(use)) continue;
    const prepared = prepareSle(sle, history, use, request.specialism, typical, weights);
    candidates.push(candidateFor(prepared, school, input.schools, weights));
  }
  candidates.sort(byRank);
  ineligible.sort((a, b) => collate(a.name, b.name) || collate(a.sleId, b.sleId));
  return {
    matches: candidates.slice(0, limit).map((c) => explain(c, request, school, academicYear, typical)),
    ineligible: ineligible.slice(0, limit),
    eligibleCount: candidates.length,
    ineligibleCount: ineligible.length,
  };
}
