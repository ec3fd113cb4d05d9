import type { AcademicYear } from './vocabulary.js';

/**
 * The days an SLE is commissioned in one academic year are decided on a stream of their own, appended with the
 * expected revision, so that two processes can never both take an SLE's last days. A deployment step that
 * commissions days reserves them here first, then records the step on the deployment, then confirms the
 * reservation; a reservation whose step was never recorded is released (by the step's own failure, or by the
 * reminder scan after a crash), and a cancellation releases the days its deployment had not delivered.
 */
export const sleCapacityStream = (sleId: string, academicYear: AcademicYear) => `sle-capacity-${sleId}-${academicYear}`;

/** The days already commissioned when the ledger was first written (deployments brokered before it existed). */
export interface SleCapacityLedgerOpened {
  type: 'SleCapacityLedgerOpened';
  data: { sleId: string; academicYear: AcademicYear; commissioned: { deploymentId: string; days: number }[] };
}

export interface SleDaysReserved {
  type: 'SleDaysReserved';
  data: {
    sleId: string;
    academicYear: AcademicYear;
    reservationId: string;
    deploymentId: string;
    days: number;
    /** The SLE's capacity when the days were reserved. */
    capacityDays: number;
    /** Given when the days go beyond the capacity, knowingly. */
    capacityOverrideReason?: string;
  };
}

/** The deployment recorded the step the days were reserved for. */
export interface SleDaysReservationConfirmed {
  type: 'SleDaysReservationConfirmed';
  data: { sleId: string; academicYear: AcademicYear; reservationId: string };
}

export const DAYS_RELEASE_REASONS = ['step-not-recorded', 'deployment-cancelled'] as const;
export type DaysReleaseReason = (typeof DAYS_RELEASE_REASONS)[number];

/** Days given back: a reservation whose step was never recorded, or what a cancelled deployment had not delivered. */
export interface SleDaysReleased {
  type: 'SleDaysReleased';
  data: {
    sleId: string;
    academicYear: AcademicYear;
    deploymentId: string;
    days: number;
    reason: DaysReleaseReason;
    /** The reservation released, when it is one that was never confirmed. */
    reservationId?: string;
  };
}

export type SleCapacityEvent =
  SleCapacityLedgerOpened | SleDaysReserved | SleDaysReservationConfirmed | SleDaysReleased;
