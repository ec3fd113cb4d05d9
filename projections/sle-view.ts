import type { IsoDate, RecordedEvent, SleDesignated, SleEvent } from '../events/index.js';
import type { DeploymentView } from './deployment-view.js';
import { deliveredInYear } from './deployment-view.js';

/** An SLE as designated, with the latest capacity and specialisms. */
export type SleView = SleDesignated['data'] & { designationEndedOn: IsoDate | null };

export function applyToSleView(view: SleView | undefined, event: RecordedEvent<SleEvent>): SleView | undefined {
  if (event.type === 'SleDesignated') return { ...event.data, designationEndedOn: null };
  if (!view) return view;
  switch (event.type) {
    case 'SleCapacityChanged':
      return { ...view, capacityDays: event.data.capacityDays };
    case 'SleSpecialismsChanged':
      return { ...view, specialisms: event.data.specialisms };
    case 'SleDesignationEnded':
      return { ...view, designationEndedOn: event.data.on };
  }
}

export interface SleUtilisation {
  academicYear: string;
  capacityDays: number;
  commissionedDays: number;
  deliveredDays: number;
  remainingDays: number;
}

/** Utilisation of one SLE in an academic year, from the deployments they are matched to. Cancelled work still counts what was delivered. */
export function sleUtilisation(sle: SleView, deployments: DeploymentView[], academicYear: string): SleUtilisation {
  let commissionedDays = 0;
  let deliveredDays = 0;
  for (const d of deployments) {
    if (d.sleId !== sle.sleId) continue;
    deliveredDays += deliveredInYear(d, academicYear);
    // A cancelled deployment frees the days it had not used.
    commissionedDays += d.status === 'cancelled' ? deliveredInYear(d, academicYear) : (d.commissionedByYear[academicYear] ?? 0);
  }
  return {
    academicYear,
    capacityDays: sle.capacityDays,
    commissionedDays,
    deliveredDays,
    remainingDays: Math.max(0, sle.capacityDays - commissionedDays),
  };
}
