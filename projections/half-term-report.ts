import type { AcademicYear, HalfTerm, IsoDate, ProgressStatus } from '../events/index.js';
import { daysBetween, DEFAULT_HALF_TERMS, halfTermDates, type HalfTermBounds } from '../src/calendar/academic-calendar.js';
import type { AllianceViews } from './alliance-views.js';
import type { DeploymentView } from './deployment-view.js';
import { schoolsOfstedImproved } from './ofsted.js';

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
 * Lists are sorted by school URN, then deployment id.
 */
export function halfTermReport(views: AllianceViews, { academicYear, halfTerm, calendar = DEFAULT_HALF_TERMS, today }: HalfTermReportOptions): HalfTermReport {
  const { from, to } = halfTermDates(academicYear, halfTerm, calendar);
  const asOf = today < to ? today : to;
  const inHalfTerm = (date: IsoDate | null | undefined): date is IsoDate => !!date && date >= from && date <= asOf;
  const deployments = [...views.deployments.values()].sort(bySchoolThenId);

  const summary = {
    requestsReceived: deployments.filter((d) => inHalfTerm(d.requestedOn)).length,
    brokerageMeetingsHeld: deployments.filter((d) => inHalfTerm(d.brokerageMeeting?.heldOn)).length,
    deploymentsStarted: deployments.filter((d) => inHalfTerm(d.startedOn)).length,
    deploymentsActive: 0,
    evaluationsCompleted: deployments.filter((d) => inHalfTerm(d.evaluation?.heldOn)).length,
    daysCommissioned: sum(
      deployments.flatMap((d) => [
        ...(inHalfTerm(d.brokerageMeeting?.heldOn) ? [meetingDays(d)] : []),
        ...d.extensions.filter((e) => inHalfTerm(e.on)).map((e) => e.additionalDays),
      ]),
    ),
    daysDelivered: sum(deployments.flatMap((d) => d.contacts.filter((c) => inHalfTerm(c.on)).map((c) => c.daysUsed))),
  };

  const activeDeployments: (ActiveDeploymentRow & { daysSinceContact: number; since: IsoDate })[] = [];
  for (const d of deployments) {
    if (!d.startedOn || d.startedOn > asOf || !d.sleId) continue;
    const endedOn = d.evaluation?.heldOn ?? d.cancellation?.on ?? null;
    if (endedOn && endedOn < from) continue;
    const standsAt = endedOn && endedOn <= asOf ? endedOn : asOf;
    const contacts = d.contacts.filter((c) => c.on <= standsAt);
    const last = contacts.at(-1);
    const since = last?.on ?? d.startedOn;
    const daysSinceContact = daysBetween(since, standsAt);
    activeDeployments.push({
      deploymentId: d.deploymentId,
      schoolUrn: d.schoolUrn,
      sleId: d.sleId,
      latestStatus: last?.status ?? null,
      lastContactOn: last?.on ?? null,
      contactOverdue: daysSinceContact > CONTACT_OVERDUE_AFTER_DAYS,
      daysCommissioned: d.daysCommissioned - sum(d.extensions.filter((e) => e.on > asOf).map((e) => e.additionalDays)),
      daysDelivered: sum(contacts.map((c) => c.daysUsed)),
      endDate: endDateAsAt(d, asOf),
      daysSinceContact,
      since,
    });
  }
  summary.deploymentsActive = activeDeployments.length;

  const reasons = new Map<string, string[]>();
  const concern = (urn: string, reason: string) => reasons.set(urn, [...(reasons.get(urn) ?? []), reason]);
  const review = views.reviews.get(`${academicYear}-${halfTerm}`);
  for (const named of review?.areasOfConcern ?? []) concern(named.schoolUrn, `Named by the core team at the review on ${review!.heldOn}: ${named.concern.trim()}`);
  for (const row of activeDeployments) {
    if (row.latestStatus === 'at-risk' || row.latestStatus === 'off-track') {
      concern(row.schoolUrn, `Deployment ${row.deploymentId} was ${row.latestStatus.replace('-', ' ')} at its latest contact on ${row.lastContactOn}`);
    }
    if (row.contactOverdue) {
      const since = row.lastContactOn ? `the last one on ${row.since}` : `it started on ${row.since}`;
      concern(row.schoolUrn, `Deployment ${row.deploymentId} had no contact for ${row.daysSinceContact} days since ${since}`);
    }
  }
  const areasOfConcern = [...reasons.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([schoolUrn, list]) => ({ schoolUrn, reasons: list }));

  const evaluated = deployments.filter((d) => inHalfTerm(d.evaluation?.heldOn));
  const outcomes = evaluated.flatMap((d) => d.evaluation!.outcomes);
  const impact = {
    evaluated: evaluated.length,
    outcomesAchieved: outcomes.filter((o) => o.result === 'achieved').length,
    outcomesPartlyAchieved: outcomes.filter((o) => o.result === 'partly-achieved').length,
    outcomesTotal: outcomes.length,
    ofstedImproved: schoolsOfstedImproved(evaluated, views.schools, asOf).length,
    averageSchoolRating: averageRating(evaluated.map((d) => d.evaluation!.schoolRating)),
  };

  return {
    academicYear,
    halfTerm,
    from,
    to,
    asOf,
    summary,
    activeDeployments: activeDeployments.map(({ daysSinceContact: _d, since: _s, ...row }) => row),
    areasOfConcern,
    impact,
  };
}

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

const bySchoolThenId = (a: DeploymentView, b: DeploymentView) =>
  a.schoolUrn < b.schoolUrn ? -1 : a.schoolUrn > b.schoolUrn ? 1 : a.deploymentId < b.deploymentId ? -1 : a.deploymentId > b.deploymentId ? 1 : 0;
