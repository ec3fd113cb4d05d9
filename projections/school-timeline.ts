import type { IsoDate, ProgressStatus, RequestSource } from '../events/index.js';
import { byCodeUnits } from '../src/shared/order.js';
import type { AllianceViews } from './alliance-views.js';
import { lookupOf, type DeploymentLookup } from './deployment-lookup.js';
import { describeImprovement, describeJudgement } from './ofsted.js';
import type { DeploymentView } from './deployment-view.js';

/** What happened, in the order a deployment's life runs; school-wide entries follow on the same day. */
export const TIMELINE_KINDS = [
  'support-requested',
  'brokerage-meeting',
  'deployment-started',
  'contact',
  'extension',
  'evaluation',
  'cancellation',
  'ofsted-judgement',
  'school-data',
  'core-team-concern',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  at: IsoDate;
  kind: TimelineKind;
  deploymentId?: string;
  summary: string;
}

export type MeasureSource = 'baseline' | 'school-data' | 'actual' | 'target';

export interface MeasureSeries {
  measure: string;
  unit: string;
  points: { at: IsoDate; value: number; source: MeasureSource }[];
}

export interface SchoolTimeline {
  urn: string;
  name: string;
  entries: TimelineEntry[];
  measures: MeasureSeries[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2025-09-22` as `22 September 2025`. */
export const longDate = (date: IsoDate) =>
  `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

const SOURCES: Record<RequestSource, string> = {
  'self-referral': 'self-referral',
  dfe: 'DfE',
  'local-authority': 'local authority',
  'core-team': 'core team',
};
const CHANNELS: Record<string, string> = { email: 'Email', phone: 'Phone call', visit: 'Visit', meeting: 'Meeting' };
const STATUSES: Record<ProgressStatus, string> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
};

const FRAMEWORK_NAMES = {
  'overall-effectiveness': 'Ofsted judged the school',
  'key-judgements': 'Ofsted key judgements:',
  'report-card': 'Ofsted report card:',
} as const;

const days = (n: number) => (n === 0.5 ? 'half a day' : n === 1 ? '1 day' : `${n} days`);
const withUnit = (value: number, unit: string) => (unit === '%' ? `${value}%` : `${value} ${unit}`);
/** Trimmed, ending with a full stop unless it already ends a sentence. */
const sentence = (text: string) => {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/**
 * One school's impact timeline from the views: every step of its deployments, its Ofsted judgements, its
 * data points and the core team's concerns about it, oldest first; and its measures as series so that a
 * chart can show before and after. Undefined for a school never registered. Pure.
 *
 * Ties on a day are broken by TIMELINE_KINDS order, then deploymentId, then the order within a deployment.
 * Summaries name no people: the SLE is not named and attendees are not listed.
 *
 * Measures: each expected outcome gives its baseline at the brokerage meeting, its target at the (latest)
 * end date, and its actual at the evaluation; a cancelled deployment gives no target, as it is no longer
 * aimed at. Each recorded data point is a 'school-data' point. Series are keyed by measure (ignoring case
 * and surrounding spaces, as the school decider does) and unit, named as first seen, sorted by name then unit.
 *
 * `index` finds the school's deployments without reading every one (the views' own when absent; a scan when
 * they have none); the timeline is the same.
 */
export function schoolTimeline(
  views: AllianceViews,
  urn: string,
  index: DeploymentLookup | undefined = lookupOf(views),
): SchoolTimeline | undefined {
  const school = views.schools.get(urn);
  if (!school) return undefined;
  const deployments = index
    ? index.deploymentsOfSchool(urn)
    : [...views.deployments.values()].filter((d) => d.schoolUrn === urn);

  const entries: TimelineEntry[] = [];
  const points: (MeasureSeries['points'][number] & { measure: string; unit: string })[] = [];

  for (const d of deployments) {
    entries.push(...deploymentEntries(d));
    if (d.brokerageMeeting) {
      for (const o of d.expectedOutcomes) {
        points.push({
          measure: o.measure,
          unit: o.unit,
          at: d.brokerageMeeting.heldOn,
          value: o.baseline,
          source: 'baseline',
        });
        if (d.status !== 'cancelled' && d.endDate)
          points.push({ measure: o.measure, unit: o.unit, at: d.endDate, value: o.target, source: 'target' });
      }
    }
    for (const o of d.evaluation?.outcomes ?? []) {
      points.push({ measure: o.measure, unit: o.unit, at: d.evaluation!.heldOn, value: o.actual, source: 'actual' });
    }
  }

  // Each judgement says what moved since the previous one of its framework; never across frameworks.
  school.ofstedHistory.forEach((j, i) => {
    const previous = school.ofstedHistory.slice(0, i).findLast((p) => p.framework === j.framework);
    const moved = previous ? describeImprovement({ before: previous, after: j }) : [];
    entries.push({
      at: j.inspectedOn,
      kind: 'ofsted-judgement',
      summary: `${FRAMEWORK_NAMES[j.framework]} ${describeJudgement(j)}.${moved.length ? ` Improved: ${moved.join('; ')}.` : ''}`,
    });
  });
  for (const p of school.dataPoints) {
    entries.push({ at: p.recordedOn, kind: 'school-data', summary: `${p.measure}: ${withUnit(p.value, p.unit)}.` });
    points.push({ measure: p.measure, unit: p.unit, at: p.recordedOn, value: p.value, source: 'school-data' });
  }
  for (const review of views.reviews.values()) {
    for (const concern of review.areasOfConcern) {
      if (concern.schoolUrn !== urn) continue;
      entries.push({
        at: review.heldOn,
        kind: 'core-team-concern',
        summary: `Core team concern at the ${review.halfTerm} ${review.academicYear} review: ${sentence(concern.concern)}`,
      });
    }
  }

  return { urn, name: school.name, entries: sortEntries(entries), measures: toSeries(points) };
}

function deploymentEntries(d: DeploymentView): TimelineEntry[] {
  const id = d.deploymentId;
  const out: TimelineEntry[] = [
    {
      at: d.requestedOn,
      kind: 'support-requested',
      deploymentId: id,
      summary: `Support requested in ${d.specialism} (${SOURCES[d.source]}): ${sentence(d.requestedAreaOfNeed)}`,
    },
  ];
  if (d.brokerageMeeting) {
    // Days and end date as agreed at the meeting: extensions are their own entries.
    const agreedDays = d.daysCommissioned - d.extensions.reduce((sum, e) => sum + e.additionalDays, 0);
    const agreedEnd = d.brokerageMeeting.endDate ?? d.endDate!;
    const outcomes =
      d.expectedOutcomes.length === 1 ? '1 expected outcome' : `${d.expectedOutcomes.length} expected outcomes`;
    out.push({
      at: d.brokerageMeeting.heldOn,
      kind: 'brokerage-meeting',
      deploymentId: id,
      summary: `Brokerage meeting agreed ${days(agreedDays)} of support from ${longDate(d.startDate!)} to ${longDate(agreedEnd)}, with ${outcomes}: ${sentence(d.areaOfNeed)}`,
    });
  }
  if (d.startedOn)
    out.push({
      at: d.startedOn,
      kind: 'deployment-started',
      deploymentId: id,
      summary: 'The SLE started work with the school.',
    });
  for (const c of d.contacts) {
    const used = c.daysUsed ? `, ${days(c.daysUsed)} used` : '';
    out.push({
      at: c.on,
      kind: 'contact',
      deploymentId: id,
      summary: `${CHANNELS[c.channel] ?? c.channel}${used}: ${STATUSES[c.status]}.`,
    });
  }
  for (const e of d.extensions) {
    const more = e.additionalDays ? `${days(e.additionalDays)} more, ` : '';
    out.push({
      at: e.on,
      kind: 'extension',
      deploymentId: id,
      summary: `Extended: ${more}now ending ${longDate(e.newEndDate)}. New focus: ${sentence(e.focus)}`,
    });
  }
  if (d.evaluation) {
    const { outcomes, schoolRating, summary, heldOn } = d.evaluation;
    const achieved = outcomes.filter((o) => o.result === 'achieved').length;
    const partly = outcomes.filter((o) => o.result === 'partly-achieved').length;
    const partlyText = partly ? `, ${partly} partly achieved` : '';
    out.push({
      at: heldOn,
      kind: 'evaluation',
      deploymentId: id,
      summary: `Impact evaluated: ${achieved} of ${outcomes.length} outcomes achieved${partlyText}; the school rated the support ${schoolRating} out of 5. ${sentence(summary)}`,
    });
  }
  if (d.cancellation)
    out.push({
      at: d.cancellation.on,
      kind: 'cancellation',
      deploymentId: id,
      summary: `${d.cancellation.withdrawn ? 'Request withdrawn by the school' : 'Deployment cancelled'}: ${sentence(d.cancellation.reason)}`,
    });
  return out;
}

function sortEntries(entries: TimelineEntry[]): TimelineEntry[] {
  const order = (kind: TimelineKind) => TIMELINE_KINDS.indexOf(kind);
  // Array.prototype.sort is stable: entries of one kind and deployment on one day keep their order.
  return entries.sort(
    (a, b) =>
      byCodeUnits(a.at, b.at) ||
      order(a.kind) - order(b.kind) ||
      byCodeUnits(a.deploymentId ?? '', b.deploymentId ?? ''),
  );
}

const SOURCE_ORDER: MeasureSource[] = ['baseline', 'school-data', 'actual', 'target'];

function toSeries(points: (MeasureSeries['points'][number] & { measure: string; unit: string })[]): MeasureSeries[] {
  const sorted = [...points].sort(
    (a, b) =>
      (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) ||
      SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) ||
      a.value - b.value,
  );
  const series = new Map<string, MeasureSeries>();
  for (const { measure, unit, ...point } of sorted) {
    const key = `${measure.trim().toLowerCase()}\u0000${unit}`;
    const found = series.get(key) ?? series.set(key, { measure: measure.trim(), unit, points: [] }).get(key)!;
    found.points.push(point);
  }
  return [...series.values()].sort(
    (a, b) => byCodeUnits(a.measure.toLowerCase(), b.measure.toLowerCase()) || byCodeUnits(a.unit, b.unit),
  );
}
