import type { AccountEvent, EmailReservationLapsed } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { fold } from '../shared/decider.js';
import { ConflictError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { isAccount, userDecider, type UserCommand } from './user.decider.js';

type Event = AccountEvent | EmailReservationLapsed;
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
const NOW = '2026-03-02T12:00:00.000Z';
const LATER = '2026-03-20T12:00:00.000Z';
const link = { tokenHash: 'a'.repeat(64), expiresAt: '2026-03-09T12:00:00.000Z' };

const registered: Event = {
  type: 'UserRegistered',
  data: { userId: 'u-1', email: 'jo@school.test', name: 'Jo', passwordHash: HASH, role: 'facilitator' },
};
const invited: Event[] = [
  {
    type: 'UserInvited',
    data: {
      userId: 'u-1',
      email: 'jo@school.test',
      name: 'Jo',
      role: 'school',
      schoolUrn: '100001',
      invitedOn: '2026-03-02',
    },
  },
  { type: 'InvitationIssued', data: { userId: 'u-1', ...link } },
];
const at = (type: Extract<UserCommand, { now: string }>['type'], extra: object = {}) =>
  ({ type, now: NOW, ...extra }) as UserCommand;
const sessionVersion = (events: Event[]) => {
  const state = fold(userDecider, events);
  return isAccount(state) ? state.sessionVersion : undefined;
};

describe('user decider', () => {
  describe('creating an account', () => {
    it('registers an account with a password, and invites one with a first link', () => {
      given(userDecider)
        .when({ type: 'RegisterUser', ...(registered.data as Extract<Event, { type: 'UserRegistered' }>['data']) })
        .then([registered]);
      given(userDecider)
        .when({
          type: 'InviteUser',
          userId: 'u-1',
          email: 'jo@school.test',
          name: 'Jo',
          role: 'school',
          schoolUrn: '100001',
          invitedOn: '2026-03-02',
          link,
        })
        .then(invited);
    });

    it('names the school or SLE a role needs, or may not have', () => {
      const base = { userId: 'u-2', email: 'x@y.test', name: 'X', passwordHash: HASH };
      given(userDecider)
        .when({ type: 'RegisterUser', ...base, role: 'school' })
        .thenRejects(InvalidCommandError, { schoolUrn: /required for a school user/ });
      given(userDecider)
        .when({ type: 'RegisterUser', ...base, role: 'facilitator', sleId: 's-1' })
        .thenRejects(InvalidCommandError, { sleId: /only for an sle user/ });
      given(userDecider)
        .when({ type: 'RegisterUser', ...base, role: 'school', sleId: 's-1' })
        .thenRejects(InvalidCommandError, { schoolUrn: /required/, sleId: /only for an sle user/ });
    });

    it('refuses an id that exists, or whose email reservation lapsed', () => {
      const command = { type: 'RegisterUser' as const, ...(registered.data as never as object) } as UserCommand;
      given(userDecider, [registered])
        .when(command)
        .thenRejects(ConflictError, /already exists/);
      const lapsed: Event = {
        type: 'EmailReservationLapsed',
        data: { email: 'jo@school.test', holder: 'user', ownerId: 'u-1', takenOverBy: 'u-9', at: NOW },
      };
      given(userDecider, [lapsed])
        .when(command)
        .thenRejects(ConflictError, /can no longer be used/);
    });
  });

  describe('accepting an invitation', () => {
    it('sets the password with the current link, before it expires', () => {
      given(userDecider, invited)
        .when(at('AcceptInvitation', { tokenHash: link.tokenHash, passwordHash: HASH }))
        .then([
          { type: 'PasswordSet', data: { userId: 'u-1', passwordHash: HASH, reason: 'invitation', at: NOW } },
          { type: 'InvitationAccepted', data: { userId: 'u-1', via: 'password', at: NOW } },
        ]);
    });

    it('refuses another token, an expired link, a used link and a disabled account alike', () => {
      const accept = (extra: object = {}) =>
        at('AcceptInvitation', { tokenHash: link.tokenHash, passwordHash: HASH, ...extra });
      const refused = { token: /expired or has already been used/ };
      given(userDecider, invited)
        .when(accept({ tokenHash: 'b'.repeat(64) }))
        .thenRejects(InvalidCommandError, refused);
      given(userDecider, invited)
        .when(accept({ now: LATER }))
        .thenRejects(InvalidCommandError, refused);
      const accepted: Event = { type: 'InvitationAccepted', data: { userId: 'u-1', via: 'google', at: NOW } };
      given(userDecider, [...invited, accepted])
        .when(accept())
        .thenRejects(InvalidCommandError, refused);
      const disabled: Event = { type: 'UserDisabled', data: { userId: 'u-1', at: NOW } };
      given(userDecider, [...invited, disabled])
        .when(accept())
        .thenRejects(InvalidCommandError, refused);
    });

    it('a newer link replaces the older one', () => {
      const newer: Event = {
        type: 'InvitationIssued',
        data: { userId: 'u-1', tokenHash: 'c'.repeat(64), expiresAt: LATER },
      };
      given(userDecider, [...invited, newer])
        .when(at('AcceptInvitation', { tokenHash: link.tokenHash, passwordHash: HASH }))
        .thenRejects(InvalidCommandError, { token: /expired/ });
    });

    it('with a provider, while the invitation is current', () => {
      given(userDecider, invited)
        .when(at('AcceptInvitationWithProvider', { provider: 'microsoft' }))
        .then([{ type: 'InvitationAccepted', data: { userId: 'u-1', via: 'microsoft', at: NOW } }]);
      given(userDecider, invited)
        .when(at('AcceptInvitationWithProvider', { provider: 'microsoft', now: LATER }))
        .thenRejects(InvalidCommandError, { token: /expired/ });
    });
  });

  describe('passwords', () => {
    const reset: Event = { type: 'PasswordResetRequested', data: { userId: 'u-1', ...link } };

    it('resets with the current link once; the password set ends the link', () => {
      const set = given(userDecider, [registered, reset])
        .when(at('ResetPassword', { tokenHash: link.tokenHash, passwordHash: HASH }))
        .then([{ type: 'PasswordSet', data: { userId: 'u-1', passwordHash: HASH, reason: 'reset', at: NOW } }]);
      given(userDecider, [registered, reset, ...set])
        .when(at('ResetPassword', { tokenHash: link.tokenHash, passwordHash: HASH }))
        .thenRejects(InvalidCommandError, { token: /reset link has expired/ });
    });

    it('asks for a reset only for an active account', () => {
      given(userDecider, invited).when(at('RequestPasswordReset', { link })).thenRejects(ConflictError);
    });

    it('changes the password only with the current one', () => {
      given(userDecider, [registered])
        .when(at('ChangePassword', { currentPasswordMatches: false, passwordHash: HASH }))
        .thenRejects(InvalidCommandError, { currentPassword: /is not your password/ });
      given(userDecider, [registered])
        .when(at('ChangePassword', { currentPasswordMatches: true, passwordHash: HASH }))
        .then([{ type: 'PasswordSet', data: { userId: 'u-1', passwordHash: HASH, reason: 'change', at: NOW } }]);
    });
  });

  describe('access and sessions', () => {
    it('changes the role and its link, refusing a change that changes nothing', () => {
      given(userDecider, [registered])
        .when(at('ChangeAccess', { access: { role: 'sle', sleId: 's-1' } }))
        .then([{ type: 'UserAccessChanged', data: { userId: 'u-1', role: 'sle', sleId: 's-1', at: NOW } }]);
      given(userDecider, [registered])
        .when(at('ChangeAccess', { access: { role: 'facilitator' } }))
        .thenRejects(ConflictError, /already has this role/);
    });

    it('disables and re-enables, each only once', () => {
      const disabled: Event = { type: 'UserDisabled', data: { userId: 'u-1', at: NOW } };
      given(userDecider, [registered, disabled]).when(at('DisableUser')).thenRejects(ConflictError);
      given(userDecider, [registered]).when(at('ReenableUser')).thenRejects(ConflictError);
      given(userDecider, [registered, disabled])
        .when(at('ReenableUser'))
        .then([{ type: 'UserReenabled', data: { userId: 'u-1', at: NOW } }]);
    });

    it('moves the session version on every event that ends sessions, and on no other', () => {
      const ends: Event[] = [
        { type: 'PasswordSet', data: { userId: 'u-1', passwordHash: HASH, reason: 'reset', at: NOW } },
        { type: 'UserAccessChanged', data: { userId: 'u-1', role: 'core-team', at: NOW } },
        { type: 'UserDisabled', data: { userId: 'u-1', at: NOW } },
        { type: 'SignedOutEverywhere', data: { userId: 'u-1', at: NOW } },
      ];
      const keeps: Event[] = [
        { type: 'UserReenabled', data: { userId: 'u-1', at: NOW } },
        { type: 'PasswordResetRequested', data: { userId: 'u-1', ...link } },
      ];
      expect(sessionVersion([registered])).toBe(0);
      expect(sessionVersion([registered, ...ends])).toBe(4);
      expect(sessionVersion([registered, ...keeps])).toBe(0);
      expect(
        sessionVersion([
          ...invited,
          { type: 'PasswordSet', data: { userId: 'u-1', passwordHash: HASH, reason: 'invitation', at: NOW } },
        ]),
      ).toBe(0);
    });

    it('finds no account to change on an empty stream', () => {
      given(userDecider).when(at('DisableUser')).thenRejects(NotFoundError);
    });
  });

  describe('calendar feed', () => {
    const issued = (tokenHash: string): Event => ({
      type: 'CalendarFeedIssued',
      data: { userId: 'u-1', tokenHash, at: NOW },
    });

    it('issues a feed token hash, and a new one in its place, ending no session', () => {
      given(userDecider, [registered])
        .when(at('IssueCalendarFeed', { tokenHash: 'b'.repeat(64) }))
        .then([issued('b'.repeat(64))]);
      const state = fold(userDecider, [registered, issued('b'.repeat(64)), issued('c'.repeat(64))]);
      expect(isAccount(state) && state.calendarFeed).toEqual({ tokenHash: 'c'.repeat(64), issuedAt: NOW });
      expect(sessionVersion([registered, issued('b'.repeat(64))])).toBe(sessionVersion([registered]));
    });

    it('refuses a feed to a disabled account, and to none', () => {
      given(userDecider, [registered, { type: 'UserDisabled', data: { userId: 'u-1', at: NOW } }])
        .when(at('IssueCalendarFeed', { tokenHash: 'b'.repeat(64) }))
        .thenRejects(ConflictError, /disabled/);
      given(userDecider)
        .when(at('IssueCalendarFeed', { tokenHash: 'b'.repeat(64) }))
        .thenRejects(NotFoundError, /No such user/);
    });
  });
});
