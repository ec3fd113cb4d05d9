import { stringify } from 'csv-stringify/sync';

/** What a CSV cell may be given; absent values are empty cells. */
export type CsvValue = string | number | null | undefined;

/** Text a spreadsheet would run as a formula (OWASP's list: = + - @, a tab or a carriage return first). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number written as text, e.g. "-5" or "-0.5", is data, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell as a spreadsheet should read it: text that would be taken for a formula starts with an apostrophe. */
export function spreadsheetSafe(value: CsvValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `'${value}`;
  return value;
}

/**
 * Rows as RFC 4180 CSV, the one rule for every CSV the server writes: records end with CRLF; a field holding
 * a comma, a double quote or a line break (a lone CR or LF too, which csv-stringify leaves bare when records
 * end with CRLF) is quoted, with its quotes doubled; and each cell is made spreadsheet-safe.
 */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return stringify(
    rows.map((row) => row.map(spreadsheetSafe)),
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** A `#` note line above the data (import templates): one line, and no quote that a reader could take as opening a field. */
export const csvNote = (text: string) => `# ${text.replace(/[\r\n]+/g, ' ').replace(/"/g, "'")}`;
