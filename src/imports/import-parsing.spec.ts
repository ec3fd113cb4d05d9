import { readCsvRows } from './csv-rows.js';
import { importKinds, templateCsv } from './import-kinds.js';
import {
  cell,
  columnFor,
  deploymentInputs,
  MEETING_COLUMNS,
  parseAttendees,
  schoolInput,
  sleInput,
  validateRowInput,
} from './import-rows.js';
import { FixedClock } from '../shared/clock.js';
import { StrictValidationPipe } from '../shared/validation.js';

const pipe = new StrictValidationPipe(new FixedClock(new Date('2026-03-02T12:00:00Z')));
const specs = importKinds(['maths-primary', 'english-primary', 'send']);
const spec = (kind: string) => specs.find((s) => s.kind === kind)!;

describe('reading a CSV for an import', () => {
  it('reads a template back: its notes are ignored and its example rows are rows, numbered as a spreadsheet numbers them', () => {
    const template = templateCsv(spec('schools'));
    const { rows, problems } = readCsvRows(template, spec('schools'));
    expect(problems).toEqual([]);
    const headerLine = template.split('\r\n').findIndex((line) => line.startsWith('urn,')) + 1;
    expect(rows.map((r) => r.row)).toEqual([headerLine + 1, headerLine + 2]);
    expect(rows[0].cells).toMatchObject({
      urn: '100101',
      name: 'Pioneer Primary School',
      phase: 'primary',
      ofsted_grade: 'requires-improvement',
    });
  });

  it('accepts a byte-order mark, header names in any case or spacing, columns in any order, and skips blank rows and rows of empty cells', () => {
    const csv =
      '\ufeffName,URN,Local Authority,Phase\r\n\r\nPioneer,100101,Bucks,primary\r\n,,,\r\n"Brook, Upper",100102,Bucks,primary\r\n';
    const { rows, problems } = readCsvRows(csv, spec('schools'));
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 3,
        cells: expect.objectContaining({ urn: '100101', name: 'Pioneer', local_authority: 'Bucks', ofsted_grade: '' }),
      },
      { row: 5, cells: expect.objectContaining({ urn: '100102', name: 'Brook, Upper' }) },
    ]);
  });

  it('names unknown, repeated and missing columns on the header row', () => {
    const { rows, problems } = readCsvRows('# notes\nurn,name,colour,name\n100101,A,blue,B\n', spec('schools'));
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { row: 2, column: 'colour', message: expect.stringContaining('is not a column of this import') },
      { row: 2, column: 'name', message: 'appears more than once in the header row' },
      { row: 2, column: 'phase', message: 'is a required column, missing from the header row' },
      { row: 2, column: 'local_authority', message: 'is a required column, missing from the header row' },
    ]);
  });

  it('names a row with more cells than the header, and a file with no rows', () => {
    expect(
      readCsvRows('urn,name,phase,local_authority\n100101,A,primary,Bucks,extra\n', spec('schools')).problems,
    ).toEqual([{ row: 2, message: 'has 5 cells but the header row names 4 columns' }]);
    expect(readCsvRows('urn,name,phase,local_authority\n', spec('schools')).problems).toEqual([
      { row: 1, message: 'the file has a header row but no rows to import' },
    ]);
    expect(readCsvRows('', spec('schools')).problems).toEqual([
      { row: 1, message: 'the file has no header row and no rows' },
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    const { problems } = readCsvRows(
      'urn,name,phase,local_authority\n100101,"Pioneer,primary,Bucks\n',
      spec('schools'),
    );
    expect(problems).toEqual([
      { row: expect.any(Number), message: expect.stringContaining('the file is not valid CSV') },
    ]);
  });
});

describe('turning cells into request bodies', () => {
  it('reads numbers, UK dates and lists, and leaves what it cannot read for the validation to name', () => {
    expect(cell.number('5')).toBe(5);
    expect(cell.number('-2.5')).toBe(-2.5);
    expect(cell.number('five')).toBe('five');
    expect(cell.number('')).toBeUndefined();
    expect(cell.date('20/11/2024')).toBe('2024-11-20');
    expect(cell.date('1/9/2024')).toBe('2024-09-01');
    expect(cell.date('2024-11-20')).toBe('2024-11-20');
    expect(cell.list('maths-primary; send ;')).toEqual(['maths-primary', 'send']);
  });

  it('reads attendees written Name (Role), and refuses anything else', () => {
    expect(parseAttendees('Jo Head (Headteacher); Sam Patel (SLE)')).toEqual([
      { name: 'Jo Head', role: 'Headteacher' },
      { name: 'Sam Patel', role: 'SLE' },
    ]);
    expect(parseAttendees('Jo Head, Headteacher')).toBeUndefined();
  });

  it('names the column a request-body field came from', () => {
    expect(columnFor('expectedOutcomes.0.target', MEETING_COLUMNS)).toBe('outcome_target');
    expect(columnFor('attendees.1.role', MEETING_COLUMNS)).toBe('attendees');
    expect(columnFor('heldOn', MEETING_COLUMNS)).toBe('meeting_on');
    expect(columnFor('nothing', MEETING_COLUMNS)).toBeUndefined();
  });
});

describe("validating a row with the API's own DTOs", () => {
  const schoolRow = (cells: Record<string, string>) => ({
    row: 7,
    cells: {
      urn: '100101',
      name: 'Pioneer',
      phase: 'primary',
      local_authority: 'Bucks',
      ofsted_grade: '',
      ofsted_category: '',
      ofsted_inspected_on: '',
      ...cells,
    },
  });

  it('passes a good row and gives the DTO', async () => {
    const { value, problems } = await validateRowInput(pipe, schoolRow({}), schoolInput(schoolRow({})));
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ urn: '100101', name: 'Pioneer', phase: 'primary', localAuthority: 'Bucks' });
  });

  it('names every bad cell by its column, blank required cells as required', async () => {
    const row = schoolRow({ urn: '12345', name: '', phase: 'castle', ofsted_grade: 'good' });
    const { value, problems } = await validateRowInput(pipe, row, schoolInput(row));
    expect(value).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        { row: 7, column: 'urn', message: 'must be a six-digit URN' },
        { row: 7, column: 'name', message: 'is required' },
        { row: 7, column: 'phase', message: expect.stringContaining('Choose the phase: one of') },
        { row: 7, column: 'ofsted_inspected_on', message: 'is required' },
      ]),
    );
  });

  it('checks an SLE row: lists, whole days, dates', async () => {
    const row = {
      row: 3,
      cells: {
        name: 'Sam',
        email: 'not-an-email',
        home_school_urn: '100102',
        specialisms: 'maths-primary',
        phases: 'primary; castle',
        capacity_days: '2.5',
        designated_on: '31/02/2024',
      },
    };
    const { problems } = await validateRowInput(pipe, row, sleInput(row));
    expect(problems.map((p) => p.column).sort()).toEqual(['capacity_days', 'designated_on', 'email', 'phases']);
  });

  it('splits a past deployment into request, meeting, deploy and (when any evaluation cell is filled) evaluation', async () => {
    const cells = Object.fromEntries(spec('deployments').columns.map((c) => [c.name, c.example]));
    const full = deploymentInputs({ row: 2, cells }, 'sle-1');
    expect(full.problems).toEqual([]);
    expect(full.meeting.input).toMatchObject({
      sleId: 'sle-1',
      daysCommissioned: 5,
      expectedOutcomes: [{ measure: cells.outcome_measure, unit: '%', baseline: 48, target: 70 }],
    });
    expect(full.deploy.input).toEqual({ startedOn: cells.start_date });
    expect(full.evaluation?.input).toMatchObject({
      outcomes: [{ measure: cells.outcome_measure, actual: 72 }],
      schoolRating: 5,
    });
    for (const input of [full.request, full.meeting, full.deploy, full.evaluation!])
      expect((await validateRowInput(pipe, { row: 2, cells }, input)).problems).toEqual([]);

    const notEvaluated = { ...cells, evaluated_on: '', outcome_actual: '', school_rating: '', evaluation_summary: '' };
    expect(deploymentInputs({ row: 2, cells: notEvaluated }, 'sle-1').evaluation).toBeUndefined();

    const halfEvaluated = { ...notEvaluated, school_rating: '9', outcome_target: 'lots' };
    const half = deploymentInputs({ row: 4, cells: halfEvaluated }, 'sle-1');
    expect((await validateRowInput(pipe, { row: 4, cells: halfEvaluated }, half.evaluation!)).problems).toEqual(
      expect.arrayContaining([
        { row: 4, column: 'evaluated_on', message: 'is required' },
        { row: 4, column: 'outcome_actual', message: 'is required' },
        { row: 4, column: 'school_rating', message: "The school's rating must be 5 or less" },
      ]),
    );
    expect((await validateRowInput(pipe, { row: 4, cells: halfEvaluated }, half.meeting)).problems).toEqual([
      { row: 4, column: 'outcome_target', message: 'Enter the target as a number, such as 5 or 2.5' },
    ]);
  });
});
