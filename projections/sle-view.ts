import type { IsoDate, RecordedEvent, SleDesignated, SleEvent } from '../events/index.js';
import { deliveredInYear, type DeploymentFacts } from './deployment-facts.js';

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

/** What capacity rules and matching need of an SLE's year: the utilisation without the days delivered. */
export type SleCapacity = Omit<SleUtilisation, 'deliveredDays'>;

/** Days commissioned from an SLE in an academic year. A cancelled deployment frees the days it had not used. */
export function commissionedDaysInYear(
  sleId: string,
  deployments: readonly DeploymentFacts[],
  academicYear: string,
): number {
  let days = 0;
  for (const d of deployments) {
    if (d.sleId !== sleId) continue;
    days += d.status === 'cancelled' ? deliveredInYear(d, academicYear) : (d.commissionedByYear[academicYear] ?? 0);
  }
  return days;
}

/** `sleUtilisation` but the days delivered, which take a read of every contact. */
export function sleCapacity(sle: SleView, deployments: readonly DeploymentFacts[], academicYear: string): SleCapacity {
  const commissionedDays = commissionedDaysInYear(sle.sleId, deployments, academicYear);
  return {
    academicYear,
    capacityDays: sle.capacityDays,
    commissionedDays,
    remainingDays: Math.max(0, sle.capacityDays - commissionedDays),
  };
}

/** Utilisation of one SLE in an academic year, from the deployments they are matched to. Cancelled work still counts what was delivered. */
export function sleUtilisation(
  sle: SleView,
  deployments: readonly DeploymentFacts[],
  academicYear: string,
): SleUtilisation {
  const { capacityDays, commissionedDays, remainingDays } = sleCapacity(sle, deployments, academicYear);
  let deliveredDays = 0;
  for (const d of deployments) if (d.sleId === sle.sleId) deliveredDays += deliveredInYear(d, academicYear);
  return { academicYear, capacityDays, commissionedDays, deliveredDays, remainingDays };
}
