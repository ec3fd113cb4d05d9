import type { AcademicYear, HalfTerm, IsoDate, ProgressStatus } from '../events/index.js';
import {
  halfTermDates,
  halfTermSpan,
  schoolDaysBetween,
  TYPICAL_CALENDAR,
  type TermCalendar,
} from '../src/calendar/academic-calendar.js';
import { byCodeUnits } from '../src/shared/order.js';
import { plural } from '../src/shared/words.js';
import type { AllianceViews } from './alliance-views.js';
import type { DeploymentFacts } from './deployment-facts.js';
import { bySchoolThenId, lookupOf, type DeploymentLookup, type IndexedViews } from './deployment-lookup.js';
import { ofstedOutcomeOf } from './ofsted.js';

/** `status.replace('-', ' ')` for the statuses a concern names. */
const STATUS_WORDS = { 'at-risk': 'at risk', 'off-track': 'off track' } as const;

/**
 * Contact is overdue when more than this many school days (three weeks of term) have passed since the last
 * one (or since the start): holidays never count, so the summer holiday raises no false alarm.
 */
export const CONTACT_OVERDUE_AFTER_SCHOOL_DAYS = 15;

export interface ActiveDeploymentRow {
  deploymentId: string;
  schoolUrn: string;
  /** Named here so that a reader of the report needs no list of every school or SLE. */
  schoolName: string;
  sleId: string;
  sleName: string | null;
  latestStatus: ProgressStatus | null;
  lastContactOn: IsoDate | null;
  contactOverdue: boolean;
  daysCommissioned: number;
  daysDelivered: number;
  endDate: IsoDate;
}

export interface AreaOfConcern {
  schoolUrn: string;
  schoolName: string;
  reasons: string[];
}

export interface HalfTermReport {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** Present when the report covers only the schools of one local authority. */
  localAuthority?: string;
  /** Present when the report covers only one programme's deployments. */
  programme?: string;
  /** The days the report covers: the half term and the holiday after it (see `halfTermSpan`). */
  from: IsoDate;
  to: IsoDate;
  /** The half term's first and last teaching day, as the alliance defined them for the year (or a typical year's). */
  teaching: { from: IsoDate; to: IsoDate };
  /** The day the report stands at: `to`, or today while the half term is under way. */
  asOf: IsoDate;
  summary: {
    requestsReceived: number;
    brokerageMeetingsHeld: number;
    deploymentsStarted: number;
    deploymentsActive: number;
    evaluationsCompleted: number;
    daysCommissioned: number;
    daysDelivered: number;
  };
  activeDeployments: ActiveDeploymentRow[];
  areasOfConcern: AreaOfConcern[];
  impact: {
    evaluated: number;
    outcomesAchieved: number;
    outcomesPartlyAchieved: number;
    outcomesTotal: number;
    ofstedImproved: number;
    /** Schools among them that left a category of concern (any framework). */
    ofstedLeftCategoryOfConcern: number;
    /** Schools among them at expected standard or above throughout a report card after an old "requires improvement". */
    ofstedExpectedStandardAfterRequiresImprovement: number;
    averageSchoolRating: number | null;
  };
}

export interface HalfTermReportOptions {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** The term dates (the alliance's, or a typical English year's when absent). */
  calendar?: TermCalendar;
  today: IsoDate;
  /**
   * Where to find the deployments dated in or active through the half term without reading every one;
   * the views' own (`ReadModels`) when absent, or a scan of every deployment when they have none. Same report.
   */
  index?: DeploymentLookup;
  /** Only the schools of this local authority (a hub's own review in a national network); every school when absent. */
  localAuthority?: string;
  /** Only this programme's deployments; every programme's when absent. */
  programme?: string;
}

/**
 * The half-termly review report (DOMAIN.md), for any half term, past or current. Pure.
 *
 * - `asOf` is the half term's last day, or today when today falls before it (the current half term;
 *   for a half term not yet begun it is today, and the report shows what would carry into it).
 * - `summary` counts what is dated from `from` to `asOf`: requests by requestedOn, meetings by heldOn,
 *   starts by startedOn, evaluations by heldOn, days commissioned by meetings (heldOn) and extensions
 *   (on), days delivered by contacts (on). Work later cancelled still counts where it was dated.
 * - A deployment is active when its SLE started on or before `asOf` and it was not evaluated or cancelled
 *   before `from`. Each is shown as it stood at `asOf`: days commissioned and the end date from the meeting
 *   and the extensions agreed by then, days delivered and the latest status from the contacts by then.
 *   `contactOverdue` compares the last contact (or the start) with `asOf` — or, for a deployment evaluated
 *   or cancelled by then, with the day it ended, since no contact is due once the work is over.
 * - A school is an area of concern when the core team named it in this half term's review, or one of its
 *   active deployments was at risk or off track at its latest contact, or is overdue a contact.
 * - `impact` covers the evaluations held from `from` to `asOf`; `ofstedImproved` counts their schools
 *   with a better Ofsted judgement (same framework), inspected by `asOf`, than the one standing when the SLE
 *   started; the two `ofsted...` measures after it count their schools by the other rules of `ofstedOutcomeOf`.
 *
 * With `localAuthority`, all of it covers only that local authority's schools: their deployments, and the
 * schools the core team named among them.
 *
 * Lists are sorted by school URN, then deployment id.
 */
export function halfTermReport(views: AllianceViews, options: HalfTermReportOptions): HalfTermReport {
  const { localAuthority, index = lookupOf(views) } = options;
  const period = halfTermPeriod(options);
  const schoolUrns = localAuthority === undefined ? undefined : schoolsIn(views, localAuthority);
  return combineHalfTermReport(views, period, halfTermParts(views, period, { index, schoolUrns }), localAuthority);
}

/** The dates a half term's report covers (see `halfTermReport`). */
export interface HalfTermPeriod {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  from: IsoDate;
  to: IsoDate;
  teaching: { from: IsoDate; to: IsoDate };
  asOf: IsoDate;
  /** What school days are counted by (days since contact); each school's local authority's dates where it has its own. */
  calendar: TermCalendar;
  /** Only this programme's deployments count; every programme's when absent. */
  programme?: string;
}

/** A report for one local authority uses its term dates where the alliance defined some for it. */
export function halfTermPeriod({
  academicYear,
  halfTerm,
  calendar = TYPICAL_CALENDAR,
  localAuthority,
  programme,
  today,
}: Pick<
  HalfTermReportOptions,
  'academicYear' | 'halfTerm' | 'calendar' | 'today' | 'localAuthority' | 'programme'
>): HalfTermPeriod {
  const { from, to } = halfTermSpan(academicYear, halfTerm, calendar, localAuthority);
  const teaching = halfTermDates(academicYear, halfTerm, calendar, localAuthority);
  return {
    academicYear,
    halfTerm,
    from,
    to,
    teaching,
    asOf: today < to ? today : to,
    calendar,
    ...(programme === undefined ? {} : { programme }),
  };
}

/**
 * What one school's deployments bring to a half term's report, worked out from them alone. A report adds
 * up its schools' parts in URN order, so one kept between reads need work out again only the parts of the
 * schools an event has touched since (and, kept in blocks, those of the schools beside them: see CachedHalfTermReport).
 */
export interface SchoolHalfTermPart {
  readonly schoolUrn: string;
  readonly summary: Readonly<HalfTermReport['summary']>;
  readonly activeDeployments: readonly ActiveDeploymentRow[];
  /** The school as an area of concern for its rows' reasons (in row order), when any; shared by every report made from the part. */
  readonly concern?: AreaOfConcern;
  readonly impact: {
    readonly evaluated: number;
    readonly outcomesAchieved: number;
    readonly outcomesPartlyAchieved: number;
    readonly outcomesTotal: number;
    /** 1 when one of its evaluated deployments counts as an Ofsted improvement; likewise the other two measures. */
    readonly ofstedImproved: 0 | 1;
    readonly ofstedLeftCategoryOfConcern: 0 | 1;
    readonly ofstedExpectedStandardAfterRequiresImprovement: 0 | 1;
    readonly ratingTotal: number;
  };
}

/**
 * The parts of the schools whose deployments add something to the half term's report, in URN order: every
 * school's, or only those of `schoolUrns` (sorted). Read through `index` when given (see
 * `HalfTermReportOptions.index`): the same parts.
 */
export function halfTermParts(
  views: AllianceViews,
  period: HalfTermPeriod,
  scope: { index?: DeploymentLookup; schoolUrns?: readonly string[] },
): SchoolHalfTermPart[] {
  return partsOf(views, period, deploymentsTouching(views, period, scope));
}

/**
 * The deployments of the schools (every school's, or those of `schoolUrns`, sorted) that may touch the half
 * term, by URN then id: through `index` when given, a superset of those that do (each part tests its own dates).
 */
export function deploymentsTouching(
  views: AllianceViews,
  period: HalfTermPeriod,
  { index, schoolUrns }: { index?: DeploymentLookup; schoolUrns?: readonly string[] },
): DeploymentFacts[] {
  if (index) return index.deploymentsTouching(period.from, period.asOf, schoolUrns);
  const only = schoolUrns && new Set(schoolUrns);
  return [...views.deployments.values()].filter((d) => !only || only.has(d.schoolUrn)).sort(bySchoolThenId);
}

/** The parts of the schools of `deployments[start..end)` (from `deploymentsTouching`, whole schools) that add something. */
export function partsOf(
  views: AllianceViews,
  period: HalfTermPeriod,
  deployments: readonly DeploymentFacts[],
  start = 0,
  end = deployments.length,
): SchoolHalfTermPart[] {
  const parts: SchoolHalfTermPart[] = [];
  let first = start;
  for (let i = start + 1; i <= end; i++) {
    if (i < end && deployments[i].schoolUrn === deployments[first].schoolUrn) continue;
    const part = schoolPart(views, period, deployments, first, i);
    if (!addsNothing(part)) parts.push(part);
    first = i;
  }
  return parts;
}

/** One school's part, from its deployments `deployments[start..end)` (sorted by id). */
function schoolPart(
  views: AllianceViews,
  { from, asOf, calendar, programme }: HalfTermPeriod,
  deployments: readonly DeploymentFacts[],
  start: number,
  end: number,
): SchoolHalfTermPart {
  const schoolUrn = deployments[start].schoolUrn;
  const localAuthority = views.schools.get(schoolUrn)?.localAuthority;
  const schoolName = schoolNameIn(views, schoolUrn);
  const inHalfTerm = (date: IsoDate | null | undefined) => !!date && date >= from && date <= asOf;
  const summary = noSummary();
  const impact = {
    ...noImpact(),
    ofstedImproved: 0 as 0 | 1,
    ofstedLeftCategoryOfConcern: 0 as 0 | 1,
    ofstedExpectedStandardAfterRequiresImprovement: 0 as 0 | 1,
  };
  const activeDeployments: ActiveDeploymentRow[] = [];
  const reasons: string[] = [];

  for (let k = start; k < end; k++) {
    const d = deployments[k];
    if (programme !== undefined && d.programme !== programme) continue;
    if (inHalfTerm(d.requestedOn)) summary.requestsReceived++;
    if (inHalfTerm(d.brokerageMeeting?.heldOn)) {
      summary.brokerageMeetingsHeld++;
      summary.daysCommissioned += daysAgreedAtMeeting(d);
    }
    for (const e of d.extensions) if (inHalfTerm(e.on)) summary.daysCommissioned += e.additionalDays;
    for (const c of d.contacts) if (inHalfTerm(c.on)) summary.daysDelivered += c.daysUsed;
    if (inHalfTerm(d.startedOn)) summary.deploymentsStarted++;
    if (d.evaluation && inHalfTerm(d.evaluation.heldOn)) {
      summary.evaluationsCompleted++;
      impact.evaluated++;
      for (const o of d.evaluation.outcomes) {
        if (o.result === 'achieved') impact.outcomesAchieved++;
        else if (o.result === 'partly-achieved') impact.outcomesPartlyAchieved++;
      }
      impact.outcomesTotal += d.evaluation.outcomes.length;
      impact.ratingTotal += d.evaluation.schoolRating;
      // Each Ofsted measure counts a school once, however many of its evaluations meet it.
      const ofsted = ofstedOutcomeOf(d, views.schools, asOf);
      if (ofsted.improvement) impact.ofstedImproved = 1;
      if (ofsted.leftCategoryOfConcern) impact.ofstedLeftCategoryOfConcern = 1;
      if (ofsted.expectedStandardAfterRequiresImprovement) impact.ofstedExpectedStandardAfterRequiresImprovement = 1;
    }

    if (!d.startedOn || d.startedOn > asOf || !d.sleId) continue;
    const ended = d.evaluation?.heldOn ?? d.cancellation?.on ?? null;
    if (ended && ended < from) continue;
    const standsAt = ended && ended <= asOf ? ended : asOf;
    // The contacts by then (kept in date order, so the last of them is the latest).
    let latest: DeploymentFacts['contacts'][number] | undefined;
    let daysDelivered = 0;
    for (const c of d.contacts) {
      if (c.on > standsAt) continue;
      latest = c;
      daysDelivered += c.daysUsed;
    }
    let extendedLater = 0;
    for (const e of d.extensions) if (e.on > asOf) extendedLater += e.additionalDays;
    const daysSinceContact = schoolDaysBetween(latest?.on ?? d.startedOn, standsAt, calendar, localAuthority);
    const row: ActiveDeploymentRow = {
      deploymentId: d.deploymentId,
      schoolUrn,
      schoolName,
      sleId: d.sleId,
      sleName: views.sles.get(d.sleId)?.name ?? null,
      latestStatus: latest?.status ?? null,
      lastContactOn: latest?.on ?? null,
      contactOverdue: daysSinceContact > CONTACT_OVERDUE_AFTER_SCHOOL_DAYS,
      daysCommissioned: d.daysCommissioned - extendedLater,
      daysDelivered,
      endDate: endDateAsAt(d, asOf),
    };
    activeDeployments.push(row);
    if (row.latestStatus === 'at-risk' || row.latestStatus === 'off-track') {
      reasons.push(
        `Deployment ${row.deploymentId} was ${STATUS_WORDS[row.latestStatus]} at its latest contact on ${row.lastContactOn}`,
      );
    }
    if (row.contactOverdue) {
      const since = row.lastContactOn ? `the last one on ${row.lastContactOn}` : `it started on ${d.startedOn}`;
      reasons.push(
        `Deployment ${row.deploymentId} had no contact for ${plural(daysSinceContact, 'school day')} since ${since}`,
      );
    }
  }
  summary.deploymentsActive = activeDeployments.length;
  return {
    schoolUrn,
    summary,
    activeDeployments,
    concern: reasons.length ? { schoolUrn, schoolName, reasons } : undefined,
    impact,
  };
}

/** Days commissioned at the brokerage meeting itself: the days commissioned less every extension's. */
const daysAgreedAtMeeting = (d: DeploymentFacts) =>
  d.daysCommissioned - d.extensions.reduce((total, e) => total + e.additionalDays, 0);

const noSummary = (): HalfTermReport['summary'] => ({
  requestsReceived: 0,
  brokerageMeetingsHeld: 0,
  deploymentsStarted: 0,
  deploymentsActive: 0,
  evaluationsCompleted: 0,
  daysCommissioned: 0,
  daysDelivered: 0,
});

const noImpact = () => ({
  evaluated: 0,
  outcomesAchieved: 0,
  outcomesPartlyAchieved: 0,
  outcomesTotal: 0,
  ofstedImproved: 0,
  ofstedLeftCategoryOfConcern: 0,
  ofstedExpectedStandardAfterRequiresImprovement: 0,
  ratingTotal: 0,
});

/** No row, and nothing counted (a school whose deployments were all dated outside the half term). */
function addsNothing({ activeDeployments, summary, impact }: SchoolHalfTermPart): boolean {
  if (activeDeployments.length || impact.evaluated) return false;
  for (const key in summary) if (summary[key as keyof typeof summary]) return false;
  return true;
}

/** What a report adds up from its schools' parts: the summary's counts and the impact's, with the ratings' total. */
export interface HalfTermTotals {
  summary: HalfTermReport['summary'];
  impact: {
    evaluated: number;
    outcomesAchieved: number;
    outcomesPartlyAchieved: number;
    outcomesTotal: number;
    ofstedImproved: number;
    ofstedLeftCategoryOfConcern: number;
    ofstedExpectedStandardAfterRequiresImprovement: number;
    ratingTotal: number;
  };
}

export const noTotals = (): HalfTermTotals => ({ summary: noSummary(), impact: noImpact() });

const SUMMARY_FIELDS = Object.keys(noSummary()) as (keyof HalfTermTotals['summary'])[];
const IMPACT_FIELDS = Object.keys(noImpact()) as (keyof HalfTermTotals['impact'])[];

/**
 * Adds a part's counts (or a block's totals) into `into`. Sums add whole and half days, which floating point
 * adds exactly in any order.
 */
export function addTotals(
  into: HalfTermTotals,
  { summary, impact }: Pick<HalfTermTotals, 'summary'> & { impact: Readonly<HalfTermTotals['impact']> },
): void {
  for (const field of SUMMARY_FIELDS) into.summary[field] += summary[field];
  for (const field of IMPACT_FIELDS) into.impact[field] += impact[field];
}

/**
 * The report from its schools' parts (in URN order) and the core team's review of the half term. With
 * `localAuthority`, the parts are that authority's schools' and only the schools it named there are listed.
 */
export function combineHalfTermReport(
  views: AllianceViews,
  period: HalfTermPeriod,
  parts: readonly SchoolHalfTermPart[],
  localAuthority?: string,
): HalfTermReport {
  const totals = noTotals();
  const activeDeployments: ActiveDeploymentRow[] = [];
  const rowConcerns: AreaOfConcern[] = [];
  for (const part of parts) {
    addTotals(totals, part);
    for (const row of part.activeDeployments) activeDeployments.push(row);
    if (part.concern) rowConcerns.push(part.concern);
  }
  return halfTermReportOf(
    period,
    localAuthority,
    totals,
    activeDeployments,
    mergeByUrn(namedConcerns(views, period, localAuthority), rowConcerns),
  );
}

/** The report's fields from what was added up and listed (see `combineHalfTermReport`). */
export function halfTermReportOf(
  { academicYear, halfTerm, from, to, teaching, asOf, programme }: HalfTermPeriod,
  localAuthority: string | undefined,
  { summary, impact }: HalfTermTotals,
  activeDeployments: ActiveDeploymentRow[],
  areasOfConcern: AreaOfConcern[],
): HalfTermReport {
  return {
    academicYear,
    halfTerm,
    ...(localAuthority === undefined ? {} : { localAuthority }),
    ...(programme === undefined ? {} : { programme }),
    from,
    to,
    teaching,
    asOf,
    summary: { ...summary },
    activeDeployments,
    areasOfConcern,
    impact: {
      evaluated: impact.evaluated,
      outcomesAchieved: impact.outcomesAchieved,
      outcomesPartlyAchieved: impact.outcomesPartlyAchieved,
      outcomesTotal: impact.outcomesTotal,
      ofstedImproved: impact.ofstedImproved,
      ofstedLeftCategoryOfConcern: impact.ofstedLeftCategoryOfConcern,
      ofstedExpectedStandardAfterRequiresImprovement: impact.ofstedExpectedStandardAfterRequiresImprovement,
      averageSchoolRating: meanRating(impact.ratingTotal, impact.evaluated),
    },
  };
}

/**
 * The schools the core team named at the half term's review (those of `localAuthority` only, when given),
 * sorted by URN, each with its reasons in the order named. They come before a school's rows' own reasons.
 */
export function namedConcerns(
  views: AllianceViews,
  { academicYear, halfTerm }: Pick<HalfTermPeriod, 'academicYear' | 'halfTerm'>,
  localAuthority?: string,
): AreaOfConcern[] {
  const named = new Map<string, string[]>();
  const review = views.reviews.get(`${academicYear}-${halfTerm}`);
  for (const n of review?.areasOfConcern ?? []) {
    if (!inReportScope(views, n.schoolUrn, localAuthority)) continue;
    const reason = `Named by the core team at the review on ${review!.heldOn}: ${n.concern.trim()}`;
    const list = named.get(n.schoolUrn);
    if (list) list.push(reason);
    else named.set(n.schoolUrn, [reason]);
  }
  return [...named.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([schoolUrn, reasons]) => ({ schoolUrn, schoolName: schoolNameIn(views, schoolUrn), reasons }));
}

/** A report as kept in an event: without the names of its schools and SLEs (see `withoutNames`). */
export type UnnamedHalfTermReport = Omit<HalfTermReport, 'activeDeployments' | 'areasOfConcern'> & {
  activeDeployments: Omit<ActiveDeploymentRow, 'schoolName' | 'sleName'>[];
  areasOfConcern: Omit<AreaOfConcern, 'schoolName'>[];
};

/**
 * The report without the names of its schools and SLEs, as it is kept in an event (`HalfTermReportPublished`):
 * a name is read from the views, where an erasure reaches it, and never frozen into the store.
 */
export function withoutNames(report: HalfTermReport): UnnamedHalfTermReport {
  return {
    ...report,
    activeDeployments: report.activeDeployments.map(({ schoolName: _school, sleName: _sle, ...row }) => row),
    areasOfConcern: report.areasOfConcern.map(({ schoolName: _school, ...concern }) => concern),
  };
}

/** The school's name as a report shows it, also for a URN no school has. */
export const schoolNameIn = (views: Pick<AllianceViews, 'schools'>, urn: string): string =>
  views.schools.get(urn)?.name ?? `School ${urn}`;

/** Whether a school is in a report's scope: every school, or only those of its local authority. */
export const inReportScope = (
  views: Pick<AllianceViews, 'schools'>,
  urn: string,
  localAuthority: string | undefined,
): boolean => localAuthority === undefined || views.schools.get(urn)?.localAuthority === localAuthority;

/** The URNs of a local authority's schools, sorted. */
export const schoolsOf = (views: Pick<AllianceViews, 'schools'>, localAuthority: string): string[] =>
  [...views.schools.values()]
    .filter((s) => s.localAuthority === localAuthority)
    .map((s) => s.urn)
    .sort();

/** `schoolsOf`, from the views' own list where they keep one (a scan of every school at a national network's size). */
const schoolsIn = (views: AllianceViews, localAuthority: string): readonly string[] =>
  (views as Partial<IndexedViews>).schoolsIn?.(localAuthority) ?? schoolsOf(views, localAuthority);

/** The end date as it stood on a day: the meeting's, moved by each extension agreed by then. */
export function endDateAsAt(d: DeploymentFacts, day: IsoDate): IsoDate {
  let end = d.brokerageMeeting?.endDate ?? d.endDate!;
  for (const e of d.extensions) if (e.on <= day && e.newEndDate > end) end = e.newEndDate;
  return end;
}

/** Mean of 1-5 ratings to two decimal places; null when there are none. */
export const averageRating = (ratings: number[]): number | null => meanRating(sum(ratings), ratings.length);

/** Mean of `count` ratings adding up to `total`, to two decimal places; null when there are none. */
export const meanRating = (total: number, count: number): number | null =>
  count ? Math.round((total / count) * 100) / 100 : null;

export const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

/** Two lists of schools' reasons, each sorted by URN, as one: a school in both gets the first list's reasons first. */
export function mergeByUrn(first: AreaOfConcern[], second: AreaOfConcern[]): AreaOfConcern[] {
  const out: AreaOfConcern[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (!b || (a && a.schoolUrn < b.schoolUrn)) out.push(first[i++]);
    else if (!a || b.schoolUrn < a.schoolUrn) out.push(second[j++]);
    else {
      out.push({ ...a, reasons: [...a.reasons, ...b.reasons] });
      i++;
      j++;
    }
  }
  return out;
}
