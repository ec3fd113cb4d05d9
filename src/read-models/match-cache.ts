import type { Phase } from '../../events/index.js';
import type { DeploymentFacts } from '../../projections/deployment-facts.js';
import {
  byRank,
  candidateFor,
  countEligible,
  DEFAULT_MATCH_WEIGHTS,
  DEFAULT_TYPICAL_DAYS,
  explain,
  hasDaysLeft,
  holdsSpecialism,
  prepareSle,
  schoolPartsAtMost,
  scoreBeforeSchool,
  SleHistory,
  type Candidate,
  type EligibleCount,
  type MatchInput,
  type MatchWeights,
  type PreparedSle,
  type RankedMatches,
  type SleSupply,
} from '../../projections/match-score.js';
import type { SleView } from '../../projections/sle-view.js';

/**
 * The SLEs of one list holding a specialism who could take any request in it (designation not ended,
 * specialism held, days left), prepared; how many of them work at each school; and, for each phase a school
 * asked from, their order by the score before the school's own parts, highest first.
 */
interface Field {
  key: string;
  prepared: PreparedSle[];
  fromSchool: Map<string, number>;
  byPhase: Map<Phase, { prepared: PreparedSle; top: number }[]>;
}

/**
 * What matching works out, kept between requests so that a national network's matches, queue and needs
 * analysis read each SLE once rather than once per request: each SLE's `SleHistory`, for as long as its list
 * of deployments is the same list; and, for the list of SLEs holding a specialism, how many are eligible and
 * what each brings to any request, until `version` moves. The read models give the same list of an SLE's
 * deployments (or of the SLEs holding a specialism) until one of them changes, and move `version` whenever any
 * SLE's deployments change. Every answer is the rule's own (`projections/match-score.ts`).
 */
export class MatchCache {
  private readonly histories = new WeakMap<readonly DeploymentFacts[], SleHistory>();
  private readonly counts = new WeakMap<readonly SleView[], { key: string; count: EligibleCount }>();
  private readonly fields = new WeakMap<readonly SleView[], Field>();

  historyOf(deployments: readonly DeploymentFacts[]): SleHistory {
    let history = this.histories.get(deployments);
    if (!history) this.histories.set(deployments, (history = new SleHistory(deployments)));
    return history;
  }

  /** `countEligible`, kept with the list of SLEs holding the specialism until `version` moves. */
  eligibleIn(
    supply: SleSupply,
    specialism: string,
    academicYear: string,
    programme: string,
    version: number,
  ): EligibleCount {
    const holding = supply.slesHolding(specialism, programme);
    const key = `${academicYear}|${version}`;
    const cached = this.counts.get(holding);
    if (cached?.key === key) return cached.count;
    const count = countEligible(supply, specialism, academicYear, programme);
    this.counts.set(holding, { key, count });
    return count;
  }

  /**
   * `rankMatches` without the ineligible SLEs, from the field of `input.sles` (the SLEs holding the specialism,
   * given as the same list until an SLE changes): what does not depend on the requesting school is worked out
   * once for every request in the specialism until `version` moves.
   */
  rank(input: MatchInput, version: number): RankedMatches {
    const weights = input.weights ?? DEFAULT_MATCH_WEIGHTS;
    const typical = input.typicalDays ?? DEFAULT_TYPICAL_DAYS;
    const field = this.fieldOf(input, typical, weights, version);
    const { request, school, academicYear } = input;
    const best = bestOf(field, input, weights, input.limit ?? Number.POSITIVE_INFINITY);
    return {
      matches: best.map((c) => explain(c, request, school, academicYear, typical)),
      ineligible: [],
      eligibleCount: field.prepared.length - (field.fromSchool.get(request.schoolUrn) ?? 0),
      ineligibleCount: 0,
    };
  }

  private fieldOf(input: MatchInput, typical: number, weights: MatchWeights, version: number): Field {
    const { specialism, programme } = input.request;
    const key = [programme, specialism, input.academicYear, version, typical, ...Object.values(weights)].join('|');
    const cached = this.fields.get(input.sles);
    if (cached?.key === key) return cached;
    const prepared: PreparedSle[] = [];
    const fromSchool = new Map<string, number>();
    for (const sle of input.sles) {
      if (!holdsSpecialism(sle, specialism, programme)) continue;
      const history = input.historyOf(sle.sleId);
      const use = history.capacity(sle, input.academicYear);
      if (!hasDaysLeft(use)) continue;
      prepared.push(prepareSle(sle, history, use, specialism, typical, weights));
      fromSchool.set(sle.homeSchoolUrn, (fromSchool.get(sle.homeSchoolUrn) ?? 0) + 1);
    }
    const field = { key, prepared, fromSchool, byPhase: new Map() };
    this.fields.set(input.sles, field);
    return field;
  }
}

/** The field's SLEs by the score before the school's own parts, highest first. */
function orderFor(field: Field, phase: Phase, weights: MatchWeights): { prepared: PreparedSle; top: number }[] {
  let order = field.byPhase.get(phase);
  if (!order) {
    order = field.prepared
      .map((p) => ({ prepared: p, top: scoreBeforeSchool(p, phase, weights) }))
      .sort((a, b) => b.top - a.top);
    field.byPhase.set(phase, order);
  }
  return order;
}

/**
 * The best `limit` candidates of a field for a request, in rank order. Past the score before the school's own
 * parts, those parts add at most `schoolPartsAtMost`, so once an SLE's `top` plus that (and the rounding) is
 * below the last one kept, neither it nor any after it can be shown: the rest are not looked at.
 */
function bestOf(field: Field, input: MatchInput, weights: MatchWeights, limit: number): Candidate[] {
  const rest = schoolPartsAtMost(weights);
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
