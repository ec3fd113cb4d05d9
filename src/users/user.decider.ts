import type {
  AccountAccess,
  EmailReservationLapsed,
  InvitationAccepted,
  Role,
  SignInProvider,
  AccountEvent,
  UserInvited,
  UserRegistered,
} from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';

/** A one-time link's token, as recorded: its SHA-256 and when it stops working. */
export interface OneTimeLink {
  tokenHash: string;
  expiresAt: string;
}

/** An account as its stream makes it: what the decider decides from, and what the directory lists. */
export interface Account extends AccountAccess {
  userId: string;
  email: string;
  name: string | null;
  /** Invited until the person first sets a password or signs in with a provider. */
  status: 'invited' | 'active';
  disabled: boolean;
  passwordHash?: string;
  /** Tokens carry it; a token of an older version is refused (see `endsSessions`). */
  sessionVersion: number;
  /** Moves with each new password, so that a lockout counted against the old one is lifted. */
  passwordVersion: number;
  invitation?: OneTimeLink;
  reset?: OneTimeLink;
  /** The current private calendar feed address's token hash, and when it was issued. */
  calendarFeed?: { tokenHash: string; issuedAt: string };
  invitedOn?: string;
  activatedAt?: string;
  signInProviders: SignInProvider[];
}

export type AccountState = { status: 'none' | 'lapsed' } | Account;

export const isAccount = (state: AccountState | undefined): state is Account =>
  state?.status === 'invited' || state?.status === 'active';

type Now = { now: string };

export type UserCommand =
  | ({ type: 'RegisterUser' } & UserRegistered['data'])
  | ({ type: 'InviteUser' } & UserInvited['data'] & { link: OneTimeLink })
  | ({ type: 'ReissueInvitation'; link: OneTimeLink } & Now)
  | ({ type: 'AcceptInvitation'; tokenHash: string; passwordHash: string } & Now)
  | ({ type: 'AcceptInvitationWithProvider'; provider: SignInProvider } & Now)
  | ({ type: 'RequestPasswordReset'; link: OneTimeLink } & Now)
  | ({ type: 'ResetPassword'; tokenHash: string; passwordHash: string } & Now)
  | ({ type: 'ChangePassword'; currentPasswordMatches: boolean; passwordHash: string } & Now)
  | ({ type: 'ChangeAccess'; access: AccountAccess } & Now)
  | ({ type: 'DisableUser' } & Now)
  | ({ type: 'ReenableUser' } & Now)
  | ({ type: 'SignOutEverywhere' } & Now)
  | ({ type: 'IssueCalendarFeed'; tokenHash: string } & Now);

const current = (link: OneTimeLink | undefined, tokenHash: string | undefined, now: string) =>
  !!link && (tokenHash === undefined || link.tokenHash === tokenHash) && link.expiresAt > now;

/** A school user belongs to exactly one school, an SLE user is exactly one SLE; other roles to neither. */
export function checkAccess({ role, schoolUrn, sleId }: AccountAccess, problems = new FieldProblems()): FieldProblems {
  return problems
    .check(role !== 'school' || !!schoolUrn, 'schoolUrn', 'is required for a school user')
    .check(role === 'school' || !schoolUrn, 'schoolUrn', 'is only for a school user')
    .check(role !== 'sle' || !!sleId, 'sleId', 'is required for an sle user')
    .check(role === 'sle' || !sleId, 'sleId', 'is only for an sle user');
}

const accessOf = ({ role, schoolUrn, sleId }: AccountAccess): AccountAccess => ({
  role,
  ...(schoolUrn ? { schoolUrn } : {}),
  ...(sleId ? { sleId } : {}),
});

function decide(command: UserCommand, state: AccountState): AccountEvent[] {
  if (command.type === 'RegisterUser' || command.type === 'InviteUser') {
    if (state.status === 'lapsed') throw new ConflictError('This account id can no longer be used; try again');
    if (state.status !== 'none') throw new ConflictError(`User ${command.userId} already exists`);
    checkAccess(command).throwIfAny();
    if (command.type === 'RegisterUser') {
      const { type: _type, ...data } = command;
      return [{ type: 'UserRegistered', data: { ...data, ...accessOf(command) } }];
    }
    const { type: _type, link, ...data } = command;
    return [
      { type: 'UserInvited', data: { ...data, ...accessOf(command) } },
      { type: 'InvitationIssued', data: { userId: command.userId, ...link } },
    ];
  }
  if (!isAccount(state)) throw new NotFoundError('No such user');
  const { userId } = state;
  const at = command.now;
  switch (command.type) {
    case 'ReissueInvitation':
      if (state.status !== 'invited') throw new ConflictError('This person has already accepted their invitation');
      if (state.disabled) throw new ConflictError('This account is disabled; enable it first');
      return [{ type: 'InvitationIssued', data: { userId, ...command.link } }];
    case 'AcceptInvitation':
    case 'AcceptInvitationWithProvider': {
      const byPassword = command.type === 'AcceptInvitation';
      const tokenHash = byPassword ? command.tokenHash : undefined;
      // Accepted, disabled and lapsed links all read the same to whoever holds one.
      if (state.status !== 'invited' || state.disabled || !current(state.invitation, tokenHash, at))
        throw InvalidCommandError.field('token', 'this invitation link has expired or has already been used');
      const accepted: InvitationAccepted = {
        type: 'InvitationAccepted',
        data: { userId, via: byPassword ? 'password' : command.provider, at },
      };
      if (!byPassword) return [accepted];
      return [
        { type: 'PasswordSet', data: { userId, passwordHash: command.passwordHash, reason: 'invitation', at } },
        accepted,
      ];
    }
    case 'RequestPasswordReset':
      if (state.status !== 'active' || state.disabled) throw new ConflictError('This account cannot reset a password');
      return [{ type: 'PasswordResetRequested', data: { userId, ...command.link } }];
    case 'ResetPassword':
      if (state.status !== 'active' || state.disabled || !current(state.reset, command.tokenHash, at))
        throw InvalidCommandError.field('token', 'this reset link has expired or has already been used');
      return [{ type: 'PasswordSet', data: { userId, passwordHash: command.passwordHash, reason: 'reset', at } }];
    case 'ChangePassword':
      if (!state.passwordHash)
        throw InvalidCommandError.field(
          'currentPassword',
          'this account signs in with Microsoft or Google and has no password; use "forgot password" to set one',
        );
      if (!command.currentPasswordMatches) throw InvalidCommandError.field('currentPassword', 'is not your password');
      return [{ type: 'PasswordSet', data: { userId, passwordHash: command.passwordHash, reason: 'change', at } }];
    case 'ChangeAccess': {
      const access = accessOf(command.access);
      checkAccess(access).throwIfAny();
      if (JSON.stringify(access) === JSON.stringify(accessOf(state)))
        throw new ConflictError('The user already has this role and link');
      return [{ type: 'UserAccessChanged', data: { userId, ...access, at } }];
    }
    case 'DisableUser':
      if (state.disabled) throw new ConflictError('This account is already disabled');
      return [{ type: 'UserDisabled', data: { userId, at } }];
    case 'ReenableUser':
      if (!state.disabled) throw new ConflictError('This account is not disabled');
      return [{ type: 'UserReenabled', data: { userId, at } }];
    case 'SignOutEverywhere':
      return [{ type: 'SignedOutEverywhere', data: { userId, at } }];
    case 'IssueCalendarFeed':
      if (state.disabled) throw new ConflictError('This account is disabled');
      return [{ type: 'CalendarFeedIssued', data: { userId, tokenHash: command.tokenHash, at } }];
  }
}

/** Events after which tokens issued before are refused. */
export const endsSessions = (event: AccountEvent): boolean =>
  (event.type === 'PasswordSet' && event.data.reason !== 'invitation') ||
  event.type === 'UserAccessChanged' ||
  event.type === 'UserDisabled' ||
  event.type === 'SignedOutEverywhere';

function evolve(state: AccountState, event: AccountEvent | EmailReservationLapsed): AccountState {
  if (event.type === 'EmailReservationLapsed') return state.status === 'none' ? { status: 'lapsed' } : state;
  if (event.type === 'UserRegistered' || event.type === 'UserInvited') {
    const { userId, email, name } = event.data;
    const registered = event.type === 'UserRegistered';
    return {
      userId,
      email,
      name,
      ...accessOf(event.data),
      status: registered ? 'active' : 'invited',
      disabled: false,
      ...(registered ? { passwordHash: event.data.passwordHash } : { invitedOn: event.data.invitedOn }),
      sessionVersion: 0,
      passwordVersion: registered ? 1 : 0,
      signInProviders: [],
    };
  }
  if (!isAccount(state)) return state;
  const next: Account = endsSessions(event) ? { ...state, sessionVersion: state.sessionVersion + 1 } : { ...state };
  switch (event.type) {
    case 'InvitationIssued':
      next.invitation = { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt };
      break;
    case 'InvitationAccepted':
      next.status = 'active';
      next.activatedAt = event.data.at;
      delete next.invitation;
      if (event.data.via !== 'password') next.signInProviders = [...state.signInProviders, event.data.via];
      break;
    case 'PasswordSet':
      next.passwordHash = event.data.passwordHash;
      next.passwordVersion = state.passwordVersion + 1;
      delete next.reset;
      break;
    case 'PasswordResetRequested':
      next.reset = { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt };
      break;
    case 'UserAccessChanged': {
      delete next.schoolUrn;
      delete next.sleId;
      Object.assign(next, accessOf(event.data));
      break;
    }
    case 'UserDisabled':
      next.disabled = true;
      break;
    case 'UserReenabled':
      next.disabled = false;
      break;
    case 'CalendarFeedIssued':
      next.calendarFeed = { tokenHash: event.data.tokenHash, issuedAt: event.data.at };
      break;
  }
  return next;
}

export const userDecider: Decider<UserCommand, AccountState, AccountEvent | EmailReservationLapsed> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};

/** Roles a facilitator may invite (an admin may invite any role). */
export const FACILITATOR_INVITES: readonly Role[] = ['school', 'sle'];
