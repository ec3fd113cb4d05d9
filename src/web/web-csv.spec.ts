import { describeCsvContract } from '../../test/contract/csv.contract.js';

interface WebCsv {
  toCsv(columns: { label: string; csv: (row: unknown[]) => unknown }[], rows: unknown[][]): string;
}

// The browser's module, plain JavaScript with no types: loaded by path so that TypeScript does not look for them.
const modulePath = './public/js/csv.js';
const { toCsv } = (await import(modulePath)) as WebCsv;

/** The first row as the header, as the pages' exports write it. */
const writeRows = (rows: unknown[][]) =>
  toCsv(
    rows[0].map((label, i) => ({ label: String(label), csv: (row: unknown[]) => row[i] })),
    rows.slice(1),
  );

describeCsvContract('the web app (src/web/public/js/csv.js)', writeRows);

describe('web CSV cells', () => {
  it('writes absent values as empty cells, numbers as they are, and a list as one cell', () => {
    expect(
      writeRows([
        ['a', 'b', 'c', 'd'],
        [null, undefined, -3, ['maths', '=x']],
      ]),
    ).toBe('a,b,c,d\r\n,,-3,maths; =x\r\n');
  });
});
