// CSV exports made in the browser from what a page already shows, and file downloads.

/** @typedef {string | number | boolean | readonly string[] | null | undefined} CsvValue A list is joined with '; '. */
/**
 * @template T
 * @typedef {{ label: string, csv: (row: T) => CsvValue }} CsvColumn
 */

/**
 * A cell as a spreadsheet reads it (the same rule as the server's, held by test/contract/csv.contract.ts): text
 * starting with =, +, -, an at sign, a tab or a CR gets an apostrophe so that it cannot run as a formula, plain numbers
 * excepted; a field with a comma, a quote or a line break is quoted per RFC 4180.
 * @param {CsvValue} value
 */
function csvCell(value) {
  if (value === undefined || value === null) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @template T
 * @param {CsvColumn<T>[]} columns
 * @param {T[]} rows
 */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.csv(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Saves text (or a Blob) as a file. The byte-order mark makes spreadsheets read UTF-8 correctly.
 * @param {string} filename
 * @param {string | Blob} content
 */
export function download(filename, content, type = 'text/csv;charset=utf-8') {
  const blob =
    content instanceof Blob ? content : new Blob([type.startsWith('text/csv') ? '\ufeff' : '', content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * @template T
 * @param {string} filename
 * @param {CsvColumn<T>[]} columns
 * @param {T[]} rows
 */
export function exportCsv(filename, columns, rows) {
  download(filename, toCsv(columns, rows));
}
