import { CsvError, parse } from 'csv-parse/sync';
import type { ImportKindSpec } from './import-kinds.js';

/** One problem with one row (or with the file, on the header's row), named as a spreadsheet user sees it. */
export interface RowProblem {
  /** The line of the file, which is the row number a spreadsheet shows. */
  row: number;
  column?: string;
  message: string;
}

export interface CsvRow {
  row: number;
  /** Cell text by column name, trimmed; '' when blank or absent. */
  cells: Record<string, string>;
}

export interface ParsedCsv {
  rows: CsvRow[];
  problems: RowProblem[];
}

export const MAX_IMPORT_ROWS = 5000;

/** `Local Authority`, `local-authority` and `LOCAL_AUTHORITY` all name the column `local_authority`. */
export const normaliseColumn = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads a CSV as exported by a spreadsheet: an optional byte-order mark, `#` note lines, a header row, then one
 * record per row. Blank rows (including rows of empty cells, as spreadsheets write them) are skipped. Problems
 * with the header or with the shape of a row are listed with the row they are on; nothing is thrown.
 */
export function readCsvRows(text: string, spec: ImportKindSpec): ParsedCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        rows: [],
        problems: [
          { row: typeof line === 'number' ? line : 1, message: `the file is not valid CSV: ${error.message}` },
        ],
      };
    }
    throw error;
  }
  const nonBlank = records.filter(({ record }) => record.some((cell) => cell !== ''));
  if (!nonBlank.length) return { rows: [], problems: [{ row: 1, message: 'the file has no header row and no rows' }] };

  const [head, ...body] = nonBlank;
  const headerRow = head.info.lines;
  const header = head.record.map(normaliseColumn);
  const known = new Map(spec.columns.map((c) => [c.name, c]));
  const problems: RowProblem[] = [];
  header.forEach((name, index) => {
    if (name === '') problems.push({ row: headerRow, message: `column ${index + 1} has no name in the header row` });
    else if (!known.has(name))
      problems.push({
        row: headerRow,
        column: name,
        message: `is not a column of this import; the columns are ${spec.columns.map((c) => c.name).join(', ')}`,
      });
    else if (header.indexOf(name) !== index)
      problems.push({ row: headerRow, column: name, message: 'appears more than once in the header row' });
  });
  for (const column of spec.columns) {
    if (column.required && !header.includes(column.name))
      problems.push({
        row: headerRow,
        column: column.name,
        message: 'is a required column, missing from the header row',
      });
  }
  if (!body.length) problems.push({ row: headerRow, message: 'the file has a header row but no rows to import' });
  if (body.length > MAX_IMPORT_ROWS)
    problems.push({
      row: body[MAX_IMPORT_ROWS].info.lines,
      message: `the file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`,
    });
  if (problems.length) return { rows: [], problems };

  const rows = body.map(({ record, info }) => {
    const cells: Record<string, string> = {};
    for (const column of spec.columns) cells[column.name] = '';
    header.forEach((name, index) => (cells[name] = record[index] ?? ''));
    if (record.slice(header.length).some((cell) => cell !== '')) {
      problems.push({
        row: info.lines,
        message: `has ${record.length} cells but the header row names ${header.length} columns`,
      });
    }
    return { row: info.lines, cells };
  });
  return { rows, problems };
}
