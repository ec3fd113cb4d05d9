import { parse } from 'csv-parse/sync';
import fc from 'fast-check';

/** Writes rows of text as CSV, without a byte-order mark. */
export type WriteCsv = (rows: string[][]) => string;

/** The rule restated: text a spreadsheet would run as a formula gets a leading apostrophe; plain numbers do not. */
const asSpreadsheetReadsIt = (text: string) =>
  /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;

/** Characters that break naive CSV, mixed with ordinary and non-ASCII letters. */
const awkwardText = fc.oneof(
  fc.string({
    unit: fc.constantFrom(',', '"', '\n', '\r', '\t', '=', '+', '-', '@', ' ', 'a', '1', '.', 'é', '\u2028'),
  }),
  fc.string({ unit: 'binary' }),
);

/** What every CSV the software writes promises (RFC 4180 and formula escaping); each writer's spec calls this. */
export function describeCsvContract(name: string, write: WriteCsv): void {
  describe(`CSV rule: ${name}`, () => {
    it('quotes a field holding a comma, a double quote or a line break (CR, LF or both), doubling its quotes', () => {
      expect(write([['a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', 'plain']])).toBe(
        '"a,b","say ""hi""","two\nlines","cr\ronly","crlf\r\nend",plain\r\n',
      );
    });

    it('keeps a school named "\\n=1+2" in its own cell, so that no record starts with a live formula', () => {
      const csv = write([
        ['School', 'URN'],
        ['\n=1+2', '100001'],
      ]);
      expect(csv).toBe('School,URN\r\n"\n=1+2",100001\r\n');
      expect(parse(csv)).toEqual([
        ['School', 'URN'],
        ['\n=1+2', '100001'],
      ]);
    });

    it('puts an apostrophe before text a spreadsheet would run as a formula, and leaves plain numbers alone', () => {
      const cells = ['=SUM(A1)', '+44 20', '-1+2', '@cmd', '\tx', '\rx', '-5', '-0.5', '2-1', 'a=b', '', 'Ann'];
      expect(parse(write([cells]))).toEqual([
        ["'=SUM(A1)", "'+44 20", "'-1+2", "'@cmd", "'\tx", "'\rx", '-5', '-0.5', '2-1', 'a=b', '', 'Ann'],
      ]);
    });

    it('ends every record with CRLF', () => {
      expect(write([['a'], ['b']])).toBe('a\r\nb\r\n');
    });

    it('reads back, for any text, as the cells written (formula text escaped): nothing spills into another cell or row', () => {
      const table = fc
        .integer({ min: 1, max: 4 })
        .chain((columns) =>
          fc.array(fc.array(awkwardText, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 5 }),
        );
      fc.assert(
        fc.property(table, (rows) => {
          expect(parse(write(rows))).toEqual(rows.map((row) => row.map(asSpreadsheetReadsIt)));
        }),
        { seed: 4180, numRuns: 400 },
      );
    });
  });
}
