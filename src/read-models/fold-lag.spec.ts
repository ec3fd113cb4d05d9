import { FOLD_LAG_KEPT, FoldLag } from './fold-lag.js';

describe('FoldLag', () => {
  const start = Date.parse('2026-03-02T09:00:00.000Z');
  const at = (ms: number) => new Date(start + ms).toISOString();

  it('gives the median and the 99th percentile of the time from recording to folding', () => {
    let now = start;
    const lag = new FoldLag(start, () => now);
    for (let ms = 1; ms <= 100; ms++) {
      now = start + 1_000 + ms; // folded `ms` after it was recorded
      lag.folded(at(1_000));
    }
    expect(lag.summary()).toEqual({ events: 100, p50Ms: 50, p99Ms: 99 });
  });

  it('counts nothing recorded before it started (what a start-up replays), and says so when empty', () => {
    const lag = new FoldLag(start, () => start + 60_000);
    lag.folded(at(-1));
    lag.folded('not a date');
    expect(lag.summary()).toEqual({ events: 0, p50Ms: null, p99Ms: null });
    lag.folded(at(59_000));
    expect(lag.summary()).toEqual({ events: 1, p50Ms: 1_000, p99Ms: 1_000 });
  });

  it('keeps only the last events folded', () => {
    let now = start;
    const lag = new FoldLag(start, () => now);
    now = start + 500;
    for (let i = 0; i < FOLD_LAG_KEPT; i++) lag.folded(at(0)); // 500 ms each
    now = start + 10_000;
    for (let i = 0; i < FOLD_LAG_KEPT; i++) lag.folded(at(9_990)); // 10 ms each
    expect(lag.summary()).toEqual({ events: FOLD_LAG_KEPT, p50Ms: 10, p99Ms: 10 });
  });
});
