import type { IsoDate } from '../events/index.js';
import { byCodeUnits } from '../src/shared/order.js';
import type { AllianceViews } from './alliance-views.js';
import type { DeploymentFacts } from './deployment-facts.js';
import type { DeploymentView } from './deployment-view.js';

/**
 * What the reads ask of deployments beyond one view: the few lookups that would otherwise scan every
 * deployment. The read models answer them from an index kept up to date as events are applied
 * (`src/read-models/deployment-index.ts`); without one, each report scans the views. Every answer is exactly
 * what the scan it replaces would give.
 */
export interface DeploymentLookup {
  /** A school's deployments, in the order the views hold them. */
  deploymentsOfSchool(urn: string): DeploymentView[];
  /** The facts of an SLE's deployments (those they were matched to), in the order they were matched. */
  deploymentsOfSle(sleId: string): readonly DeploymentFacts[];
  /**
   * Sorted by school URN, then deployment id: every deployment with a step dated from `from` to `to`, and
   * every one started by `to` that had not ended (evaluated or cancelled) before `from`. Possibly a few more,
   * so a report over the period still applies its own date tests; never fewer. With `schoolUrns` (sorted),
   * only those schools' deployments.
   */
  deploymentsTouching(from: IsoDate, to: IsoDate, schoolUrns?: readonly string[]): DeploymentFacts[];
  /** `typicalDaysFor(specialism, every deployment)`: the median days commissioned in the specialism. */
  typicalDays(specialism: string): number | undefined;
  /** The requests waiting for a brokerage meeting (status `requested`), `oldestRequestFirst`. */
  requestsWaiting(): readonly DeploymentView[];
  /** The facts of the deployments under way (status `deployed`), in no particular order. */
  deploymentsUnderWay(): DeploymentFacts[];
  /** Calls `each` with the facts of every deployment, in no particular order. */
  forEachDeployment(each: (facts: DeploymentFacts) => void): void;
}

/** Views that carry their own lookup, as the read models do; the reports use it when no other is given. */
export interface IndexedViews extends AllianceViews {
  readonly deploymentIndex: DeploymentLookup;
  /** The URNs of a local authority's schools, sorted, as `schoolsOf` (half-term-report.ts) finds them. */
  schoolsIn(localAuthority: string): readonly string[];
}

export const lookupOf = (views: AllianceViews): DeploymentLookup | undefined =>
  (views as Partial<IndexedViews>).deploymentIndex;

/** Calls `each` with every deployment's facts: from the views' lookup where they carry one, else from the views. */
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

/** Median days commissioned by deployments in a specialism (brokered or later, not cancelled). */
export function typicalDaysFor(specialism: string, deployments: Iterable<DeploymentFacts>): number | undefined {
  const days: number[] = [];
  for (const d of deployments) {
    const counted = d.specialism === specialism ? typicalDaysOf(d) : undefined;
    if (counted !== undefined) days.push(counted);
  }
  return medianOfSorted(days.sort((a, b) => a - b));
}

/** The brokerage queue's order: by the day requested, then deployment id. */
export const oldestRequestFirst = (a: DeploymentFacts, b: DeploymentFacts) =>
  byCodeUnits(a.requestedOn, b.requestedOn) || byCodeUnits(a.deploymentId, b.deploymentId);

/** The order of the half-termly report's lists: by school URN, then deployment id. */
export const bySchoolThenId = (a: DeploymentFacts, b: DeploymentFacts) =>
  byCodeUnits(a.schoolUrn, b.schoolUrn) || byCodeUnits(a.deploymentId, b.deploymentId);
