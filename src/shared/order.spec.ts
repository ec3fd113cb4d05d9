import { byCodeUnits } from './order.js';

describe('byCodeUnits', () => {
  it('orders as the code units do, whatever the locale: capitals before small letters, digits before both', () => {
    expect(['b', 'B', 'a', '10', '9', 'A'].sort(byCodeUnits)).toEqual(['10', '9', 'A', 'B', 'a', 'b']);
    expect(byCodeUnits('2025-09-01', '2025-09-01')).toBe(0);
    expect(byCodeUnits('2025-09-01', '2025-10-01')).toBeLessThan(0);
  });
});
