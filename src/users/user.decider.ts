import type { UserEvent, UserRegistered } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems } from '../shared/domain-errors.js';

export type RegisterUser = { type: 'RegisterUser' } & UserRegistered['data'];

/** A school user belongs to exactly one school, an SLE user is exactly one SLE; other roles to neither. */
function decide(command: RegisterUser, state: { registered: boolean }): UserEvent[] {
  if (state.registered) throw new ConflictError(`User ${command.userId} already exists`);
  new FieldProblems()
    .check(command.role !== 'school' || !!command.schoolUrn, 'schoolUrn', 'is required for a school user')
    .check(command.role === 'school' || !command.schoolUrn, 'schoolUrn', 'is only for a school user')
    .check(command.role !== 'sle' || !!command.sleId, 'sleId', 'is required for an sle user')
    .check(command.role === 'sle' || !command.sleId, 'sleId', 'is only for an sle user')
    .throwIfAny();
  const { type: _type, ...data } = command;
  return [{ type: 'UserRegistered', data }];
}

export const userDecider: Decider<RegisterUser, { registered: boolean }, UserEvent> = {
  initialState: { registered: false },
  decide,
  evolve: (state, event) => (event.type === 'UserRegistered' ? { registered: true } : state),
};
