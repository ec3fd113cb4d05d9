/** What an email address is unique among: user accounts, or SLEs (an SLE and their own account share one). */
export const EMAIL_HOLDERS = ['user', 'sle'] as const;
export type EmailHolder = (typeof EMAIL_HOLDERS)[number];

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
