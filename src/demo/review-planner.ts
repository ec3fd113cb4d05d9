import { HALF_TERMS, type HalfTerm, type IsoDate } from '../../events/index.js';
import { halfTermDates } from '../calendar/academic-calendar.js';
import { CORE_TEAM } from './alliance-catalogue.js';
import type { PlannedSchool, PlannedStep } from './demo-plan.js';
import { daysFrom, previousSchoolDay } from './school-days.js';
import type { CaseTimeline } from './support-case-planner.js';

type ReviewStep = Extract<PlannedStep, { kind: 'review' }>;
type OfstedStep = Extract<PlannedStep, { kind: 'ofsted' }>;
type DataPointStep = Extract<PlannedStep, { kind: 'data-point' }>;

/** The core team meets in the last weeks of each half term. */
const MEETING_DAY: Record<HalfTerm, string> = {
  'autumn-1': '10-16',
  'autumn-2': '12-10',
  'spring-1': '02-05',
  'spring-2': '03-25',
  'summer-1': '05-19',
  'summer-2': '07-14',
};

const ABSENCE_CONCERN = 23;

export interface ReviewInputs {
  academicYears: string[];
  today: IsoDate;
  schools: PlannedSchool[];
  cases: CaseTimeline[];
  ofstedSteps: OfstedStep[];
  dataPoints: DataPointStep[];
}

/**
 * One review per half term up to today: the core team names a school when a current deployment is at risk
 * or off track at its latest contact, has had no contact for three weeks, the school is inadequate, or its
 * latest shared data shows high persistent absence.
 */
export function planReviews({
  academicYears,
  today,
  schools,
  cases,
  ofstedSteps,
  dataPoints,
}: ReviewInputs): ReviewStep[] {
  const reviews: ReviewStep[] = [];
  for (const academicYear of academicYears) {
    for (const halfTerm of HALF_TERMS) {
      const { from } = halfTermDates(academicYear, halfTerm);
      const monthDay = MEETING_DAY[halfTerm];
      const heldOn = previousSchoolDay(
        `${monthDay >= '09-01' ? academicYear.slice(0, 4) : Number(academicYear.slice(0, 4)) + 1}-${monthDay}`,
      );
      if (heldOn > today || heldOn < from) continue;
      reviews.push(review(academicYear, halfTerm, from, heldOn, { schools, cases, ofstedSteps, dataPoints }));
    }
  }
  return reviews;
}

function review(
  academicYear: string,
  halfTerm: HalfTerm,
  from: IsoDate,
  heldOn: IsoDate,
  { schools, cases, ofstedSteps, dataPoints }: Omit<ReviewInputs, 'academicYears' | 'today'>,
): ReviewStep {
  const concerns = new Map<string, string[]>();
  const note = (urn: string, concern: string) => concerns.set(urn, [...(concerns.get(urn) ?? []), concern]);

  const current = cases.filter(
    (c) =>
      c.startedOn &&
      c.startedOn <= heldOn &&
      !(c.evaluatedOn && c.evaluatedOn <= heldOn) &&
      !(c.cancellation && c.cancellation.on <= heldOn),
  );
  const tally = { 'on-track': 0, 'at-risk': 0, 'off-track': 0 };
  for (const c of current) {
    const last = [...c.contacts].reverse().find((contact) => contact.on <= heldOn);
    if (last) tally[last.status]++;
    if (last && last.status !== 'on-track') {
      note(
        c.brief.school.urn,
        `The ${c.brief.specialism} deployment was ${last.status} at the last contact (${last.on}): ${last.note}`,
      );
    }
    const since = last?.on ?? c.startedOn!;
    if (daysFrom(since, heldOn) > 21)
      note(c.brief.school.urn, `No contact on the ${c.brief.specialism} deployment since ${since}`);
  }

  let highAbsence = 0;
  for (const school of schools) {
    const judgement = latestJudgement(school, ofstedSteps, heldOn);
    if (judgement?.inadequate) {
      note(
        school.urn,
        `Judged inadequate or in urgent need of improvement${judgement.category ? ` (${judgement.category.replace('-', ' ')})` : ''} on ${judgement.inspectedOn}; support is a priority`,
      );
    }
    const absence = dataPoints
      .filter((p) => p.urn === school.urn && p.measure === 'Persistent absence' && p.on <= heldOn)
      .at(-1);
    if (absence && absence.value > ABSENCE_CONCERN) {
      highAbsence++;
      note(school.urn, `Persistent absence at ${absence.value}% in the data shared on ${absence.on}`);
    }
  }

  const requests = cases.filter((c) => c.brief.requestedOn >= from && c.brief.requestedOn <= heldOn).length;
  const evaluations = cases.filter((c) => c.evaluatedOn && c.evaluatedOn >= from && c.evaluatedOn <= heldOn).length;
  const notes =
    `Reviewed ${current.length} current deployment${current.length === 1 ? '' : 's'} ` +
    `(${tally['on-track']} on track, ${tally['at-risk']} at risk, ${tally['off-track']} off track). ` +
    `${requests} new request${requests === 1 ? '' : 's'} for support and ${evaluations} evaluation${evaluations === 1 ? '' : 's'} so far this half term. ` +
    `Local data shared: ${highAbsence} school${highAbsence === 1 ? '' : 's'} above ${ABSENCE_CONCERN}% persistent absence.`;

  return {
    kind: 'review',
    on: heldOn,
    academicYear,
    halfTerm,
    attendees: CORE_TEAM.map(({ name, role }) => ({ name, role })),
    areasOfConcern: [...concerns].map(([schoolUrn, list]) => ({ schoolUrn, concern: list.join('; ') })),
    notes,
  };
}

function latestJudgement(
  school: PlannedSchool,
  ofstedSteps: OfstedStep[],
  on: IsoDate,
): { inadequate: boolean; category?: string; inspectedOn: IsoDate } | undefined {
  const later = ofstedSteps.filter((s) => s.urn === school.urn && s.on <= on).at(-1);
  if (later) {
    const { grade, areas = {}, category } = later.judgement;
    const inadequate =
      grade === 'inadequate' || Object.values(areas).some((g) => g === 'inadequate' || g === 'urgent-improvement');
    return { inadequate, category, inspectedOn: later.on };
  }
  return school.ofsted && { ...school.ofsted, inadequate: school.ofsted.grade === 'inadequate' };
}
