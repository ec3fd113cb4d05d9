import { createHash } from 'node:crypto';

/** What an email address is unique among: user accounts, or SLEs (an SLE and their own account share one). */
export const EMAIL_HOLDERS = ['user', 'sle'] as const;
export type EmailHolder = (typeof EMAIL_HOLDERS)[number];

/**
 * One stream per holder kind and normalised email. Appending to it with the revision read decides, across
 * every process, who holds the address: two writers can never both take it. Named by the address's SHA-256,
 * not the address: a stream's name cannot be sealed, and must not show the address once it is erased.
 */
export const reservedEmailStream = (holder: EmailHolder, normalisedEmail: string) =>
  `reserved-email-${holder}-${createHash('sha256').update(normalisedEmail).digest('hex')}`;

/** The address is taken for `ownerId` (a user id or an SLE id), whose own stream is written next. */
export interface EmailReserved {
  type: 'EmailReserved';
  data: { email: string; holder: EmailHolder; ownerId: string; reservedAt: string };
}

/** The address is free again (its SLE's designation ended). */
export interface EmailReleased {
  type: 'EmailReleased';
  data: { email: string; holder: EmailHolder; ownerId: string; releasedAt: string };
}

/**
 * Written on an owner's stream, where nothing else was, when its reservation was taken over because the
 * owner never appeared (a crash between the reservation and the owner's first event). The owner's stream can
 * then never be started, however late the crashed writer comes back.
 */
export interface EmailReservationLapsed {
  type: 'EmailReservationLapsed';
  data: { email: string; holder: EmailHolder; ownerId: string; takenOverBy: string; at: string };
}

export type EmailReservationEvent = EmailReserved | EmailReleased | EmailReservationLapsed;
