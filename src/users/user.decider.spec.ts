import type { Role, UserEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import { userDecider, type RegisterUser } from './user.decider.js';

const register = (role: Role, extra: Partial<RegisterUser> = {}): RegisterUser => ({
  type: 'RegisterUser',
  userId: 'u-1',
  email: 'someone@alliance.test',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  role,
  ...extra,
});
const registered = (role: Role, extra: Partial<UserEvent['data']> = {}): UserEvent => ({
  type: 'UserRegistered',
  data: {
    userId: 'u-1',
    email: 'someone@alliance.test',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    role,
    ...extra,
  },
});

describe('user decider', () => {
  it.each(['admin', 'facilitator', 'core-team'] as const)('registers a %s user with neither school nor SLE', (role) => {
    given(userDecider)
      .when(register(role))
      .then([registered(role)]);
  });

  it('registers a school user with their school', () => {
    given(userDecider)
      .when(register('school', { schoolUrn: '100001' }))
      .then([registered('school', { schoolUrn: '100001' })]);
  });

  it('registers an SLE user with their SLE', () => {
    given(userDecider)
      .when(register('sle', { sleId: 'sle-1' }))
      .then([registered('sle', { sleId: 'sle-1' })]);
  });

  it('rejects a user id that already exists', () => {
    given(userDecider, [registered('admin')])
      .when(register('facilitator'))
      .thenRejects(ConflictError, /u-1 already exists/);
  });

  it('requires a school for a school user', () => {
    given(userDecider)
      .when(register('school'))
      .thenRejects(InvalidCommandError, { schoolUrn: /required for a school user/ });
  });

  it('requires an SLE for an SLE user', () => {
    given(userDecider)
      .when(register('sle'))
      .thenRejects(InvalidCommandError, { sleId: /required for an sle user/ });
  });

  it.each(['admin', 'facilitator', 'core-team', 'sle'] as const)('rejects a school for a %s user', (role) => {
    given(userDecider)
      .when(register(role, { schoolUrn: '100001', ...(role === 'sle' ? { sleId: 'sle-1' } : {}) }))
      .thenRejects(InvalidCommandError, { schoolUrn: /only for a school user/ });
  });

  it.each(['admin', 'facilitator', 'core-team', 'school'] as const)('rejects an SLE for a %s user', (role) => {
    given(userDecider)
      .when(register(role, { sleId: 'sle-1', ...(role === 'school' ? { schoolUrn: '100001' } : {}) }))
      .thenRejects(InvalidCommandError, { sleId: /only for an sle user/ });
  });

  it('names both fields when a school user is given an SLE and no school', () => {
    given(userDecider)
      .when(register('school', { sleId: 'sle-1' }))
      .thenRejects(InvalidCommandError, { schoolUrn: /required/, sleId: /only for an sle user/ });
  });
});
