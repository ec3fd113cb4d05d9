import type { Role } from './vocabulary.js';

export const userStream = (userId: string) => `user-${userId}`;

/** How a person proved who they are: a password, or a verified email at an OpenID Connect provider. */
export const SIGN_IN_PROVIDERS = ['microsoft', 'google'] as const;
export type SignInProvider = (typeof SIGN_IN_PROVIDERS)[number];

/** Where an account belongs: a school user to one school, an SLE user to one SLE, other roles to neither. */
export interface AccountAccess {
  role: Role;
  schoolUrn?: string;
  sleId?: string;
}

/**
 * An account created with its password. Only a strong one-way hash of the password is ever recorded.
 * v2 added `name` (null for accounts registered before it).
 */
export interface UserRegistered {
  type: 'UserRegistered';
  data: AccountAccess & {
    userId: string;
    email: string;
    name: string | null;
    passwordHash: string;
  };
}

/** An account created for a person who has not signed in yet; an invitation follows it. */
export interface UserInvited {
  type: 'UserInvited';
  data: AccountAccess & { userId: string; email: string; name: string; invitedOn: string };
}

/**
 * A one-time link sent to an invited person. Only the SHA-256 of its random token is recorded; a newer
 * invitation replaces an older one.
 */
export interface InvitationIssued {
  type: 'InvitationIssued';
  data: { userId: string; tokenHash: string; expiresAt: string };
}

/** The invited person set a password (`password`) or signed in with a provider: the account is active. */
export interface InvitationAccepted {
  type: 'InvitationAccepted';
  data: { userId: string; via: 'password' | SignInProvider; at: string };
}

/** A new password hash. `reason` says why; every reason but an accepted invitation ends the other sessions. */
export interface PasswordSet {
  type: 'PasswordSet';
  data: { userId: string; passwordHash: string; reason: 'invitation' | 'reset' | 'change'; at: string };
}

/** A one-time link to choose a new password. Only the SHA-256 of its random token is recorded. */
export interface PasswordResetRequested {
  type: 'PasswordResetRequested';
  data: { userId: string; tokenHash: string; expiresAt: string };
}

export interface UserAccessChanged {
  type: 'UserAccessChanged';
  data: AccountAccess & { userId: string; at: string };
}

export interface UserDisabled {
  type: 'UserDisabled';
  data: { userId: string; at: string };
}

export interface UserReenabled {
  type: 'UserReenabled';
  data: { userId: string; at: string };
}

/** Every session the user holds ends (tokens and cookies issued before stop working). */
export interface SignedOutEverywhere {
  type: 'SignedOutEverywhere';
  data: { userId: string; at: string };
}

/** The first event of an account, which the alliance's `users` view folds. */
/**
 * A new private address for the person's calendar feed; the one before stops working (revoking is issuing anew).
 * Only the token's SHA-256 is recorded.
 */
export interface CalendarFeedIssued {
  type: 'CalendarFeedIssued';
  data: { userId: string; tokenHash: string; at: string };
}

export type UserEvent = UserRegistered;

/** Everything on a user's stream. */
export type AccountEvent =
  | UserRegistered
  | UserInvited
  | InvitationIssued
  | InvitationAccepted
  | PasswordSet
  | PasswordResetRequested
  | UserAccessChanged
  | UserDisabled
  | UserReenabled
  | SignedOutEverywhere
  | CalendarFeedIssued;

export const ACCOUNT_EVENT_TYPES: readonly AccountEvent['type'][] = [
  'UserRegistered',
  'UserInvited',
  'InvitationIssued',
  'InvitationAccepted',
  'PasswordSet',
  'PasswordResetRequested',
  'UserAccessChanged',
  'UserDisabled',
  'UserReenabled',
  'SignedOutEverywhere',
  'CalendarFeedIssued',
];
