import type { IsoDate, OfstedGrade } from '../events/index.js';
import type { DeploymentFacts } from './deployment-facts.js';
import type { OfstedJudgementView, SchoolView } from './school-view.js';

/** Higher is better. Only the overall-effectiveness grades are compared; a new framework needs its own scale. */
const GRADE_RANK: Record<OfstedGrade, number> = { inadequate: 1, 'requires-improvement': 2, good: 3, outstanding: 4 };

export const isBetterGrade = (grade: OfstedGrade, than: OfstedGrade) => GRADE_RANK[grade] > GRADE_RANK[than];

/** The judgement standing when support started, and the first later judgement that is better. */
export interface OfstedImprovement {
  before: OfstedJudgementView;
  after: OfstedJudgementView;
}

/**
 * "A school's Ofsted grade improved after support": a judgement inspected after the deployment started is
 * better than the last one inspected before it. A judgement on the start day itself is the one the support
 * began from (it is "before"). Judgements inspected after `upTo` are not yet known to a report dated `upTo`.
 * Gives the first better judgement, or null when there is nothing to compare or nothing better.
 *
 * The one definition both the half-termly report and the alliance impact report use.
 */
export function ofstedImprovementAfter(
  school: SchoolView | undefined,
  startedOn: IsoDate,
  upTo?: IsoDate,
): OfstedImprovement | null {
  if (!school) return null;
  const history = [...school.ofstedHistory].sort((a, b) =>
    a.inspectedOn < b.inspectedOn ? -1 : a.inspectedOn > b.inspectedOn ? 1 : 0,
  );
  const before = history.filter((j) => j.inspectedOn <= startedOn).at(-1);
  if (!before) return null;
  const after = history.find(
    (j) =>
      j.inspectedOn > startedOn &&
      (upTo === undefined || j.inspectedOn <= upTo) &&
      isBetterGrade(j.grade, before.grade),
  );
  return after ? { before, after } : null;
}

/** The same test for a deployment: from the day its SLE started; null when it never started. */
export function ofstedImprovementOf(
  deployment: Pick<DeploymentFacts, 'schoolUrn' | 'startedOn'>,
  schools: ReadonlyMap<string, SchoolView>,
  upTo?: IsoDate,
): OfstedImprovement | null {
  if (!deployment.startedOn) return null;
  return ofstedImprovementAfter(schools.get(deployment.schoolUrn), deployment.startedOn, upTo);
}

/** The improvement that counts as "moved from requires improvement to good" (or better). */
export const isRequiresImprovementToGood = (improvement: OfstedImprovement | null) =>
  !!improvement &&
  improvement.before.grade === 'requires-improvement' &&
  GRADE_RANK[improvement.after.grade] >= GRADE_RANK.good;

/** Schools, by URN and sorted, where at least one of these deployments was followed by a better judgement. */
export function schoolsOfstedImproved(
  deployments: readonly DeploymentFacts[],
  schools: ReadonlyMap<string, SchoolView>,
  upTo?: IsoDate,
): string[] {
  const urns = new Set(deployments.filter((d) => ofstedImprovementOf(d, schools, upTo)).map((d) => d.schoolUrn));
  return [...urns].sort();
}
