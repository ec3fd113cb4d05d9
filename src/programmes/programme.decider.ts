import type { IsoDate, ProgrammeEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { FieldProblems } from '../shared/domain-errors.js';

export interface DefineProgramme {
  type: 'DefineProgramme';
  programmeId: string;
  singular: string;
  plural: string;
  specialisms: string[];
  yearlyDays: number;
  today: IsoDate;
}

type Definition = Omit<DefineProgramme, 'type' | 'today'>;

/** A programme not yet defined (the SLE programme then stands as configured); defining it again edits it. */
export type ProgrammeState = { kind: 'none' } | ({ kind: 'defined' } & Definition);

const PROGRAMME_ID = /^[a-z][a-z0-9-]{1,39}$/;
const SPECIALISM = /^[a-z0-9][a-z0-9-]{0,59}$/;

const sameDefinition = (a: Definition, b: Definition) =>
  a.singular === b.singular &&
  a.plural === b.plural &&
  a.yearlyDays === b.yearlyDays &&
  a.specialisms.join('\n') === b.specialisms.join('\n');

function decide(command: DefineProgramme, state: ProgrammeState): ProgrammeEvent[] {
  const { type: _type, today, ...definition } = command;
  new FieldProblems()
    .check(
      PROGRAMME_ID.test(command.programmeId),
      'programmeId',
      'must be 2 to 40 lower-case letters, digits and hyphens, starting with a letter',
    )
    .check(
      command.specialisms.every((s) => SPECIALISM.test(s)),
      'specialisms',
      'each must be lower-case letters, digits and hyphens, such as maths-primary',
    )
    .check(
      new Set(command.specialisms).size === command.specialisms.length,
      'specialisms',
      'must not repeat a specialism',
    )
    .throwIfAny();
  if (state.kind === 'defined' && sameDefinition(state, definition)) return [];
  return [{ type: 'ProgrammeDefined', data: { ...definition, definedOn: today } }];
}

export const programmeDecider: Decider<DefineProgramme, ProgrammeState, ProgrammeEvent> = {
  initialState: { kind: 'none' },
  decide,
  evolve: (_state, event) => {
    const { definedOn: _on, ...definition } = event.data;
    return { kind: 'defined', ...definition };
  },
};
