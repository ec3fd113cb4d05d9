import { createHash } from 'node:crypto';
import { type EmailHolder, type EmailReservationEvent, type EmailReservationLapsed } from '../../events/index.js';
import type { AggregateRunner } from '../commands/aggregate-runner.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError } from '../shared/domain-errors.js';

import { normaliseEmail } from '../../projections/user-view.js';

/** An email address as it is compared and reserved: trimmed, lower case. */
export { normaliseEmail };

/**
 * One stream per holder kind and normalised email. Appending to it with the revision read decides, across
 * every process, who holds the address: two writers can never both take it. Named by the address's SHA-256,
 * not the address: a stream's name cannot be sealed, and must not show the address once it is erased.
 */
export const reservedEmailStream = (holder: EmailHolder, normalisedEmail: string) =>
  `reserved-email-${holder}-${createHash('sha256').update(normalisedEmail).digest('hex')}`;

/**
 * How long a reservation whose owner has not appeared is left alone: its writer is most likely between the
 * two appends. After it, the next command takes the address over (and fences the owner's stream, so the
 * late writer cannot start it).
 */
export const RESERVATION_GRACE_MS = 60_000;

/** Whether the owner a reservation names still holds the address. */
export type OwnerStatus =
  /** The owner exists and keeps the address (an account, a designated SLE). */
  | 'holds'
  /** The owner exists but no longer needs it (an SLE whose designation ended). */
  | 'released'
  /** Nothing was ever written for the owner. */
  | 'absent';

export interface Reservation {
  holder?: { ownerId: string; reservedAt: string };
}

export type ReservationCommand =
  | {
      type: 'ReserveEmail';
      email: string;
      holder: EmailHolder;
      ownerId: string;
      now: string;
      /** Of the current owner, when another owner holds the reservation. */
      currentOwner?: OwnerStatus;
    }
  | { type: 'ReleaseEmail'; email: string; holder: EmailHolder; ownerId: string; now: string };

function decide(command: ReservationCommand, state: Reservation): EmailReservationEvent[] {
  const { email, holder, ownerId, now } = command;
  if (command.type === 'ReleaseEmail') {
    if (state.holder?.ownerId !== ownerId) return [];
    return [{ type: 'EmailReleased', data: { email, holder, ownerId, releasedAt: now } }];
  }
  const held = state.holder;
  if (held && held.ownerId === ownerId) return [];
  if (held && command.currentOwner === 'holds')
    throw new ConflictError(`The email ${email} is already used by another ${holder === 'sle' ? 'SLE' : 'account'}`);
  if (held && command.currentOwner === 'absent' && Date.parse(now) - Date.parse(held.reservedAt) < RESERVATION_GRACE_MS)
    throw new ConflictError(`The email ${email} is being registered right now; try again in a minute`);
  return [{ type: 'EmailReserved', data: { email, holder, ownerId, reservedAt: now } }];
}

export const emailReservationDecider: Decider<ReservationCommand, Reservation, EmailReservationEvent> = {
  initialState: {},
  decide,
  evolve: (state, event) => {
    if (event.type === 'EmailReserved')
      return { holder: { ownerId: event.data.ownerId, reservedAt: event.data.reservedAt } };
    if (event.type === 'EmailReleased' && state.holder?.ownerId === event.data.ownerId) return {};
    return state;
  },
};

/** The owner's own stream, told only whether anything was ever written on it. */
const ownerStreamFence: Decider<EmailReservationLapsed, { written: boolean }, EmailReservationEvent> = {
  initialState: { written: false },
  decide: (fence, { written }) => {
    if (written) throw new ConflictError(`The email ${fence.data.email} is already used`);
    return [fence];
  },
  evolve: () => ({ written: true }),
};

export interface ReserveEmail {
  holder: EmailHolder;
  email: string;
  ownerId: string;
  /** The owner's stream (`sle-…`, `user-…`), fenced when a lapsed reservation is taken over. */
  ownerStream: (ownerId: string) => string;
  /** Whether the current owner still holds it, as the caller's views say once caught up. */
  ownerStatus: (ownerId: string) => Promise<OwnerStatus>;
  now: string;
  actorUserId?: string;
}

/**
 * Reserves `email` for `ownerId`, or throws ConflictError. Appended with the revision read, so that of any
 * number of writers (in any process) exactly one takes a free address. Called before the owner's first
 * event; given the import's planning runner, it stages the reservation with the rest of the row instead.
 */
export async function reserveEmail(runner: AggregateRunner, request: ReserveEmail): Promise<void> {
  const { holder, ownerId, now, actorUserId } = request;
  const email = normaliseEmail(request.email);
  const stream = reservedEmailStream(holder, email);
  await runner.run(
    stream,
    emailReservationDecider,
    async (state): Promise<ReservationCommand> => {
      const held = state.holder;
      const reserve = { type: 'ReserveEmail' as const, email, holder, ownerId, now };
      if (!held || held.ownerId === ownerId) return reserve;
      const currentOwner = await request.ownerStatus(held.ownerId);
      const command = { ...reserve, currentOwner };
      // Throws when the owner holds it or may still be on its way; otherwise it is taken over.
      decide(command, state);
      if (currentOwner === 'absent') {
        const lapsed: EmailReservationLapsed = {
          type: 'EmailReservationLapsed',
          data: { email, holder, ownerId: held.ownerId, takenOverBy: ownerId, at: now },
        };
        await runner.run(request.ownerStream(held.ownerId), ownerStreamFence, lapsed, { actorUserId });
      }
      return command;
    },
    { actorUserId },
  );
}

/** Frees `email` if `ownerId` holds it (an SLE whose designation ended). */
export async function releaseEmail(
  runner: AggregateRunner,
  request: { holder: EmailHolder; email: string; ownerId: string; now: string; actorUserId?: string },
): Promise<void> {
  const email = normaliseEmail(request.email);
  await runner.run(
    reservedEmailStream(request.holder, email),
    emailReservationDecider,
    { type: 'ReleaseEmail', email, holder: request.holder, ownerId: request.ownerId, now: request.now },
    { actorUserId: request.actorUserId },
  );
}
