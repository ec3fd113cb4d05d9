import type { AcademicYear, RecordedEvent, SleCapacityEvent } from '../events/index.js';

/** A reservation of SLE days not yet confirmed or released: what the scan settles after a crash. */
export interface ReservationView {
  reservationId: string;
  sleId: string;
  academicYear: AcademicYear;
  deploymentId: string;
  days: number;
  /** When the reservation was recorded. */
  reservedAt: string;
}

/** Folds a capacity event into its reservation's view; a settled reservation has none. */
export function applyToReservationView(
  view: ReservationView | undefined,
  event: RecordedEvent<SleCapacityEvent>,
): ReservationView | undefined {
  switch (event.type) {
    case 'SleDaysReserved': {
      const { reservationId, sleId, academicYear, deploymentId, days } = event.data;
      return { reservationId, sleId, academicYear, deploymentId, days, reservedAt: event.recordedAt };
    }
    case 'SleDaysReservationConfirmed':
    case 'SleDaysReleased':
      return undefined;
    default:
      return view;
  }
}

/** The reservation an event settles or makes, if any. */
export const reservationIdOf = (event: RecordedEvent): string | undefined => {
  if (event.type === 'SleDaysReserved' || event.type === 'SleDaysReservationConfirmed') return event.data.reservationId;
  if (event.type === 'SleDaysReleased') return event.data.reservationId;
  return undefined;
};
