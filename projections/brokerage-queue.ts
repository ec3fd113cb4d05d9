import type { IsoDate, RequestSource } from '../events/index.js';
import { schoolDaysUntil, type TermCalendar } from '../src/calendar/academic-calendar.js';
import type { AllianceViews } from './alliance-views.js';
import { lookupOf, oldestRequestFirst } from './deployment-lookup.js';
import { eligibleSlesCounter, type SleSupply } from './match-score.js';

export interface QueuedRequest {
  deploymentId: string;
  schoolUrn: string;
  schoolName: string;
  specialism: string;
  areaOfNeed: string;
  source: RequestSource;
  requestedOn: IsoDate;
  /** School days waited so far, weekends and holidays between half terms left out. */
  ageSchoolDays: number;
  eligibleSles: number;
  /** Waited longer than the alliance's target for a brokerage meeting. */
  overTarget: boolean;
}

export interface QueueOptions {
  today: IsoDate;
  academicYear: string;
  calendar: TermCalendar;
  targetSchoolDays: number;
}

/**
 * Requests not yet brokered, oldest first: what the facilitator works through each day. Views with a lookup
 * (the read models') give the requests waiting from it, rather than from a pass over every deployment.
 */
export function brokerageQueue(views: AllianceViews, supply: SleSupply, options: QueueOptions): QueuedRequest[] {
  const schoolDaysSince = schoolDaysUntil(options.today, options.calendar);
  const eligibleSles = eligibleSlesCounter(supply, options.academicYear);
  const waiting =
    lookupOf(views)?.requestsWaiting() ??
    [...views.deployments.values()].filter((d) => d.status === 'requested').sort(oldestRequestFirst);
  return waiting.map((d) => {
    const ageSchoolDays = schoolDaysSince(d.requestedOn, views.schools.get(d.schoolUrn)?.localAuthority);
    return {
      deploymentId: d.deploymentId,
      schoolUrn: d.schoolUrn,
      schoolName: views.schools.get(d.schoolUrn)?.name ?? d.schoolUrn,
      specialism: d.specialism,
      areaOfNeed: d.areaOfNeed,
      source: d.source,
      requestedOn: d.requestedOn,
      ageSchoolDays,
      eligibleSles: eligibleSles(d),
      overTarget: ageSchoolDays > options.targetSchoolDays,
    };
  });
}
