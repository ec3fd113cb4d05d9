import type { DataSubjectErased, DataSubjectId, ErasureGround, ErasureOf, IsoDate } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';

/**
 * Erase a person (at their request) or what retention says a deployment no longer keeps: every key of
 * `subjects` is deleted. `activeDeployments` are the person's deployments brokered or deployed, looked up by the
 * handler: while there are any, only `force` erases.
 */
export interface EraseDataSubject {
  type: 'EraseDataSubject';
  of: ErasureOf;
  subjects: DataSubjectId[];
  ground: ErasureGround;
  reason: string;
  force: boolean;
  activeDeployments: string[];
  today: IsoDate;
}

export type ErasureCommand = EraseDataSubject;

/** What an erasure stream knows: nothing erased yet, or which subjects were. */
export type ErasureState = { status: 'held' } | { status: 'erased'; subjects: ReadonlySet<DataSubjectId> };

function erase(command: EraseDataSubject, state: ErasureState): DataSubjectErased[] {
  if (!command.reason.trim()) throw InvalidCommandError.field('reason', 'say why the data is erased');
  const already = state.status === 'erased' ? state.subjects : new Set<DataSubjectId>();
  const subjects = command.subjects.filter((subject) => !already.has(subject));
  if (!subjects.length) throw new ConflictError(`The data of ${command.of.kind} ${command.of.id} is already erased`);
  if (command.activeDeployments.length && !command.force)
    throw new ConflictError(
      `${command.of.kind} ${command.of.id} has active deployments (${command.activeDeployments.join(', ')}); ` +
        'erase once they end, or send force: true with the reason',
      { activeDeployments: command.activeDeployments },
    );
  return [
    {
      type: 'DataSubjectErased',
      data: {
        of: command.of,
        subjects,
        ground: command.ground,
        reason: command.reason.trim(),
        forced: command.activeDeployments.length > 0,
        erasedOn: command.today,
      },
    },
  ];
}

export const erasureDecider: Decider<ErasureCommand, ErasureState, DataSubjectErased> = {
  initialState: { status: 'held' },
  decide: (command, state) => erase(command, state),
  evolve: (state, event) => ({
    status: 'erased',
    subjects: new Set([...(state.status === 'erased' ? state.subjects : []), ...event.data.subjects]),
  }),
};
