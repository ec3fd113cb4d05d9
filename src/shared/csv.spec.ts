import { describeCsvContract } from '../../test/contract/csv.contract.js';
import { spreadsheetSafe, toCsv } from './csv.js';

describeCsvContract('the server (src/shared/csv.ts)', toCsv);

describe('server CSV cells', () => {
  it('writes absent values as empty cells and numbers as they are, negative ones included', () => {
    expect(toCsv([[null, undefined, 0, -3, 2.5]])).toBe(',,0,-3,2.5\r\n');
    expect(spreadsheetSafe(-3)).toBe(-3);
  });
});
