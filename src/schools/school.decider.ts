import {
  KEY_JUDGEMENT_AREAS,
  KEY_JUDGEMENT_SAFEGUARDING,
  KEY_JUDGEMENTS_FROM,
  OFSTED_CATEGORIES,
  OFSTED_GRADES,
  OPTIONAL_KEY_JUDGEMENT_AREAS,
  OPTIONAL_REPORT_CARD_AREAS,
  REPORT_CARD_AREAS,
  REPORT_CARD_GRADES,
  REPORT_CARD_SAFEGUARDING,
  REPORT_CARDS_FROM,
  ofstedFrameworkOn,
  type IsoDate,
  type OfstedFramework,
  type OfstedJudgementRecorded,
  type Phase,
  type SchoolEvent,
} from '../../events/index.js';
import { reportCardCategory } from '../../projections/ofsted.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, NotFoundError } from '../shared/domain-errors.js';

/**
 * A judgement as a request gives it, before it is checked against the framework its date implies: an
 * overall `grade` before September 2024, `areas` graded after (key judgements, then report cards).
 */
export interface OfstedJudgementInput {
  inspectedOn: IsoDate;
  /** The framework the caller means; taken from the date when absent, refused when the date implies another. */
  framework?: OfstedFramework;
  grade?: string;
  category?: string;
  areas?: Record<string, string>;
  safeguarding?: string;
}

export type SchoolCommand =
  | {
      type: 'RegisterSchool';
      urn: string;
      name: string;
      phase: Phase;
      localAuthority: string;
      ofsted?: OfstedJudgementInput;
      today: IsoDate;
    }
  | ({ type: 'RecordOfstedJudgement'; today: IsoDate } & OfstedJudgementInput)
  | { type: 'RecordSchoolData'; measure: string; unit: string; value: number; recordedOn: IsoDate; today: IsoDate };

export interface SchoolState {
  registered: boolean;
  urn: string;
  /** The unit each measure was first recorded in, so a series never mixes units. */
  unitsByMeasure: Record<string, string>;
}

const initialState: SchoolState = { registered: false, urn: '', unitsByMeasure: {} };

const FRAMEWORK_WORDS: Record<OfstedFramework, string> = {
  'overall-effectiveness': `an overall grade is given only for inspections before ${KEY_JUDGEMENTS_FROM}`,
  'key-judgements': `key judgements are given only for inspections from ${KEY_JUDGEMENTS_FROM} to the day before ${REPORT_CARDS_FROM}`,
  'report-card': `report cards are given only for inspections from ${REPORT_CARDS_FROM}`,
};

const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (list as readonly string[]).includes(value);

/**
 * The judgement event, checked for the framework its inspection date implies (docs/ofsted.md). `prefix`
 * names the fields as the request body does: `ofsted` + `inspectedOn` is `ofstedInspectedOn`.
 */
function judgement(urn: string, j: OfstedJudgementInput, today: IsoDate, prefix = ''): OfstedJudgementRecorded {
  const field = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  const framework = ofstedFrameworkOn(j.inspectedOn);
  const problems = new FieldProblems().check(j.inspectedOn <= today, field('inspectedOn'), 'must not be in the future');
  // A judgement of one generation dated in another is one mistake: say so once, on the date.
  const meant = j.framework ?? (j.grade !== undefined ? 'overall-effectiveness' : undefined);
  if (meant && meant !== framework) {
    problems.check(false, field('inspectedOn'), `is in the ${framework} generation: ${FRAMEWORK_WORDS[meant]}`);
    problems.throwIfAny();
  }
  const { inspectedOn } = j;

  if (framework === 'overall-effectiveness') {
    problems
      .check(isOneOf(OFSTED_GRADES, j.grade), field('grade'), `is required: one of ${OFSTED_GRADES.join(', ')}`)
      .check(j.areas === undefined, field('areas'), FRAMEWORK_WORDS['key-judgements'])
      .check(j.safeguarding === undefined, field('safeguarding'), 'is not recorded for an overall grade')
      .check(
        j.category === undefined || (isOneOf(OFSTED_CATEGORIES, j.category) && j.grade === 'inadequate'),
        field('category'),
        'only an inadequate school is placed in a category',
      )
      .throwIfAny();
    const grade = j.grade as (typeof OFSTED_GRADES)[number];
    const category = j.category as (typeof OFSTED_CATEGORIES)[number] | undefined;
    return {
      type: 'OfstedJudgementRecorded',
      data: { urn, inspectedOn, framework, grade, ...(category ? { category } : {}) },
    };
  }

  problems.check(j.grade === undefined, field('grade'), 'is only for an overall grade; grade each area instead');
  const areas = j.areas ?? {};
  const allowed: readonly string[] = framework === 'key-judgements' ? KEY_JUDGEMENT_AREAS : REPORT_CARD_AREAS;
  const optional: readonly string[] =
    framework === 'key-judgements' ? OPTIONAL_KEY_JUDGEMENT_AREAS : OPTIONAL_REPORT_CARD_AREAS;
  const grades: readonly string[] = framework === 'key-judgements' ? OFSTED_GRADES : REPORT_CARD_GRADES;
  for (const area of allowed)
    problems.check(
      areas[area] === undefined ? optional.includes(area) : grades.includes(areas[area]),
      `${field('areas')}.${area}`,
      areas[area] === undefined ? 'is required' : `must be one of ${grades.join(', ')}`,
    );
  for (const area of Object.keys(areas))
    problems.check(allowed.includes(area), `${field('areas')}.${area}`, `is not graded in a ${framework} inspection`);

  if (framework === 'key-judgements') {
    const inadequate = Object.values(areas).includes('inadequate') || j.safeguarding === 'not-effective';
    problems
      .check(
        j.safeguarding === undefined || isOneOf(KEY_JUDGEMENT_SAFEGUARDING, j.safeguarding),
        field('safeguarding'),
        `must be one of ${KEY_JUDGEMENT_SAFEGUARDING.join(', ')}`,
      )
      .check(
        j.category === undefined || (isOneOf(OFSTED_CATEGORIES, j.category) && inadequate),
        field('category'),
        'only a school judged inadequate somewhere, or with ineffective safeguarding, is placed in a category',
      )
      .throwIfAny();
    return {
      type: 'OfstedJudgementRecorded',
      data: {
        urn,
        inspectedOn,
        framework,
        areas: areas as Partial<Record<(typeof KEY_JUDGEMENT_AREAS)[number], (typeof OFSTED_GRADES)[number]>>,
        ...(j.safeguarding ? { safeguarding: j.safeguarding as (typeof KEY_JUDGEMENT_SAFEGUARDING)[number] } : {}),
        ...(j.category ? { category: j.category as (typeof OFSTED_CATEGORIES)[number] } : {}),
      },
    };
  }

  problems
    .check(
      isOneOf(REPORT_CARD_SAFEGUARDING, j.safeguarding),
      field('safeguarding'),
      `is required: one of ${REPORT_CARD_SAFEGUARDING.join(', ')}`,
    )
    .check(j.category === undefined, field('category'), 'follows from the grades on a report card; leave it out')
    .throwIfAny();
  const cardAreas = areas as Partial<Record<(typeof REPORT_CARD_AREAS)[number], (typeof REPORT_CARD_GRADES)[number]>>;
  const safeguarding = j.safeguarding as (typeof REPORT_CARD_SAFEGUARDING)[number];
  const category = reportCardCategory(cardAreas, safeguarding);
  return {
    type: 'OfstedJudgementRecorded',
    data: { urn, inspectedOn, framework, areas: cardAreas, safeguarding, ...(category ? { category } : {}) },
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
