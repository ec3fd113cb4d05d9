import type { EmailReservationLapsed, IsoDate, SleDesignated, SleEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, NotFoundError } from '../shared/domain-errors.js';

export type SleCommand =
  | ({ type: 'DesignateSle'; today: IsoDate } & SleDesignated['data'])
  | { type: 'ChangeSleCapacity'; capacityDays: number; on: IsoDate; today: IsoDate }
  | { type: 'ChangeSleSpecialisms'; specialisms: string[]; on: IsoDate; today: IsoDate }
  | { type: 'EndSleDesignation'; on: IsoDate; reason: string; today: IsoDate };

export interface SleState {
  /** `lapsed`: the id's email reservation was taken over before the SLE was designated; it can never be. */
  status: 'none' | 'lapsed' | 'designated' | 'ended';
  sleId: string;
  designatedOn: IsoDate;
}

const initialState: SleState = { status: 'none', sleId: '', designatedOn: '' };

function decide(command: SleCommand, state: SleState): SleEvent[] {
  if (command.type === 'DesignateSle') {
    if (state.status === 'lapsed') throw new ConflictError('This SLE id can no longer be used; try again');
    if (state.status !== 'none') throw new ConflictError(`SLE ${command.sleId} is already designated`);
    new FieldProblems()
      .check(command.designatedOn <= command.today, 'designatedOn', 'must not be in the future')
      .check(
        new Set(command.specialisms).size === command.specialisms.length,
        'specialisms',
        'must not repeat a specialism',
      )
      .check(new Set(command.phases).size === command.phases.length, 'phases', 'must not repeat a phase')
      .throwIfAny();
    const { type: _type, today: _today, ...data } = command;
    return [{ type: 'SleDesignated', data }];
  }
  if (state.status === 'none' || state.status === 'lapsed') throw new NotFoundError('SLE not found');
  if (state.status === 'ended') throw new ConflictError(`SLE ${state.sleId}'s designation has ended`);
  const problems = new FieldProblems()
    .check(command.on >= state.designatedOn, 'on', `must not be before the designation (${state.designatedOn})`)
    .check(command.on <= command.today, 'on', 'must not be in the future');
  switch (command.type) {
    case 'ChangeSleCapacity':
      problems.throwIfAny();
      return [
        {
          type: 'SleCapacityChanged',
          data: { sleId: state.sleId, capacityDays: command.capacityDays, on: command.on },
        },
      ];
    case 'ChangeSleSpecialisms':
      problems
        .check(
          new Set(command.specialisms).size === command.specialisms.length,
          'specialisms',
          'must not repeat a specialism',
        )
        .throwIfAny();
      return [
        {
          type: 'SleSpecialismsChanged',
          data: { sleId: state.sleId, specialisms: command.specialisms, on: command.on },
        },
      ];
    case 'EndSleDesignation':
      problems.throwIfAny();
      return [{ type: 'SleDesignationEnded', data: { sleId: state.sleId, on: command.on, reason: command.reason } }];
  }
}

function evolve(state: SleState, event: SleEvent | EmailReservationLapsed): SleState {
  switch (event.type) {
    case 'EmailReservationLapsed':
      return state.status === 'none' ? { ...state, status: 'lapsed' } : state;
    case 'SleDesignated':
      return { status: 'designated', sleId: event.data.sleId, designatedOn: event.data.designatedOn };
    case 'SleDesignationEnded':
      return { ...state, status: 'ended' };
    default:
      return state;
  }
}

export const sleDecider: Decider<SleCommand, SleState, SleEvent | EmailReservationLapsed> = {
  initialState,
  decide,
  evolve,
};
