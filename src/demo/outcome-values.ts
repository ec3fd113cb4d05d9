import type { ExpectedOutcome, IsoDate, OfstedGrade } from '../../events/index.js';
import { HEADLINES_BY_PHASE, type MeasureSpec } from './alliance-catalogue.js';
import type { PlannedSchool, PlannedStep } from './demo-plan.js';
import type { Prng } from './prng.js';
import { daysFrom } from './school-days.js';
import type { CaseStory, CaseTimeline } from './support-case-planner.js';

/** What was agreed and what was measured for one case. */
export interface CaseOutcomes {
  expected: ExpectedOutcome[];
  actuals: number[];
  schoolRating: number;
  summary: string;
}

type DataPointStep = Extract<PlannedStep, { kind: 'data-point' }>;

/** When each headline measure is published across the alliance. */
const DATA_DATES: Record<string, IsoDate[]> = {
  'KS2 reading expected standard': ['2024-07-10', '2025-07-10', '2026-07-10'],
  'KS2 maths expected standard': ['2024-07-10', '2025-07-10', '2026-07-10'],
  'Y1 phonics screening check pass rate': ['2024-07-10', '2025-07-10', '2026-07-10'],
  'GCSE English grade 4+': ['2024-08-22', '2025-08-21', '2026-08-20'],
  'GCSE maths grade 4+': ['2024-08-22', '2025-08-21', '2026-08-20'],
  'Persistent absence': ['2024-07-19', '2024-12-18', '2025-07-18', '2025-12-17', '2026-07-17', '2026-10-23'],
};

/** How strong a school's data starts, from its last inspection (0 weak to 1 strong). */
const STRENGTH: Record<OfstedGrade | 'none', number> = {
  outstanding: 0.85,
  good: 0.6,
  'requires-improvement': 0.3,
  inadequate: 0.1,
  none: 0.5,
};

function round(value: number, spec: MeasureSpec): number {
  const factor = spec.decimals ? 10 : 1;
  const rounded = Math.round(value * factor) / factor;
  if (spec.unit === '%') return Math.min(100, Math.max(0, rounded));
  return Math.max(0, rounded);
}

function startingLevel(spec: MeasureSpec, school: PlannedSchool, rng: Prng): number {
  const [lo, hi] = spec.baseline;
  const strength = STRENGTH[school.ofsted?.grade ?? 'none'];
  const base = spec.direction === 1 ? lo + (hi - lo) * strength : hi - (hi - lo) * strength;
  const specialOffset = school.phase === 'special' && spec.direction === -1 ? 6 : 0;
  return round(base + specialOffset + rng.decimal(-3, 3), spec);
}

function agree(spec: MeasureSpec, baseline: number, rng: Prng): number {
  let target = round(baseline + spec.direction * rng.int(spec.step[0], spec.step[1]), spec);
  if (target === baseline) target = round(baseline + spec.direction * (spec.decimals ? 0.5 : 1), spec);
  return target;
}

type Result = 'achieved' | 'partly' | 'not';

function resultFor(story: CaseStory, index: number, rng: Prng): Result {
  if (story === 'smooth') return 'achieved';
  if (story === 'wobble') return index === 0 || rng.chance(0.5) ? 'achieved' : 'partly';
  return index === 0 ? 'partly' : rng.chance(0.5) ? 'partly' : 'not';
}

function measureActual(spec: MeasureSpec, baseline: number, target: number, result: Result, rng: Prng): number {
  const gap = target - baseline;
  if (result === 'achieved')
    return round(target + spec.direction * rng.int(0, Math.max(1, Math.ceil(Math.abs(gap) / 4))), spec);
  if (result === 'not') return round(baseline - spec.direction * rng.int(0, 2), spec);
  const partly = round(baseline + gap * rng.decimal(0.3, 0.8), spec);
  // Strictly between baseline and target, so that it reads as partly achieved.
  if ((partly - baseline) * spec.direction <= 0 || (partly - target) * spec.direction >= 0)
    return round(baseline + gap / 2, spec);
  return partly;
}

const STORY_SUMMARY: Record<CaseStory, string> = {
  smooth: 'Leaders have embedded the approach and will sustain it without further support.',
  wobble: 'Staff absence in the middle of the deployment slowed progress, but the work was back on track by the end.',
  struggle:
    'Staffing turbulence meant agreed actions were not followed through; the core team will keep the school under review.',
};

function summarise(timeline: CaseTimeline, results: Result[]): string {
  const achieved = results.filter((r) => r === 'achieved').length;
  const partly = results.filter((r) => r === 'partly').length;
  const parts = [
    `${achieved} of ${results.length} expected outcome${results.length === 1 ? '' : 's'} achieved${partly ? `, ${partly} partly achieved` : ''}.`,
  ];
  parts.push(STORY_SUMMARY[timeline.brief.story]);
  if (timeline.extension)
    parts.push(`The extension (${timeline.extension.focus.toLowerCase()}) was well received by staff.`);
  return parts.join(' ');
}

/**
 * Walks the alliance's history in date order so that the numbers agree with each other: a baseline is the
 * school's latest figure, a result published while support is under way is what the evaluation measures,
 * and the school's data carries on from the evaluated figure.
 */
export function planOutcomesAndData(
  rng: Prng,
  schools: PlannedSchool[],
  cases: CaseTimeline[],
): { outcomes: Map<string, CaseOutcomes>; dataPoints: DataPointStep[] } {
  const level = new Map<string, number>();
  const key = (urn: string, measure: string) => `${urn}|${measure}`;
  for (const school of schools) {
    for (const spec of HEADLINES_BY_PHASE[school.phase])
      level.set(key(school.urn, spec.measure), startingLevel(spec, school, rng));
  }

  type Event =
    | { on: IsoDate; order: 0; kind: 'meeting'; timeline: CaseTimeline }
    | { on: IsoDate; order: 1; kind: 'data'; school: PlannedSchool; spec: MeasureSpec }
    | { on: IsoDate; order: 2; kind: 'evaluation'; timeline: CaseTimeline };
  const events: Event[] = [];
  for (const school of schools) {
    for (const spec of HEADLINES_BY_PHASE[school.phase]) {
      for (const on of DATA_DATES[spec.measure]) events.push({ on, order: 1, kind: 'data', school, spec });
    }
  }
  for (const timeline of cases) {
    if (timeline.meeting) events.push({ on: timeline.meeting.heldOn, order: 0, kind: 'meeting', timeline });
    if (timeline.evaluatedOn) events.push({ on: timeline.evaluatedOn, order: 2, kind: 'evaluation', timeline });
  }
  events.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));

  const outcomes = new Map<string, CaseOutcomes>();
  const dataPoints: DataPointStep[] = [];
  for (const event of events) {
    if (event.kind === 'meeting') {
      const { timeline } = event;
      const urn = timeline.brief.school.urn;
      const expected: ExpectedOutcome[] = [];
      const actuals: number[] = [];
      const results: Result[] = [];
      timeline.measures.forEach((spec, index) => {
        const baseline = spec.headline
          ? level.get(key(urn, spec.measure))!
          : round(rng.int(spec.baseline[0], spec.baseline[1]), spec);
        const target = agree(spec, baseline, rng);
        const result = resultFor(timeline.brief.story, index, rng);
        expected.push({ measure: spec.measure, unit: spec.unit, baseline, target });
        actuals.push(measureActual(spec, baseline, target, result, rng));
        results.push(result);
      });
      const rating =
        timeline.brief.story === 'smooth'
          ? rng.pick([5, 5, 4])
          : timeline.brief.story === 'wobble'
            ? rng.pick([4, 4, 5, 3])
            : rng.pick([3, 2, 3]);
      outcomes.set(timeline.brief.key, {
        expected,
        actuals,
        schoolRating: rating,
        summary: summarise(timeline, results),
      });
    } else if (event.kind === 'evaluation') {
      const { timeline } = event;
      const agreed = outcomes.get(timeline.brief.key)!;
      timeline.measures.forEach((spec, index) => {
        if (spec.headline) level.set(key(timeline.brief.school.urn, spec.measure), agreed.actuals[index]);
      });
    } else {
      const { school, spec, on } = event;
      const open = cases.find(
        (c) =>
          c.brief.school.urn === school.urn &&
          c.evaluatedOn !== undefined &&
          c.meeting!.heldOn <= on &&
          on <= c.evaluatedOn &&
          c.measures.some((m) => m.measure === spec.measure),
      );
      let value: number;
      if (open) {
        const agreed = outcomes.get(open.brief.key)!;
        const index = open.measures.findIndex((m) => m.measure === spec.measure);
        const { baseline } = agreed.expected[index];
        const actual = agreed.actuals[index];
        // A published result is the result; absence moves towards the final figure as the work goes on.
        const progress = spec.knownFrom
          ? 1
          : Math.min(
              1,
              Math.max(0, daysFrom(open.startedOn!, on) / Math.max(1, daysFrom(open.startedOn!, open.evaluatedOn!))),
            );
        value = round(baseline + (actual - baseline) * progress, spec);
      } else {
        const noise = spec.decimals ? rng.decimal(-1.2, 1.2) : rng.int(-3, 3);
        value = round(level.get(key(school.urn, spec.measure))! + noise, spec);
      }
      level.set(key(school.urn, spec.measure), value);
      dataPoints.push({ kind: 'data-point', on, urn: school.urn, measure: spec.measure, unit: spec.unit, value });
    }
  }
  return { outcomes, dataPoints };
}
