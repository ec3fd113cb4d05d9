// Ofsted judgements of the three generations in words (docs/ofsted.md), for the pages and the chart.
import { labelOf } from './dom.js';
/** @import { OfstedJudgement } from './api-types.js' */

/** @type {Record<OfstedJudgement['framework'], string>} */
export const FRAMEWORK_LABELS = {
  'overall-effectiveness': 'Overall effectiveness',
  'key-judgements': 'Key judgements',
  'report-card': 'Report card',
};

/**
 * Each graded area of a judgement with its grade: the overall grade as the one area of the first generation.
 * @param {OfstedJudgement} j
 * @returns {[area: string, grade: string][]}
 */
export function gradesOf(j) {
  if (j.framework === 'overall-effectiveness') return [['overall-effectiveness', j.grade]];
  return /** @type {[string, string][]} */ (Object.entries(j.areas));
}

/**
 * One line: `Requires improvement`, or each area and its grade, then safeguarding and any category.
 * @param {OfstedJudgement} j
 */
export function judgementText(j) {
  const category = j.category ? ` (${labelOf(j.category).toLowerCase()})` : '';
  if (j.framework === 'overall-effectiveness') return `${labelOf(j.grade)}${category}`;
  const areas = gradesOf(j)
    .map(([area, grade]) => `${labelOf(area)}: ${labelOf(grade).toLowerCase()}`)
    .join('; ');
  const safeguarding = j.safeguarding ? `; safeguarding ${labelOf(j.safeguarding).toLowerCase()}` : '';
  return `${FRAMEWORK_LABELS[j.framework]}. ${areas}${safeguarding}${category}`;
}
