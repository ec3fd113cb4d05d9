import type {
  IsoDate,
  KeyJudgementArea,
  OfstedGrade,
  ReportCardArea,
  ReportCardCategory,
  ReportCardGrade,
  ReportCardSafeguarding,
} from '../events/index.js';
import type { DeploymentFacts } from './deployment-facts.js';
import type { OfstedJudgementView, SchoolView } from './school-view.js';

// What "improved" means, written down once (docs/ofsted.md, docs/reports.md). Ofsted says the three
// generations of judgement do not read across, so grades are compared only within one framework; across
// frameworks only two things are counted, each as its own measure: leaving a category of concern, and every
// area at the expected level (good, or expected standard) after an old "requires improvement".

/** Higher is better. */
const GRADE_RANK: Record<OfstedGrade, number> = { inadequate: 1, 'requires-improvement': 2, good: 3, outstanding: 4 };
const REPORT_CARD_RANK: Record<ReportCardGrade, number> = {
  'urgent-improvement': 1,
  'needs-attention': 2,
  'expected-standard': 3,
  'strong-standard': 4,
  exceptional: 5,
};

/** The area an overall-effectiveness judgement grades, so that all three generations are graded by area. */
export const OVERALL_EFFECTIVENESS = 'overall-effectiveness';
export type JudgedArea = typeof OVERALL_EFFECTIVENESS | KeyJudgementArea | ReportCardArea;

export const isBetterGrade = (grade: OfstedGrade, than: OfstedGrade) => GRADE_RANK[grade] > GRADE_RANK[than];

/** Each graded area of a judgement with its rank on the framework's own scale. */
export function gradedAreas(judgement: OfstedJudgementView): { area: JudgedArea; rank: number }[] {
  switch (judgement.framework) {
    case 'overall-effectiveness':
      return [{ area: OVERALL_EFFECTIVENESS, rank: GRADE_RANK[judgement.grade] }];
    case 'key-judgements':
      return Object.entries(judgement.areas).map(([area, grade]) => ({
        area: area as KeyJudgementArea,
        rank: GRADE_RANK[grade],
      }));
    case 'report-card':
      return Object.entries(judgement.areas).map(([area, grade]) => ({
        area: area as ReportCardArea,
        rank: REPORT_CARD_RANK[grade],
      }));
  }
}

/**
 * The areas (or the overall grade) graded higher in `after` than in `before`, in `after`'s order. Empty
 * when the two were judged under different frameworks: there is no read-across.
 */
export function areasImproved(before: OfstedJudgementView, after: OfstedJudgementView): JudgedArea[] {
  if (before.framework !== after.framework) return [];
  const was = new Map(gradedAreas(before).map((a) => [a.area, a.rank]));
  return gradedAreas(after)
    .filter((a) => {
      const rank = was.get(a.area);
      return rank !== undefined && a.rank > rank;
    })
    .map((a) => a.area);
}

/**
 * The category of concern a report card's grades put a school in (Ofsted's published rule, docs/ofsted.md):
 * special measures when leadership and governance needs urgent improvement and so does another area, or
 * safeguarding is not met; requires significant improvement when only one of those holds.
 */
export function reportCardCategory(
  areas: Partial<Record<ReportCardArea, ReportCardGrade>>,
  safeguarding: ReportCardSafeguarding,
): ReportCardCategory | undefined {
  const leadership = areas['leadership-and-governance'] === 'urgent-improvement';
  const elsewhere =
    safeguarding === 'not-met' ||
    Object.entries(areas).some(
      ([area, grade]) => area !== 'leadership-and-governance' && grade === 'urgent-improvement',
    );
  if (leadership && elsewhere) return 'special-measures';
  if (leadership || elsewhere) return 'requires-significant-improvement';
  return undefined;
}

/** "Requires improvement" as an old judgement gave it: the overall grade, or the lowest key judgement. */
function requiresImprovement(judgement: OfstedJudgementView): boolean {
  if (judgement.framework === 'overall-effectiveness') return judgement.grade === 'requires-improvement';
  if (judgement.framework === 'report-card') return false;
  const ranks = gradedAreas(judgement).map((a) => a.rank);
  return ranks.length > 0 && Math.min(...ranks) === GRADE_RANK['requires-improvement'];
}

/**
 * At the expected level in every area: key judgements all good or better (safeguarding not ineffective), or
 * a report card all at expected standard or above with safeguarding met. Never an overall grade: "good"
 * overall after "requires improvement" overall is the first generation's own measure.
 */
function atExpectedLevelThroughout(judgement: OfstedJudgementView): boolean {
  if (judgement.framework === 'overall-effectiveness') return false;
  if (judgement.framework === 'report-card' && judgement.safeguarding !== 'met') return false;
  if (judgement.framework === 'key-judgements' && judgement.safeguarding === 'not-effective') return false;
  const expected = judgement.framework === 'report-card' ? REPORT_CARD_RANK['expected-standard'] : GRADE_RANK.good;
  const ranks = gradedAreas(judgement).map((a) => a.rank);
  return ranks.length > 0 && ranks.every((rank) => rank >= expected);
}

export interface OfstedChange {
  before: OfstedJudgementView;
  after: OfstedJudgementView;
}

/** The judgement standing when support started, the first later one under the same framework that is better, and how. */
export interface OfstedImprovement extends OfstedChange {
  areas: JudgedArea[];
}

/** Every measure of how a school's judgements moved after support started (see `ofstedOutcomeAfter`). */
export interface OfstedOutcome {
  /** Within one framework: an area or the overall grade moved up. */
  improvement: OfstedImprovement | null;
  /** The first generation only: overall effectiveness from requires improvement to good or better. */
  requiresImprovementToGood: boolean;
  /** Any generation: in a category of concern when support started, and a later judgement places it in none. */
  leftCategoryOfConcern: OfstedChange | null;
  /**
   * Across generations: an old "requires improvement" (overall, or the lowest key judgement), then key
   * judgements all good or better, or a report card at expected standard or above throughout.
   */
  expectedStandardAfterRequiresImprovement: OfstedChange | null;
}

const NO_OUTCOME: OfstedOutcome = {
  improvement: null,
  requiresImprovementToGood: false,
  leftCategoryOfConcern: null,
  expectedStandardAfterRequiresImprovement: null,
};

/**
 * How a school's Ofsted judgements moved after support that started on `startedOn`. "Before" is the last
 * judgement inspected on or before that day (a judgement on the start day is the one support began from);
 * "after" is the first later judgement meeting each measure. Judgements inspected after `upTo` are not yet
 * known to a report dated `upTo`. Nothing counts without a judgement before.
 *
 * The one definition the alliance impact report, the half-termly report and the timeline use.
 */
export function ofstedOutcomeAfter(school: SchoolView | undefined, startedOn: IsoDate, upTo?: IsoDate): OfstedOutcome {
  if (!school) return NO_OUTCOME;
  const history = [...school.ofstedHistory].sort((a, b) =>
    a.inspectedOn < b.inspectedOn ? -1 : a.inspectedOn > b.inspectedOn ? 1 : 0,
  );
  const before = history.filter((j) => j.inspectedOn <= startedOn).at(-1);
  if (!before) return NO_OUTCOME;
  const later = history.filter((j) => j.inspectedOn > startedOn && (upTo === undefined || j.inspectedOn <= upTo));

  const improved = later
    .map((after) => ({ before, after, areas: areasImproved(before, after) }))
    .find((change) => change.areas.length > 0);
  const left = before.category ? later.find((j) => !j.category) : undefined;
  const expected = requiresImprovement(before) ? later.find(atExpectedLevelThroughout) : undefined;
  return {
    improvement: improved ?? null,
    requiresImprovementToGood: isRequiresImprovementToGood(improved ?? null),
    leftCategoryOfConcern: left ? { before, after: left } : null,
    expectedStandardAfterRequiresImprovement: expected ? { before, after: expected } : null,
  };
}

/** The same for a deployment: from the day its SLE started; nothing when it never started. */
export function ofstedOutcomeOf(
  deployment: Pick<DeploymentFacts, 'schoolUrn' | 'startedOn'>,
  schools: ReadonlyMap<string, SchoolView>,
  upTo?: IsoDate,
): OfstedOutcome {
  if (!deployment.startedOn) return NO_OUTCOME;
  return ofstedOutcomeAfter(schools.get(deployment.schoolUrn), deployment.startedOn, upTo);
}

/** The within-framework improvement alone (see `ofstedOutcomeAfter`). */
export const ofstedImprovementAfter = (school: SchoolView | undefined, startedOn: IsoDate, upTo?: IsoDate) =>
  ofstedOutcomeAfter(school, startedOn, upTo).improvement;

export const ofstedImprovementOf = (
  deployment: Pick<DeploymentFacts, 'schoolUrn' | 'startedOn'>,
  schools: ReadonlyMap<string, SchoolView>,
  upTo?: IsoDate,
) => ofstedOutcomeOf(deployment, schools, upTo).improvement;

/** The improvement that counts as "moved from requires improvement to good" (or better): overall grades only. */
export function isRequiresImprovementToGood(improvement: OfstedChange | null): boolean {
  if (!improvement) return false;
  const { before, after } = improvement;
  return (
    before.framework === 'overall-effectiveness' &&
    after.framework === 'overall-effectiveness' &&
    before.grade === 'requires-improvement' &&
    GRADE_RANK[after.grade] >= GRADE_RANK.good
  );
}

/** Schools, by URN and sorted, where at least one of these deployments was followed by a better judgement. */
export function schoolsOfstedImproved(
  deployments: readonly DeploymentFacts[],
  schools: ReadonlyMap<string, SchoolView>,
  upTo?: IsoDate,
): string[] {
  const urns = new Set(deployments.filter((d) => ofstedImprovementOf(d, schools, upTo)).map((d) => d.schoolUrn));
  return [...urns].sort();
}

// ---- words, for the timeline and the CSVs ----

export const JUDGED_AREA_LABELS: Record<JudgedArea, string> = {
  'overall-effectiveness': 'overall effectiveness',
  'quality-of-education': 'quality of education',
  'behaviour-and-attitudes': 'behaviour and attitudes',
  'personal-development': 'personal development',
  'leadership-and-management': 'leadership and management',
  inclusion: 'inclusion',
  'curriculum-and-teaching': 'curriculum and teaching',
  achievement: 'achievement',
  'attendance-and-behaviour': 'attendance and behaviour',
  'personal-development-and-well-being': 'personal development and well-being',
  'leadership-and-governance': 'leadership and governance',
  'early-years': 'early years',
  'sixth-form': 'sixth form',
};

/** A grade, category or safeguarding code in words: `requires-improvement` → `requires improvement`. */
export const ofstedWords = (code: string) => code.replaceAll('-', ' ');

/** The grade an area was given by a judgement, in words; undefined when it did not grade that area. */
export function gradeIn(judgement: OfstedJudgementView, area: JudgedArea): string | undefined {
  if (judgement.framework === 'overall-effectiveness')
    return area === OVERALL_EFFECTIVENESS ? ofstedWords(judgement.grade) : undefined;
  const grade = (judgement.areas as Partial<Record<JudgedArea, string>>)[area];
  return grade === undefined ? undefined : ofstedWords(grade);
}

/** One line for a judgement: `requires improvement`, or each area's grade, with safeguarding and any category. */
export function describeJudgement(judgement: OfstedJudgementView): string {
  const category = judgement.category ? ` (${ofstedWords(judgement.category)})` : '';
  if (judgement.framework === 'overall-effectiveness') return `${ofstedWords(judgement.grade)}${category}`;
  const areas = gradedAreas(judgement)
    .map(({ area }) => `${JUDGED_AREA_LABELS[area]} ${gradeIn(judgement, area)}`)
    .join(', ');
  const safeguarding = judgement.safeguarding ? `; safeguarding ${ofstedWords(judgement.safeguarding)}` : '';
  return `${areas}${safeguarding}${category}`;
}

/** `achievement from needs attention to expected standard`, for each area `after` improved on `before`. */
export function describeImprovement({ before, after }: OfstedChange): string[] {
  return areasImproved(before, after).map(
    (area) => `${JUDGED_AREA_LABELS[area]} from ${gradeIn(before, area)} to ${gradeIn(after, area)}`,
  );
}
