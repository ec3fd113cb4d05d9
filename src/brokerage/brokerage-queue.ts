import type { IsoDate, RequestSource } from '../../events/index.js';
import type { AllianceViews } from '../../projections/alliance-views.js';
import type { DeploymentView } from '../../projections/deployment-view.js';
import { schoolDaysUntil, type HalfTermBounds } from '../calendar/academic-calendar.js';
import { byCodeUnits } from '../shared/order.js';
import { eligibleSlesCounter } from './matching.js';

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
  calendar: HalfTermBounds[];
  targetSchoolDays: number;
}

/** Requests not yet brokered, oldest first: what the facilitator works through each day. */
export function brokerageQueue(views: AllianceViews, deploymentsOfSle: (sleId: string) => DeploymentView[], options: QueueOptions): QueuedRequest[] {
  const schoolDaysSince = schoolDaysUntil(options.today, options.calendar);
  const eligibleSles = eligibleSlesCounter(views.sles.values(), options.academicYear, deploymentsOfSle);
  return [...views.deployments.values()]
    .filter((d) => d.status === 'requested')
    // Ids compared as the plain strings they are: a national queue sorts tens of thousands of requests.
    .sort((a, b) => byCodeUnits(a.requestedOn, b.requestedOn) || byCodeUnits(a.deploymentId, b.deploymentId))
    .map((d) => {
      const ageSchoolDays = schoolDaysSince(d.requestedOn);
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
