import type { SleEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { sleDecider, type SleCommand } from './sle.decider.js';

const today = '2026-06-30';
type Cmd<T extends SleCommand['type']> = Extract<SleCommand, { type: T }>;

const designate = (extra: Partial<Omit<Cmd<'DesignateSle'>, 'type'>> = {}): Cmd<'DesignateSle'> => ({
  type: 'DesignateSle',
  sleId: 'sle-1',
  name: 'Sam Patel',
  email: 'sam.patel@school.test',
  homeSchoolUrn: '100002',
  programmes: ['sle'],
  specialisms: ['maths-primary', 'assessment'],
  phases: ['primary', 'middle'],
  capacityDays: 20,
  designatedOn: '2024-09-01',
  today,
  ...extra,
});

const designated: SleEvent = {
  type: 'SleDesignated',
  data: {
    sleId: 'sle-1',
    name: 'Sam Patel',
    email: 'sam.patel@school.test',
    homeSchoolUrn: '100002',
    programmes: ['sle'],
    specialisms: ['maths-primary', 'assessment'],
    phases: ['primary', 'middle'],
    capacityDays: 20,
    designatedOn: '2024-09-01',
  },
};
const ended: SleEvent = {
  type: 'SleDesignationEnded',
  data: { sleId: 'sle-1', on: '2026-01-31', reason: 'Moved to headship' },
};

const changeCapacity = (on = '2025-09-01', capacityDays = 30): SleCommand => ({
  type: 'ChangeSleCapacity',
  capacityDays,
  on,
  today,
});
const changeSpecialisms = (specialisms = ['maths-primary', 'send'], on = '2025-09-01'): SleCommand => ({
  type: 'ChangeSleSpecialisms',
  specialisms,
  on,
  today,
});
const endDesignation = (on = '2026-01-31'): SleCommand => ({
  type: 'EndSleDesignation',
  on,
  reason: 'Moved to headship',
  today,
});

describe('SLE decider: designate', () => {
  it('designates an SLE with everything but the clock', () => {
    given(sleDecider).when(designate()).then([designated]);
  });

  it('rejects designating the same SLE twice', () => {
    given(sleDecider, [designated])
      .when(designate())
      .thenRejects(ConflictError, /sle-1 is already designated/);
  });

  it('rejects designating again after the designation ended', () => {
    given(sleDecider, [designated, ended])
      .when(designate())
      .thenRejects(ConflictError, /already designated/);
  });

  it('rejects a designation dated in the future', () => {
    given(sleDecider)
      .when(designate({ designatedOn: '2026-07-01' }))
      .thenRejects(InvalidCommandError, { designatedOn: /future/ });
  });

  it('rejects a repeated specialism and a repeated phase, naming both', () => {
    given(sleDecider)
      .when(designate({ specialisms: ['maths-primary', 'maths-primary'], phases: ['primary', 'primary'] }))
      .thenRejects(InvalidCommandError, { specialisms: /repeat/, phases: /repeat/ });
  });
});

describe('SLE decider: changes', () => {
  it('changes capacity', () => {
    given(sleDecider, [designated])
      .when(changeCapacity())
      .then([{ type: 'SleCapacityChanged', data: { sleId: 'sle-1', capacityDays: 30, on: '2025-09-01' } }]);
  });

  it('changes specialisms', () => {
    given(sleDecider, [designated])
      .when(changeSpecialisms())
      .then([
        {
          type: 'SleSpecialismsChanged',
          data: { sleId: 'sle-1', specialisms: ['maths-primary', 'send'], on: '2025-09-01' },
        },
      ]);
  });

  it('ends the designation', () => {
    given(sleDecider, [designated]).when(endDesignation()).then([ended]);
  });

  it('keeps the SLE designated through changes of capacity and specialisms', () => {
    const history: SleEvent[] = [
      designated,
      { type: 'SleCapacityChanged', data: { sleId: 'sle-1', capacityDays: 10, on: '2025-09-01' } },
      { type: 'SleSpecialismsChanged', data: { sleId: 'sle-1', specialisms: ['send'], on: '2025-09-02' } },
    ];
    given(sleDecider, history).when(endDesignation()).then([ended]);
  });

  it.each([
    ['capacity', changeCapacity()],
    ['specialisms', changeSpecialisms()],
    ['end of designation', endDesignation()],
  ])('answers not found for a change of %s to an SLE never designated', (_name, command) => {
    given(sleDecider).when(command).thenRejects(NotFoundError);
  });

  it.each([
    ['capacity', changeCapacity('2026-02-01')],
    ['specialisms', changeSpecialisms(['send'], '2026-02-01')],
    ['end of designation', endDesignation('2026-02-01')],
  ])('rejects a change of %s after the designation ended', (_name, command) => {
    given(sleDecider, [designated, ended])
      .when(command)
      .thenRejects(ConflictError, /designation has ended/);
  });

  it.each([
    ['capacity', changeCapacity('2024-08-31')],
    ['specialisms', changeSpecialisms(['send'], '2024-08-31')],
    ['end of designation', endDesignation('2024-08-31')],
  ])('rejects a change of %s dated before the designation', (_name, command) => {
    given(sleDecider, [designated])
      .when(command)
      .thenRejects(InvalidCommandError, { on: /before the designation \(2024-09-01\)/ });
  });

  it.each([
    ['capacity', changeCapacity('2026-07-01')],
    ['specialisms', changeSpecialisms(['send'], '2026-07-01')],
    ['end of designation', endDesignation('2026-07-01')],
  ])('rejects a change of %s dated in the future', (_name, command) => {
    given(sleDecider, [designated])
      .when(command)
      .thenRejects(InvalidCommandError, { on: /future/ });
  });

  it('rejects a repeated specialism, naming the date too when it is also wrong', () => {
    given(sleDecider, [designated])
      .when(changeSpecialisms(['send', 'send'], '2026-07-01'))
      .thenRejects(InvalidCommandError, { on: /future/, specialisms: /repeat/ });
  });
});
