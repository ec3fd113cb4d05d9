import type { AcademicYear, SleCapacityEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError } from '../shared/domain-errors.js';

/** Days commissioned by deployment, as already recorded when the ledger is first written. */
export type CommissionedDays = { deploymentId: string; days: number }[];

export interface ReserveDays {
  type: 'ReserveDays';
  sleId: string;
  academicYear: AcademicYear;
  reservationId: string;
  deploymentId: string;
  days: number;
  capacityDays: number;
  capacityOverrideReason?: string;
  /** What is already commissioned, for a ledger not yet written; read from the views by the handler. */
  opening?: CommissionedDays;
  /**
   * The SLE's cancelled deployments with the days each delivered in the year, from the views: what a cancellation
   * whose release did not happen (a process stopped between the two) still holds is released first.
   */
  cancelled?: { deploymentId: string; delivered: number }[];
}

export interface ConfirmReservation {
  type: 'ConfirmReservation';
  reservationId: string;
}

/** Gives back a reservation whose step was never recorded on its deployment. */
export interface ReleaseReservation {
  type: 'ReleaseReservation';
  reservationId: string;
}

/** After a cancellation: gives back what the deployment commissioned in the year beyond what it delivered. */
export interface ReleaseUndelivered {
  type: 'ReleaseUndelivered';
  deploymentId: string;
  delivered: number;
}

export type SleCapacityCommand = ReserveDays | ConfirmReservation | ReleaseReservation | ReleaseUndelivered;

interface Unopened {
  status: 'unopened';
}
interface Open {
  status: 'open';
  sleId: string;
  academicYear: AcademicYear;
  /** Days commissioned in the year, by deployment: confirmed and pending reservations alike. */
  byDeployment: Readonly<Record<string, number>>;
  reservations: Readonly<Record<string, { deploymentId: string; days: number; settled: boolean }>>;
}
export type SleCapacityState = Unopened | Open;

export const commissionedIn = (state: Open) => Object.values(state.byDeployment).reduce((sum, days) => sum + days, 0);

export function reserveDays(command: ReserveDays, state: SleCapacityState): SleCapacityEvent[] {
  const { sleId, academicYear } = command;
  const events: SleCapacityEvent[] = [];
  let ledger = state;
  if (ledger.status === 'unopened') {
    if (!command.opening)
      throw new Error(`The capacity ledger of SLE ${sleId} in ${academicYear} needs its opening days`);
    const opened: SleCapacityEvent = {
      type: 'SleCapacityLedgerOpened',
      data: { sleId, academicYear, commissioned: command.opening },
    };
    events.push(opened);
    ledger = evolve(ledger, opened) as Open;
  }
  // A reservation asked for again (a retried step) is already held.
  if (ledger.reservations[command.reservationId]) return events;
  for (const { deploymentId, delivered } of command.cancelled ?? []) {
    for (const released of releaseUndelivered({ type: 'ReleaseUndelivered', deploymentId, delivered }, ledger)) {
      events.push(released);
      ledger = evolve(ledger, released) as Open;
    }
  }
  const commissioned = commissionedIn(ledger);
  const reason = command.capacityOverrideReason?.trim();
  if (commissioned + command.days > command.capacityDays && !reason) {
    throw new ConflictError(
      `SLE ${sleId} has ${command.capacityDays} days of capacity in ${academicYear} and ` +
        `${commissioned} already commissioned; ${command.days} more would exceed it. ` +
        `Commission fewer days, or give capacityOverrideReason to exceed it knowingly.`,
    );
  }
  const { reservationId, deploymentId, days, capacityDays } = command;
  events.push({
    type: 'SleDaysReserved',
    data: {
      sleId,
      academicYear,
      reservationId,
      deploymentId,
      days,
      capacityDays,
      ...(reason ? { capacityOverrideReason: reason } : {}),
    },
  });
  return events;
}

export function confirmReservation(command: ConfirmReservation, state: SleCapacityState): SleCapacityEvent[] {
  const held = state.status === 'open' ? state.reservations[command.reservationId] : undefined;
  if (state.status !== 'open' || !held || held.settled) return [];
  const { sleId, academicYear } = state;
  return [{ type: 'SleDaysReservationConfirmed', data: { sleId, academicYear, reservationId: command.reservationId } }];
}

export function releaseReservation(command: ReleaseReservation, state: SleCapacityState): SleCapacityEvent[] {
  const held = state.status === 'open' ? state.reservations[command.reservationId] : undefined;
  if (state.status !== 'open' || !held || held.settled) return [];
  const { sleId, academicYear } = state;
  const { deploymentId, days } = held;
  return [
    {
      type: 'SleDaysReleased',
      data: {
        sleId,
        academicYear,
        deploymentId,
        days,
        reason: 'step-not-recorded',
        reservationId: command.reservationId,
      },
    },
  ];
}

export function releaseUndelivered(command: ReleaseUndelivered, state: SleCapacityState): SleCapacityEvent[] {
  if (state.status !== 'open') return [];
  const days = (state.byDeployment[command.deploymentId] ?? 0) - command.delivered;
  if (days <= 0) return [];
  const { sleId, academicYear } = state;
  const { deploymentId } = command;
  return [
    { type: 'SleDaysReleased', data: { sleId, academicYear, deploymentId, days, reason: 'deployment-cancelled' } },
  ];
}

function decide(command: SleCapacityCommand, state: SleCapacityState): SleCapacityEvent[] {
  switch (command.type) {
    case 'ReserveDays':
      return reserveDays(command, state);
    case 'ConfirmReservation':
      return confirmReservation(command, state);
    case 'ReleaseReservation':
      return releaseReservation(command, state);
    case 'ReleaseUndelivered':
      return releaseUndelivered(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown capacity command ${JSON.stringify(unknown)}`);
    }
  }
}

const withDays = (byDeployment: Open['byDeployment'], deploymentId: string, days: number) => ({
  ...byDeployment,
  [deploymentId]: (byDeployment[deploymentId] ?? 0) + days,
});

function evolve(state: SleCapacityState, event: SleCapacityEvent): SleCapacityState {
  if (event.type === 'SleCapacityLedgerOpened') {
    const byDeployment: Record<string, number> = {};
    for (const { deploymentId, days } of event.data.commissioned)
      byDeployment[deploymentId] = (byDeployment[deploymentId] ?? 0) + days;
    return {
      status: 'open',
      sleId: event.data.sleId,
      academicYear: event.data.academicYear,
      byDeployment,
      reservations: {},
    };
  }
  if (state.status !== 'open') return state;
  switch (event.type) {
    case 'SleDaysReserved': {
      const { reservationId, deploymentId, days } = event.data;
      return {
        ...state,
        byDeployment: withDays(state.byDeployment, deploymentId, days),
        reservations: { ...state.reservations, [reservationId]: { deploymentId, days, settled: false } },
      };
    }
    case 'SleDaysReservationConfirmed': {
      const held = state.reservations[event.data.reservationId];
      if (!held) return state;
      return {
        ...state,
        reservations: { ...state.reservations, [event.data.reservationId]: { ...held, settled: true } },
      };
    }
    case 'SleDaysReleased': {
      const { reservationId, deploymentId, days } = event.data;
      const held = reservationId ? state.reservations[reservationId] : undefined;
      return {
        ...state,
        byDeployment: withDays(state.byDeployment, deploymentId, -days),
        reservations:
          held && reservationId
            ? { ...state.reservations, [reservationId]: { ...held, settled: true } }
            : state.reservations,
      };
    }
  }
}

export const sleCapacityDecider: Decider<SleCapacityCommand, SleCapacityState, SleCapacityEvent> = {
  initialState: { status: 'unopened' },
  decide,
  evolve,
};
