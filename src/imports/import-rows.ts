import { HttpException, type Type } from '@nestjs/common';
import { WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import {
  BrokerageMeetingDto,
  DeployDto,
  ImpactEvaluationDto,
  RequestSupportDto,
} from '../deployments/deployment.dto.js';
import { OfstedJudgementDto, RegisterSchoolDto } from '../schools/school.dto.js';
import { OFSTED_AREA_COLUMNS } from './import-kinds.js';
import { DesignateSleDto } from '../sles/sle.dto.js';
import { InviteUserDto } from '../users/user.dto.js';
import { DefineTermDatesDto } from '../term-dates/term-dates.dto.js';
import { HALF_TERMS } from '../../events/index.js';
import { halfTermColumn } from './import-kinds.js';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import { RequestValidationError, StrictValidationPipe } from '../shared/validation.js';
import type { CsvRow, RowProblem } from './csv-rows.js';

/** Request-body field path (or its prefix) → the CSV column it comes from. */
export type ColumnMap = Record<string, string>;

/** One command's input taken from a row, with where each of its fields came from. */
export interface RowInput {
  dto: Type<object>;
  input: Record<string, unknown>;
  columns: ColumnMap;
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Cell text as a request body would carry it; a cell that cannot be read is passed on as text, for the DTO to name. */
export const cell = {
  text: (s: string) => s,
  optional: (s: string) => (s === '' ? undefined : s),
  number: (s: string): unknown => (s === '' ? undefined : NUMBER.test(s) ? Number(s) : s),
  /** ISO dates as they are; `20/11/2024` (as a UK spreadsheet writes dates) as `2024-11-20`. */
  date: (s: string) => {
    const uk = UK_DATE.exec(s);
    return uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : s;
  },
  optionalDate: (s: string) => (s === '' ? undefined : cell.date(s)),
  list: (s: string) =>
    s
      .split(';')
      .map((item) => item.trim())
      .filter(Boolean),
};

const withoutUndefined = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

/** The column a field path came from: the longest mapped prefix of the path. */
export function columnFor(path: string, columns: ColumnMap): string | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const column = columns[parts.slice(0, n).join('.')];
    if (column) return column;
  }
  return undefined;
}

/** `urn must be a six-digit URN` → `must be a six-digit URN`: the column is named beside it. */
const withoutProperty = (path: string, message: string) => {
  const property = path.split('.').pop()!;
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
};

function problem(
  row: CsvRow,
  path: string,
  message: string,
  columns: ColumnMap,
  blankMeansRequired = false,
): RowProblem {
  const column = columnFor(path, columns);
  if (blankMeansRequired && column && row.cells[column] === '') return { row: row.row, column, message: 'is required' };
  return {
    row: row.row,
    ...(column ? { column } : {}),
    message: column ? withoutProperty(path, message) : `${path}: ${message}`,
  };
}

/** Validates a row's input with the API's own pipe and DTO; the problems are named by column. */
export async function validateRowInput<T extends object>(
  pipe: StrictValidationPipe,
  row: CsvRow,
  { dto, input, columns }: RowInput,
): Promise<{ value?: T; problems: RowProblem[] }> {
  try {
    const value = (await pipe.transform(withoutUndefined(input), {
      type: 'body',
      metatype: dto,
      data: undefined,
    })) as T;
    return { value, problems: [] };
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    const problems = Object.entries(error.fields).flatMap(([path, messages]) =>
      messages.map((m) => problem(row, path, m, columns, true)),
    );
    return { problems: dedupe(problems) };
  }
}

/** A refusal by a handler or decider, named by column where it names a field. */
export function problemsFromRefusal(row: CsvRow, error: unknown, columns: ColumnMap): RowProblem[] {
  if (error instanceof InvalidCommandError)
    return Object.entries(error.fields).map(([path, message]) => problem(row, path, message, columns));
  if (
    error instanceof ConflictError ||
    error instanceof NotFoundError ||
    error instanceof ForbiddenError ||
    error instanceof WrongExpectedRevisionError
  ) {
    return [{ row: row.row, message: error.message }];
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return [{ row: row.row, message: Array.isArray(message) ? message.join('; ') : String(message ?? error.message) }];
  }
  throw error;
}

export function dedupe(problems: RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.row}|${p.column ?? ''}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- schools ----

export const SCHOOL_COLUMNS: ColumnMap = {
  urn: 'urn',
  name: 'name',
  phase: 'phase',
  localAuthority: 'local_authority',
  ofstedGrade: 'ofsted_grade',
  ofstedCategory: 'ofsted_category',
  ofstedInspectedOn: 'ofsted_inspected_on',
};

export function schoolInput({ cells: c }: CsvRow): RowInput {
  return {
    dto: RegisterSchoolDto,
    columns: SCHOOL_COLUMNS,
    input: {
      urn: cell.text(c.urn),
      name: cell.text(c.name),
      phase: cell.text(c.phase),
      localAuthority: cell.text(c.local_authority),
      ofstedGrade: cell.optional(c.ofsted_grade),
      ofstedCategory: cell.optional(c.ofsted_category),
      ofstedInspectedOn: cell.optionalDate(c.ofsted_inspected_on),
    },
  };
}

// ---- Ofsted judgements ----

export const OFSTED_COLUMNS: ColumnMap = {
  inspectedOn: 'inspected_on',
  grade: 'overall_effectiveness',
  category: 'category',
  safeguarding: 'safeguarding',
  areas: 'inspected_on',
  ...Object.fromEntries(OFSTED_AREA_COLUMNS.map(({ area, column }) => [`areas.${area}`, column])),
};

/** One inspection's judgement; `areas` holds only the area columns filled in. */
export function ofstedInput({ cells: c }: CsvRow): RowInput {
  const areas = Object.fromEntries(
    OFSTED_AREA_COLUMNS.filter(({ column }) => (c[column] ?? '') !== '').map(({ area, column }) => [area, c[column]]),
  );
  return {
    dto: OfstedJudgementDto,
    columns: OFSTED_COLUMNS,
    input: {
      inspectedOn: cell.date(c.inspected_on),
      grade: cell.optional(c.overall_effectiveness ?? ''),
      category: cell.optional(c.category ?? ''),
      safeguarding: cell.optional(c.safeguarding ?? ''),
      areas: Object.keys(areas).length ? areas : undefined,
    },
  };
}

// ---- SLEs ----

export const SLE_COLUMNS: ColumnMap = {
  name: 'name',
  email: 'email',
  homeSchoolUrn: 'home_school_urn',
  specialisms: 'specialisms',
  phases: 'phases',
  capacityDays: 'capacity_days',
  designatedOn: 'designated_on',
};

export function sleInput({ cells: c }: CsvRow): RowInput {
  return {
    dto: DesignateSleDto,
    columns: SLE_COLUMNS,
    input: {
      name: cell.text(c.name),
      email: cell.text(c.email),
      homeSchoolUrn: cell.text(c.home_school_urn),
      specialisms: cell.list(c.specialisms),
      phases: cell.list(c.phases),
      capacityDays: cell.number(c.capacity_days),
      designatedOn: cell.date(c.designated_on),
    },
  };
}

// ---- people to invite ----

export const PEOPLE_COLUMNS: ColumnMap = {
  name: 'name',
  email: 'email',
  role: 'role',
  schoolUrn: 'school_urn',
  sleId: 'sle',
};

/** `sleId` is what the `sle` column resolved to (an id, or the SLE holding that email). */
export function personInput({ cells: c }: CsvRow, sleId: string | undefined): RowInput {
  return {
    dto: InviteUserDto,
    columns: PEOPLE_COLUMNS,
    input: {
      name: cell.text(c.name),
      email: cell.text(c.email),
      role: cell.text(c.role),
      schoolUrn: cell.optional(c.school_urn),
      sleId: sleId ?? cell.optional(c.sle),
    },
  };
}

// ---- past deployments ----

export const REQUEST_COLUMNS: ColumnMap = {
  schoolUrn: 'school_urn',
  specialism: 'specialism',
  areaOfNeed: 'area_of_need',
  source: 'source',
  requestedOn: 'requested_on',
};

export const MEETING_COLUMNS: ColumnMap = {
  sleId: 'sle',
  heldOn: 'meeting_on',
  attendees: 'attendees',
  areaOfNeed: 'area_of_need',
  startDate: 'start_date',
  endDate: 'end_date',
  daysCommissioned: 'days_commissioned',
  expectedOutcomes: 'outcome_target',
  'expectedOutcomes.0.measure': 'outcome_measure',
  'expectedOutcomes.0.unit': 'outcome_unit',
  'expectedOutcomes.0.baseline': 'outcome_baseline',
  'expectedOutcomes.0.target': 'outcome_target',
  capacityOverrideReason: 'capacity_override_reason',
};

export const DEPLOY_COLUMNS: ColumnMap = { startedOn: 'start_date' };

export const EVALUATION_COLUMNS: ColumnMap = {
  heldOn: 'evaluated_on',
  outcomes: 'outcome_actual',
  'outcomes.0.measure': 'outcome_measure',
  'outcomes.0.actual': 'outcome_actual',
  schoolRating: 'school_rating',
  summary: 'evaluation_summary',
};

const EVALUATION_CELLS = ['evaluated_on', 'outcome_actual', 'school_rating', 'evaluation_summary'];

/** `Jo Head (Headteacher); Sam Patel (SLE)` → attendees; undefined when an entry is not written Name (Role). */
export function parseAttendees(text: string): { name: string; role: string }[] | undefined {
  const attendees = cell.list(text).map((entry) => /^(.+?)\s*\(([^()]+)\)$/.exec(entry));
  if (attendees.some((m) => !m)) return undefined;
  return attendees.map((m) => ({ name: m![1].trim(), role: m![2].trim() }));
}

export interface DeploymentRowInputs {
  request: RowInput;
  meeting: RowInput;
  deploy: RowInput;
  evaluation?: RowInput;
  /** Problems found before any DTO is consulted (how the row is written). */
  problems: RowProblem[];
}

/** The four commands one past-deployment row stands for; `sleId` is what the `sle` column resolved to. */
export function deploymentInputs(row: CsvRow, sleId: string): DeploymentRowInputs {
  const c = row.cells;
  const problems: RowProblem[] = [];
  const attendees = parseAttendees(c.attendees);
  if (c.attendees !== '' && !attendees)
    problems.push({ row: row.row, column: 'attendees', message: 'write each attendee as Name (Role), separated by ;' });
  const evaluated = EVALUATION_CELLS.some((name) => c[name] !== '');
  return {
    problems,
    request: {
      dto: RequestSupportDto,
      columns: REQUEST_COLUMNS,
      input: {
        schoolUrn: cell.text(c.school_urn),
        specialism: cell.text(c.specialism),
        areaOfNeed: cell.text(c.area_of_need),
        source: cell.text(c.source),
        requestedOn: cell.date(c.requested_on),
      },
    },
    meeting: {
      dto: BrokerageMeetingDto,
      columns: MEETING_COLUMNS,
      input: {
        sleId,
        heldOn: cell.date(c.meeting_on),
        attendees: attendees ?? [],
        areaOfNeed: cell.text(c.area_of_need),
        startDate: cell.date(c.start_date),
        endDate: cell.date(c.end_date),
        daysCommissioned: cell.number(c.days_commissioned),
        expectedOutcomes: [
          {
            measure: cell.text(c.outcome_measure),
            unit: cell.text(c.outcome_unit),
            baseline: cell.number(c.outcome_baseline),
            target: cell.number(c.outcome_target),
          },
        ],
        capacityOverrideReason: cell.optional(c.capacity_override_reason),
      },
    },
    deploy: { dto: DeployDto, columns: DEPLOY_COLUMNS, input: { startedOn: cell.date(c.start_date) } },
    ...(evaluated
      ? {
          evaluation: {
            dto: ImpactEvaluationDto,
            columns: EVALUATION_COLUMNS,
            input: {
              heldOn: cell.date(c.evaluated_on),
              outcomes: [{ measure: cell.text(c.outcome_measure), actual: cell.number(c.outcome_actual) }],
              schoolRating: cell.number(c.school_rating),
              summary: cell.text(c.evaluation_summary),
            },
          },
        }
      : {}),
  };
}

// ---- term dates ----

export const TERM_DATES_COLUMNS: ColumnMap = {
  academicYear: 'academic_year',
  localAuthority: 'local_authority',
  ...Object.fromEntries(
    HALF_TERMS.flatMap((halfTerm, i) => [
      [`halfTerms.${i}.from`, halfTermColumn(halfTerm, 'first')],
      [`halfTerms.${i}.to`, halfTermColumn(halfTerm, 'last')],
    ]),
  ),
};

export function termDatesInput({ cells: c }: CsvRow): RowInput {
  return {
    dto: DefineTermDatesDto,
    columns: TERM_DATES_COLUMNS,
    input: withoutUndefined({
      academicYear: cell.text(c.academic_year),
      localAuthority: cell.optional(c.local_authority),
      halfTerms: HALF_TERMS.map((halfTerm) => ({
        halfTerm,
        from: cell.date(c[halfTermColumn(halfTerm, 'first')]),
        to: cell.date(c[halfTermColumn(halfTerm, 'last')]),
      })),
    }),
  };
}
