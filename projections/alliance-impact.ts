import type { IsoDate } from '../events/index.js';
import type { AllianceViews } from './alliance-views.js';
import type { DeploymentFacts } from './deployment-facts.js';
import { forEachDeployment } from './deployment-lookup.js';
import { averageRating, sum } from './half-term-report.js';
import { ofstedOutcomeOf, type OfstedChange, type OfstedImprovement } from './ofsted.js';

/** One evaluated deployment, with what it adds to each figure. */
export interface ImpactDeployment {
  deploymentId: string;
  schoolUrn: string;
  schoolName: string;
  sleId: string | null;
  programme: string;
  specialism: string;
  startedOn: IsoDate | null;
  evaluatedOn: IsoDate;
  daysCommissioned: number;
  daysDelivered: number;
  outcomesAchieved: number;
  outcomesTotal: number;
  schoolRating: number;
  positiveRating: boolean;
  /** The judgement standing when the SLE started and the first better one after, in the same framework; null when none. */
  ofstedImprovement: OfstedImprovement | null;
  requiresImprovementToGood: boolean;
  /** In a category of concern when the SLE started, and a later judgement (of any framework) in none. */
  leftCategoryOfConcern: OfstedChange | null;
  /** An old "requires improvement" when the SLE started, then a report card at expected standard or above throughout. */
  expectedStandardAfterRequiresImprovement: OfstedChange | null;
}

export interface AllianceImpact {
  from: IsoDate;
  to: IsoDate;
  /** Present when the figures cover one programme's deployments only. */
  programme?: string;
  deploymentsCompleted: number;
  daysCommissioned: number;
  daysDelivered: number;
  outcomesAchieved: number;
  outcomesTotal: number;
  /** Distinct schools with at least one deployment here whose `ofstedImprovement` is set. */
  schoolsOfstedImproved: number;
  /** Distinct schools with at least one deployment here that moved from requires improvement to good or better. */
  requiresImprovementToGood: number;
  /** Distinct schools with a deployment here whose `leftCategoryOfConcern` is set. */
  schoolsLeftCategoryOfConcern: number;
  /** Distinct schools with a deployment here whose `expectedStandardAfterRequiresImprovement` is set. */
  schoolsExpectedStandardAfterRequiresImprovement: number;
  averageSchoolRating: number | null;
  /** Share (0 to 1, three decimals) of the school ratings that are 4 or 5; null when nothing was evaluated. */
  positiveRatingShare: number | null;
  deployments: ImpactDeployment[];
}

export const POSITIVE_RATING = 4;

/**
 * The figures alliances publish, over the deployments evaluated from `from` to `to` inclusive. Every figure
 * is a sum or count over `deployments`, so a reader can check it. Days are the deployment's totals
 * (commissioned with extensions; delivered by all its contacts). The Ofsted measures are `ofstedOutcomeOf`'s,
 * the rules the half-termly report uses too, with every judgement recorded so far. Pure.
 * Deployments are sorted by evaluation date, then id.
 */
export function allianceImpact(
  views: AllianceViews,
  { from, to, programme }: { from: IsoDate; to: IsoDate; programme?: string },
): AllianceImpact {
  const evaluated: DeploymentFacts[] = [];
  forEachDeployment(views, (d) => {
    if (programme !== undefined && d.programme !== programme) return;
    if (d.evaluation && d.evaluation.heldOn >= from && d.evaluation.heldOn <= to) evaluated.push(d);
  });
  const deployments: ImpactDeployment[] = evaluated
    .map((d) => {
      const evaluation = d.evaluation!;
      const ofsted = ofstedOutcomeOf(d, views.schools);
      return {
        deploymentId: d.deploymentId,
        schoolUrn: d.schoolUrn,
        schoolName: views.schools.get(d.schoolUrn)?.name ?? d.schoolUrn,
        sleId: d.sleId,
        programme: d.programme,
        specialism: d.specialism,
        startedOn: d.startedOn,
        evaluatedOn: evaluation.heldOn,
        daysCommissioned: d.daysCommissioned,
        daysDelivered: d.daysDelivered,
        outcomesAchieved: evaluation.outcomes.filter((o) => o.result === 'achieved').length,
        outcomesTotal: evaluation.outcomes.length,
        schoolRating: evaluation.schoolRating,
        positiveRating: evaluation.schoolRating >= POSITIVE_RATING,
        ofstedImprovement: ofsted.improvement,
        requiresImprovementToGood: ofsted.requiresImprovementToGood,
        leftCategoryOfConcern: ofsted.leftCategoryOfConcern,
        expectedStandardAfterRequiresImprovement: ofsted.expectedStandardAfterRequiresImprovement,
      };
    })
    .sort((a, b) =>
      a.evaluatedOn < b.evaluatedOn
        ? -1
        : a.evaluatedOn > b.evaluatedOn
          ? 1
          : a.deploymentId < b.deploymentId
            ? -1
            : a.deploymentId > b.deploymentId
              ? 1
              : 0,
    );

  const distinctSchools = (keep: (d: ImpactDeployment) => boolean) =>
    new Set(deployments.filter(keep).map((d) => d.schoolUrn)).size;
  const ratings = deployments.map((d) => d.schoolRating);
  return {
    from,
    to,
    ...(programme === undefined ? {} : { programme }),
    deploymentsCompleted: deployments.length,
    daysCommissioned: sum(deployments.map((d) => d.daysCommissioned)),
    daysDelivered: sum(deployments.map((d) => d.daysDelivered)),
    outcomesAchieved: sum(deployments.map((d) => d.outcomesAchieved)),
    outcomesTotal: sum(deployments.map((d) => d.outcomesTotal)),
    schoolsOfstedImproved: distinctSchools((d) => !!d.ofstedImprovement),
    requiresImprovementToGood: distinctSchools((d) => d.requiresImprovementToGood),
    schoolsLeftCategoryOfConcern: distinctSchools((d) => !!d.leftCategoryOfConcern),
    schoolsExpectedStandardAfterRequiresImprovement: distinctSchools(
      (d) => !!d.expectedStandardAfterRequiresImprovement,
    ),
    averageSchoolRating: averageRating(ratings),
    positiveRatingShare: ratings.length
      ? Math.round((deployments.filter((d) => d.positiveRating).length / ratings.length) * 1000) / 1000
      : null,
    deployments,
  };
}
