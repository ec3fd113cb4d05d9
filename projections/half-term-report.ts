import type { AcademicYear, HalfTerm, IsoDate, ProgressStatus } from '../events/index.js';
import { DAY_MS, dayMs, DEFAULT_HALF_TERMS, halfTermDates, type HalfTermBounds } from '../src/calendar/academic-calendar.js';
import { byCodeUnits } from '../src/shared/order.js';
import type { AllianceViews } from './alliance-views.js';
import {
  bySchoolThenId,
  CONTACT_FIELDS,
  datedDeployment,
  dayKey,
  EXTENSION_FIELDS,
  lookupOf,
  type DatedDeployment,
  type DeploymentLookup,
  type IndexedViews,
} from './deployment-index.js';
import type { DeploymentView } from './deployment-view.js';
import { ofstedImprovementOf } from './ofsted.js';

/** `status.replace('-', ' ')` for the statuses a concern names. */
const STATUS_WORDS = { 'at-risk': 'at risk', 'off-track': 'off track' } as const;

/** Contact is overdue when more than this many days have passed since the last one (or since the start). */
export const CONTACT_OVERDUE_AFTER_DAYS = 21;

export interface ActiveDeploymentRow {
  deploymentId: string;
  schoolUrn: string;
  sleId: string;
  latestStatus: ProgressStatus | null;
  lastContactOn: IsoDate | null;
  contactOverdue: boolean;
  daysCommissioned: number;
  daysDelivered: number;
  endDate: IsoDate;
}

export interface HalfTermReport {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** Present when the report covers only the schools of one local authority. */
  localAuthority?: string;
  from: IsoDate;
  to: IsoDate;
  /** The day the report stands at: the half term's last day, or today while the half term is under way. */
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
  areasOfConcern: { schoolUrn: string; reasons: string[] }[];
  impact: {
    evaluated: number;
    outcomesAchieved: number;
    outcomesPartlyAchieved: number;
    outcomesTotal: number;
    ofstedImproved: number;
    averageSchoolRating: number | null;
  };
}

export interface HalfTermReportOptions {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** The configured half-term calendar; DOMAIN.md's default when absent. */
  calendar?: HalfTermBounds[];
  today: IsoDate;
  /**
   * Where to find the deployments dated in or active through the half term without reading every one;
   * the views' own (`ReadModels`) when absent, or a scan of every deployment when they have none. Same report.
   */
  index?: DeploymentLookup;
  /** Only the schools of this local authority (a hub's own review in a national network); every school when absent. */
  localAuthority?: string;
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
 *   with a better Ofsted judgement, inspected by `asOf`, than the one standing when the SLE started.
 *
 * With `localAuthority`, all of it covers only that local authority's schools: their deployments, and the
 * schools the core team named among them.
 *
 * Lists are sorted by school URN, then deployment id.
 */
export function halfTermReport(views: AllianceViews, { academicYear, halfTerm, calendar = DEFAULT_HALF_TERMS, today, index = lookupOf(views), localAuthority }: HalfTermReportOptions): HalfTermReport {
  const { from, to } = halfTermDates(academicYear, halfTerm, calendar);
  const asOf = today < to ? today : to;
  const inScope = (urn: string) => localAuthority === undefined || views.schools.get(urn)?.localAuthority === localAuthority;
  // Everything below tests its own dates, so the index need only give a superset, in the same order.
  const deployments = index
    ? index.deploymentsTouching(from, asOf, localAuthority === undefined ? undefined : schoolsIn(views, localAuthority))
    : [...views.deployments.values()].filter((d) => inScope(d.schoolUrn)).sort(bySchoolThenId).map(datedDeployment);
  // Dates as day keys (same order as the ISO dates; 0 is no date, before every period).
  const [fromDay, asOfDay, asOfMs] = [dayKey(from), dayKey(asOf), dayMs(asOf)];
  const inHalfTerm = (day: number) => day >= fromDay && day <= asOfDay;

  // One pass over small records, no intermediate lists: at a large alliance tens of thousands of deployments
  // touch a half term. Sums add the same numbers in the same order as summing lists would.
  const summary = {
    requestsReceived: 0,
    brokerageMeetingsHeld: 0,
    deploymentsStarted: 0,
    deploymentsActive: 0,
    evaluationsCompleted: 0,
    daysCommissioned: 0,
    daysDelivered: 0,
  };
  const evaluated: DatedDeployment[] = [];
  const activeDeployments: ActiveDeploymentRow[] = [];
  // Schools of concern from the rows, in row order (by school URN), each with its reasons in order.
  const rowConcerns: { schoolUrn: string; reasons: string[] }[] = [];
  const concern = (urn: string, reason: string) => {
    const latest = rowConcerns.at(-1);
    if (latest?.schoolUrn === urn) latest.reasons.push(reason);
    else rowConcerns.push({ schoolUrn: urn, reasons: [reason] });
  };

  for (const d of deployments) {
    const { contacts, extensions } = d;
    if (inHalfTerm(d.requestedOn)) summary.requestsReceived++;
    if (inHalfTerm(d.heldOn)) {
      summary.brokerageMeetingsHeld++;
      summary.daysCommissioned += d.meetingDays;
    }
    for (let i = 0; i < extensions.length; i += EXTENSION_FIELDS) if (inHalfTerm(extensions[i])) summary.daysCommissioned += extensions[i + 1];
    for (let i = 0; i < contacts.length; i += CONTACT_FIELDS) if (inHalfTerm(contacts[i])) summary.daysDelivered += contacts[i + 2];
    if (inHalfTerm(d.startedOn)) summary.deploymentsStarted++;
    if (inHalfTerm(d.evaluatedOn)) {
      summary.evaluationsCompleted++;
      evaluated.push(d);
    }

    if (!d.startedOn || d.startedOn > asOfDay || !d.sleId) continue;
    if (d.endedOn && d.endedOn < fromDay) continue;
    const endedByThen = d.endedOn && d.endedOn <= asOfDay;
    const standsAt = endedByThen ? d.endedOn : asOfDay;
    // The contacts by then (kept in date order, so the last of them is the latest).
    let last = -1;
    let daysDelivered = 0;
    for (let i = 0; i < contacts.length; i += CONTACT_FIELDS) {
      if (contacts[i] > standsAt) continue;
      last = i;
      daysDelivered += contacts[i + 2];
    }
    // Days commissioned and the end date as agreed by then: endDateAsAt, from the keys.
    let extendedLater = 0;
    let endDate = d.meetingEnd!;
    let endOn = d.meetingEndOn;
    for (let i = 0; i < extensions.length; i += EXTENSION_FIELDS) {
      if (extensions[i] > asOfDay) extendedLater += extensions[i + 1];
      else if (extensions[i + 2] > endOn) {
        endOn = extensions[i + 2];
        endDate = d.view.extensions[i / EXTENSION_FIELDS].newEndDate;
      }
    }
    if (extensions.length && !d.meetingEnd) endDate = endDateAsAt(d.view, asOf);
    // daysBetween(since, standsAt), from the same midnights.
    const daysSinceContact = Math.round(((endedByThen ? d.endedMs : asOfMs) - (last >= 0 ? contacts[last + 1] : d.startedMs)) / DAY_MS);
    const lastContactOn = last >= 0 ? d.contactWords[(2 * last) / CONTACT_FIELDS] : null;
    const latestStatus = last >= 0 ? (d.contactWords[(2 * last) / CONTACT_FIELDS + 1] as ProgressStatus) : null;
    const row: ActiveDeploymentRow = {
      deploymentId: d.deploymentId,
      schoolUrn: d.schoolUrn,
      sleId: d.sleId,
      latestStatus,
      lastContactOn,
      contactOverdue: daysSinceContact > CONTACT_OVERDUE_AFTER_DAYS,
      daysCommissioned: d.daysCommissioned - extendedLater,
      daysDelivered,
      endDate,
    };
    activeDeployments.push(row);
    if (latestStatus === 'at-risk' || latestStatus === 'off-track') {
      concern(row.schoolUrn, `Deployment ${row.deploymentId} was ${STATUS_WORDS[latestStatus]} at its latest contact on ${lastContactOn}`);
    }
    if (row.contactOverdue) {
      const since = lastContactOn ? `the last one on ${lastContactOn}` : `it started on ${d.startedOnDate}`;
      concern(row.schoolUrn, `Deployment ${row.deploymentId} had no contact for ${daysSinceContact} days since ${since}`);
    }
  }
  summary.deploymentsActive = activeDeployments.length;

  // The core team's own concerns come first for their school, then the rows' reasons; schools by URN.
  const named = new Map<string, string[]>();
  const review = views.reviews.get(`${academicYear}-${halfTerm}`);
  for (const n of review?.areasOfConcern ?? []) {
    if (!inScope(n.schoolUrn)) continue;
    const reason = `Named by the core team at the review on ${review!.heldOn}: ${n.concern.trim()}`;
    const list = named.get(n.schoolUrn);
    if (list) list.push(reason);
    else named.set(n.schoolUrn, [reason]);
  }
  const namedSorted = [...named.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([schoolUrn, reasons]) => ({ schoolUrn, reasons }));
  const areasOfConcern = mergeByUrn(namedSorted, rowConcerns);

  // schoolsOfstedImproved over the evaluated deployments: a school counts once, so the rest of its are skipped.
  const improved = new Set<string>();
  for (const d of evaluated) if (!improved.has(d.schoolUrn) && ofstedImprovementOf(d.view, views.schools, asOf)) improved.add(d.schoolUrn);
  const impact = {
    evaluated: evaluated.length,
    outcomesAchieved: sum(evaluated.map((d) => d.outcomesAchieved)),
    outcomesPartlyAchieved: sum(evaluated.map((d) => d.outcomesPartlyAchieved)),
    outcomesTotal: sum(evaluated.map((d) => d.outcomesTotal)),
    ofstedImproved: improved.size,
    averageSchoolRating: averageRating(evaluated.map((d) => d.schoolRating)),
  };

  return {
    academicYear,
    halfTerm,
    ...(localAuthority === undefined ? {} : { localAuthority }),
    from,
    to,
    asOf,
    summary,
    activeDeployments,
    areasOfConcern,
    impact,
  };
}

/** The URNs of a local authority's schools, sorted. */
export const schoolsOf = (views: Pick<AllianceViews, 'schools'>, localAuthority: string): string[] =>
  [...views.schools.values()].filter((s) => s.localAuthority === localAuthority).map((s) => s.urn).sort();

/** `schoolsOf`, from the views' own list where they keep one (a scan of every school at a national network's size). */
const schoolsIn = (views: AllianceViews, localAuthority: string): readonly string[] =>
  (views as Partial<IndexedViews>).schoolsIn?.(localAuthority) ?? schoolsOf(views, localAuthority);

/** The end date as it stood on a day: the meeting's, moved by each extension agreed by then. */
export function endDateAsAt(d: DeploymentView, day: IsoDate): IsoDate {
  const agreed = d.extensions.filter((e) => e.on <= day).map((e) => e.newEndDate);
  const meetingEnd = d.brokerageMeeting?.endDate ?? d.endDate!;
  return agreed.reduce((latest, date) => (date > latest ? date : latest), meetingEnd);
}

/** Days commissioned at the brokerage meeting itself, before extensions. */
export const meetingDays = (d: DeploymentView) => d.daysCommissioned - sum(d.extensions.map((e) => e.additionalDays));

/** Mean of 1-5 ratings to two decimal places; null when there are none. */
export function averageRating(ratings: number[]): number | null {
  return ratings.length ? Math.round((sum(ratings) / ratings.length) * 100) / 100 : null;
}

export const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

/** Two lists of schools' reasons, each sorted by URN, as one: a school in both gets the first list's reasons first. */
function mergeByUrn(first: HalfTermReport['areasOfConcern'], second: HalfTermReport['areasOfConcern']): HalfTermReport['areasOfConcern'] {
  const out: HalfTermReport['areasOfConcern'] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (!b || (a && a.schoolUrn < b.schoolUrn)) out.push(first[i++]);
    else if (!a || b.schoolUrn < a.schoolUrn) out.push(second[j++]);
    else {
      out.push({ schoolUrn: a.schoolUrn, reasons: [...a.reasons, ...b.reasons] });
      i++;
      j++;
    }
  }
  return out;
}
