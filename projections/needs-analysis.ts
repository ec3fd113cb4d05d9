import type { Phase } from '../events/index.js';
import { academicYearBounds, schoolDaysCounter, type TermCalendar } from '../src/calendar/academic-calendar.js';
import { plural, wordsOf } from '../src/shared/words.js';
import type { AllianceViews } from './alliance-views.js';
import { deliveredInYear } from './deployment-facts.js';
import { forEachDeployment, lookupOf, typicalDaysFor } from './deployment-lookup.js';
import { DEFAULT_TYPICAL_DAYS, eligibleSlesCounter, holdingAmong, type SleHistory } from './match-score.js';

/** Share of capacity an alliance plans to fill; beyond it requests start to wait. */
export const PLANNED_UTILISATION = 0.8;
/** Capacity assumed for a newly designated SLE when the alliance has none to average. */
const DEFAULT_NEW_SLE_CAPACITY = 20;

export interface NeedsRow {
  specialism: string;
  phase: Phase;
  demand: {
    requestsReceived: number;
    daysCommissioned: number;
    /** Requests that waited longer than the target for a brokerage meeting (or are still waiting beyond it). */
    requestsWaitedTooLong: number;
    /** Requests never brokered for which no SLE is eligible now. */
    requestsWithNoEligibleSle: number;
    /** Requests never brokered: still waiting, or cancelled before a meeting. */
    requestsUnmet: number;
  };
  supply: { designatedSles: number; capacityDays: number; remainingDays: number; unusedSles: number };
  /** Days asked of this specialism and phase: commissioned, plus each unmet request at the usual length. */
  demandDays: number;
  recommendation: { action: 'designate-more' | 'review-unused' | 'none'; count: number; text: string };
}

export interface NeedsOptions {
  academicYear: string;
  today: string;
  calendar: TermCalendar;
  targetSchoolDays: number;
  /** Only this programme's requests and specialists; every programme's when absent. */
  programme?: string;
}

/**
 * Demand against supply per specialism and phase for an academic year: the evidence for designating SLEs
 * only where a need is shown. Demand counts requests made in the year by the phase of the requesting school
 * and days commissioned in the year; supply counts SLEs designated during the year who hold the specialism
 * and work in the phase (an SLE with two specialisms counts in both rows).
 *
 * More SLEs are recommended when demand days run beyond PLANNED_UTILISATION of capacity, or when a request
 * found no eligible SLE at all: enough to cover the shortfall at the alliance's average capacity per SLE.
 * Designated SLEs with no days commissioned in a year with no requests are flagged for review.
 */
export function needsAnalysis(
  views: AllianceViews,
  historyOf: (sleId: string) => SleHistory,
  options: NeedsOptions,
): NeedsRow[] {
  const { academicYear } = options;
  const { from, to } = academicYearBounds(academicYear);
  const endOfWait = options.today < to ? options.today : to;
  const schoolDays = schoolDaysCounter(options.calendar);
  const { programme } = options;
  const sles = [...views.sles.values()].filter(
    (s) =>
      s.designatedOn <= to &&
      (!s.designationEndedOn || s.designationEndedOn >= from) &&
      (programme === undefined || s.programmes.includes(programme)),
  );
  const eligibleSles = eligibleSlesCounter({ slesHolding: holdingAmong(sles), historyOf }, academicYear);
  const averageCapacity = sles.length
    ? sles.reduce((n, s) => n + s.capacityDays, 0) / sles.length
    : DEFAULT_NEW_SLE_CAPACITY;
  // By specialism, then phase: no key made for each of a national network's deployments.
  const rows = new Map<string, Map<Phase, NeedsRow>>();
  const row = (specialism: string, phase: Phase): NeedsRow => {
    const byPhase = rows.get(specialism) ?? rows.set(specialism, new Map()).get(specialism)!;
    let found = byPhase.get(phase);
    if (!found) {
      found = {
        specialism,
        phase,
        demand: {
          requestsReceived: 0,
          daysCommissioned: 0,
          requestsWaitedTooLong: 0,
          requestsWithNoEligibleSle: 0,
          requestsUnmet: 0,
        },
        supply: { designatedSles: 0, capacityDays: 0, remainingDays: 0, unusedSles: 0 },
        demandDays: 0,
        recommendation: { action: 'none', count: 0, text: '' },
      };
      byPhase.set(phase, found);
    }
    return found;
  };

  // A callback rather than for...of: over every deployment, the iterator's results would be most of a read's garbage.
  forEachDeployment(views, (d) => {
    if (programme !== undefined && d.programme !== programme) return;
    const phase = views.schools.get(d.schoolUrn)?.phase;
    if (!phase) return;
    const days =
      d.status === 'cancelled' ? deliveredInYear(d, academicYear) : (d.commissionedByYear[academicYear] ?? 0);
    if (days) row(d.specialism, phase).demand.daysCommissioned += days;
    if (d.requestedOn < from || d.requestedOn > to) return; // requested in another academic year
    const demand = row(d.specialism, phase).demand;
    demand.requestsReceived++;
    const brokeredOn = d.brokerageMeeting?.heldOn;
    const waitedUntil = brokeredOn ?? d.cancellation?.on ?? endOfWait;
    if (schoolDays(d.requestedOn, waitedUntil) > options.targetSchoolDays) demand.requestsWaitedTooLong++;
    if (!brokeredOn) {
      demand.requestsUnmet++;
      if (eligibleSles(d) === 0) demand.requestsWithNoEligibleSle++;
    }
  });

  for (const sle of sles) {
    // Capacity without the days delivered (a read of every contact).
    const use = historyOf(sle.sleId).capacity(sle, academicYear);
    for (const specialism of sle.specialisms) {
      for (const phase of sle.phases) {
        const supply = row(specialism, phase).supply;
        supply.designatedSles++;
        supply.capacityDays += use.capacityDays;
        supply.remainingDays += use.remainingDays;
        if (use.commissionedDays === 0) supply.unusedSles++;
      }
    }
  }

  // The views' lookup (the read models keep one) answers the median without a pass over every deployment per row.
  const lookup = lookupOf(views);
  const listed = [...rows.values()].flatMap((byPhase) => [...byPhase.values()]);
  for (const r of listed) {
    const typical =
      (lookup ? lookup.typicalDays(r.specialism) : typicalDaysFor(r.specialism, views.deployments.values())) ??
      DEFAULT_TYPICAL_DAYS;
    r.demandDays = r.demand.daysCommissioned + r.demand.requestsUnmet * typical;
    r.recommendation = recommend(r, averageCapacity, academicYear);
  }

  const order = { 'designate-more': 0, 'review-unused': 1, none: 2 };
  return listed.sort(
    (a, b) =>
      order[a.recommendation.action] - order[b.recommendation.action] ||
      a.specialism.localeCompare(b.specialism) ||
      a.phase.localeCompare(b.phase),
  );
}

function recommend(r: NeedsRow, averageCapacity: number, academicYear: string): NeedsRow['recommendation'] {
  const specialism = wordsOf(r.specialism);
  const who = `${specialism} SLE`;
  const shortfall = r.demandDays - PLANNED_UTILISATION * r.supply.capacityDays;
  const needed = Math.max(
    r.demand.requestsWithNoEligibleSle > 0 ? 1 : 0,
    shortfall > 0 ? Math.ceil(shortfall / (PLANNED_UTILISATION * averageCapacity)) : 0,
  );
  if (needed > 0) {
    const why = [
      `${r.demandDays} days asked of ${r.phase} ${specialism} in ${academicYear} against ${r.supply.capacityDays} days of capacity`,
      r.demand.requestsWithNoEligibleSle
        ? `${plural(r.demand.requestsWithNoEligibleSle, 'request')} found no eligible SLE`
        : '',
      r.demand.requestsWaitedTooLong
        ? `${plural(r.demand.requestsWaitedTooLong, 'request')} waited longer than the target`
        : '',
    ].filter(Boolean);
    return {
      action: 'designate-more',
      count: needed,
      text: `Designate ${needed} more ${plural(needed, who).replace(/^\d+ /, '')} for ${r.phase} schools: ${why.join('; ')}.`,
    };
  }
  if (r.demand.requestsReceived === 0 && r.supply.unusedSles > 0) {
    return {
      action: 'review-unused',
      count: r.supply.unusedSles,
      text: `${plural(r.supply.unusedSles, `designated ${who}`)} for ${r.phase} schools had no requests or days commissioned in ${academicYear}: review the designation or offer them to schools.`,
    };
  }
  return { action: 'none', count: 0, text: 'Supply meets demand.' };
}
