import type { SleCapacityEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError } from '../shared/domain-errors.js';
import { sleCapacityDecider as decider, type ReserveDays } from './sle-capacity.decider.js';

const ids = { sleId: 'sle-1', academicYear: '2025-26' };

const reserve = (extra: Partial<ReserveDays> = {}): ReserveDays => ({
  type: 'ReserveDays',
  ...ids,
  reservationId: 'res-1',
  deploymentId: 'dep-new',
  days: 5,
  capacityDays: 20,
  ...extra,
});

const opened = (commissioned = [{ deploymentId: 'dep-old', days: 12 }]): SleCapacityEvent => ({
  type: 'SleCapacityLedgerOpened',
  data: { ...ids, commissioned },
});

const reserved = (reservationId: string, deploymentId: string, days: number): SleCapacityEvent => ({
  type: 'SleDaysReserved',
  data: { ...ids, reservationId, deploymentId, days, capacityDays: 20 },
});

describe('SLE capacity ledger: reserving days', () => {
  it('opens the ledger with the days already commissioned, then reserves within the capacity', () => {
    given(decider)
      .when(reserve({ opening: [{ deploymentId: 'dep-old', days: 12 }] }))
      .then([opened(), reserved('res-1', 'dep-new', 5)]);
  });

  it('reserves days that fill the capacity exactly', () => {
    given(decider, [opened([{ deploymentId: 'dep-old', days: 15 }])])
      .when(reserve())
      .then([reserved('res-1', 'dep-new', 5)]);
  });

  it('refuses days beyond the capacity, saying how many are commissioned and how to go beyond knowingly', () => {
    given(decider, [opened([{ deploymentId: 'dep-old', days: 16 }])])
      .when(reserve())
      .thenRejects(
        ConflictError,
        /SLE sle-1 has 20 days of capacity in 2025-26 and 16 already commissioned; 5 more would exceed it.*capacityOverrideReason/,
      );
  });

  it('counts the reservations not yet confirmed, so two steps can never both take the last days', () => {
    given(decider, [opened(), reserved('res-0', 'dep-other', 5)])
      .when(reserve({ days: 4 }))
      .thenRejects(ConflictError, /17 already commissioned; 4 more would exceed it/);
  });

  it('reserves beyond the capacity with a capacityOverrideReason, recorded trimmed; a blank one is no reason', () => {
    const full = [opened([{ deploymentId: 'dep-old', days: 20 }])];
    given(decider, full)
      .when(reserve({ capacityOverrideReason: '  Ofsted due  ' }))
      .then([
        {
          type: 'SleDaysReserved',
          data: {
            ...ids,
            reservationId: 'res-1',
            deploymentId: 'dep-new',
            days: 5,
            capacityDays: 20,
            capacityOverrideReason: 'Ofsted due',
          },
        },
      ]);
    given(decider, full)
      .when(reserve({ capacityOverrideReason: '   ' }))
      .thenRejects(ConflictError, /would exceed/);
  });

  it('holds a reservation asked for again (a retried step) without reserving it twice', () => {
    given(decider, [opened(), reserved('res-1', 'dep-new', 5)])
      .when(reserve())
      .then([]);
  });

  it('first gives back what a cancelled deployment holds beyond what it delivered (a release a crash left undone)', () => {
    given(decider, [
      opened([
        { deploymentId: 'dep-old', days: 12 },
        { deploymentId: 'dep-gone', days: 6 },
      ]),
    ])
      .when(reserve({ cancelled: [{ deploymentId: 'dep-gone', delivered: 1 }] }))
      .then([
        {
          type: 'SleDaysReleased',
          data: { ...ids, deploymentId: 'dep-gone', days: 5, reason: 'deployment-cancelled' },
        },
        reserved('res-1', 'dep-new', 5),
      ]);
  });
});

describe('SLE capacity ledger: settling and releasing', () => {
  const history = [opened(), reserved('res-1', 'dep-new', 5)];

  it('confirms a reservation once; a confirmed one is not released', () => {
    given(decider, history)
      .when({ type: 'ConfirmReservation', reservationId: 'res-1' })
      .then([{ type: 'SleDaysReservationConfirmed', data: { ...ids, reservationId: 'res-1' } }]);
    const confirmed: SleCapacityEvent = {
      type: 'SleDaysReservationConfirmed',
      data: { ...ids, reservationId: 'res-1' },
    };
    given(decider, [...history, confirmed])
      .when({ type: 'ConfirmReservation', reservationId: 'res-1' })
      .then([]);
    given(decider, [...history, confirmed])
      .when({ type: 'ReleaseReservation', reservationId: 'res-1' })
      .then([]);
  });

  it('releases a reservation whose step was never recorded, freeing its days', () => {
    const released: SleCapacityEvent = {
      type: 'SleDaysReleased',
      data: { ...ids, deploymentId: 'dep-new', days: 5, reason: 'step-not-recorded', reservationId: 'res-1' },
    };
    given(decider, history).when({ type: 'ReleaseReservation', reservationId: 'res-1' }).then([released]);
    // Its days are free again: 12 commissioned, 8 more fit.
    given(decider, [...history, released])
      .when(reserve({ reservationId: 'res-2', days: 8 }))
      .then([reserved('res-2', 'dep-new', 8)]);
  });

  it('gives back after a cancellation what the deployment had not delivered, and nothing a second time', () => {
    const release = { type: 'ReleaseUndelivered' as const, deploymentId: 'dep-old', delivered: 2 };
    const released: SleCapacityEvent = {
      type: 'SleDaysReleased',
      data: { ...ids, deploymentId: 'dep-old', days: 10, reason: 'deployment-cancelled' },
    };
    given(decider, history).when(release).then([released]);
    given(decider, [...history, released])
      .when(release)
      .then([]);
  });

  it('releases nothing on a ledger never written', () => {
    given(decider).when({ type: 'ReleaseUndelivered', deploymentId: 'dep-old', delivered: 0 }).then([]);
    given(decider).when({ type: 'ReleaseReservation', reservationId: 'res-1' }).then([]);
  });
});
