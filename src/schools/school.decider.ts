import type { IsoDate, OfstedCategory, OfstedGrade, Phase, SchoolEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, NotFoundError } from '../shared/domain-errors.js';

export type SchoolCommand =
  | {
      type: 'RegisterSchool';
      urn: string;
      name: string;
      phase: Phase;
      localAuthority: string;
      ofsted?: { grade: OfstedGrade; category?: OfstedCategory; inspectedOn: IsoDate };
      today: IsoDate;
    }
  | {
      type: 'RecordOfstedJudgement';
      grade: OfstedGrade;
      category?: OfstedCategory;
      inspectedOn: IsoDate;
      today: IsoDate;
    }
  | { type: 'RecordSchoolData'; measure: string; unit: string; value: number; recordedOn: IsoDate; today: IsoDate };

export interface SchoolState {
  registered: boolean;
  urn: string;
  /** The unit each measure was first recorded in, so a series never mixes units. */
  unitsByMeasure: Record<string, string>;
}

const initialState: SchoolState = { registered: false, urn: '', unitsByMeasure: {} };

/** `prefix` names the fields as the request body does: `ofsted` + `inspectedOn` is `ofstedInspectedOn`. */
function judgement(
  urn: string,
  j: { grade: OfstedGrade; category?: OfstedCategory; inspectedOn: IsoDate },
  today: IsoDate,
  prefix = '',
) {
  const field = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  new FieldProblems()
    .check(j.inspectedOn <= today, field('inspectedOn'), 'must not be in the future')
    .check(
      !j.category || j.grade === 'inadequate',
      field('category'),
      'only an inadequate school is placed in a category',
    )
    .throwIfAny();
  return {
    type: 'OfstedJudgementRecorded' as const,
    data: {
      urn,
      grade: j.grade,
      ...(j.category ? { category: j.category } : {}),
      inspectedOn: j.inspectedOn,
      framework: 'overall-effectiveness' as const,
    },
  };
}

function decide(command: SchoolCommand, state: SchoolState): SchoolEvent[] {
  if (command.type === 'RegisterSchool') {
    if (state.registered) throw new ConflictError(`School ${command.urn} is already registered`);
    const { urn, name, phase, localAuthority } = command;
    const registered: SchoolEvent = { type: 'SchoolRegistered', data: { urn, name, phase, localAuthority } };
    if (!command.ofsted) return [registered];
    return [registered, judgement(urn, command.ofsted, command.today, 'ofsted')];
  }
  if (!state.registered) throw new NotFoundError('School not found');
  switch (command.type) {
    case 'RecordOfstedJudgement':
      return [judgement(state.urn, command, command.today)];
    case 'RecordSchoolData': {
      const knownUnit = state.unitsByMeasure[command.measure.trim().toLowerCase()];
      new FieldProblems()
        .check(command.recordedOn <= command.today, 'recordedOn', 'must not be in the future')
        .check(!knownUnit || knownUnit === command.unit, 'unit', `${command.measure} is recorded in ${knownUnit}`)
        .throwIfAny();
      const { measure, unit, value, recordedOn } = command;
      return [{ type: 'SchoolDataRecorded', data: { urn: state.urn, measure, unit, value, recordedOn } }];
    }
  }
}

function evolve(state: SchoolState, event: SchoolEvent): SchoolState {
  switch (event.type) {
    case 'SchoolRegistered':
      return { ...state, registered: true, urn: event.data.urn };
    case 'SchoolDataRecorded': {
      const key = event.data.measure.trim().toLowerCase();
      return state.unitsByMeasure[key]
        ? state
        : { ...state, unitsByMeasure: { ...state.unitsByMeasure, [key]: event.data.unit } };
    }
    default:
      return state;
  }
}

export const schoolDecider: Decider<SchoolCommand, SchoolState, SchoolEvent> = { initialState, decide, evolve };
