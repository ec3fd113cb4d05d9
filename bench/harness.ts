/**
 * The pieces every benchmark shares: what a suite is, what a figure is, and how a timing is taken.
 * A figure is never reported alone: each carries the baseline it was measured against in the same run,
 * on the same machine, and the ratio value / baseline.
 */

export interface BenchOptions {
  /** `--quick`: fewer iterations, same data sizes. */
  quick: boolean;
  /** Progress lines (stderr), so stdout keeps only the table. */
  log(message: string): void;
}

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** The same quantity, in the same unit, for the baseline named by `baselineFigure`. */
  baseline: number;
  baselineFigure: string;
  /** value / baseline. */
  ratio: number;
}

export interface SuiteResult {
  figures: Figure[];
  /** What was measured: data sizes, iterations, set-up times; written to results.json beside the figures. */
  context: Record<string, unknown>;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<SuiteResult>;
}

/** Per-call timings of a loop, in milliseconds, and the wall time of the whole timed loop. */
export interface Samples {
  times: number[];
  wallMs: number;
}

export interface Contender {
  name: string;
  /** One call; what it returns is folded into a sink so that no call can be optimised away. */
  fn: (i: number) => unknown;
  warmup: number;
  iterations: number;
}

/**
 * Times every call of each contender, in `rounds` interleaved blocks (a block of one, then a block of the
 * next, and so on), so that a slow patch of a shared machine, a GC or a JIT tier-up falls on all of them
 * alike rather than on whichever ran last. Each contender first runs `warmup` untimed calls.
 */
export function measureTogether(contenders: Contender[], rounds: number): Map<string, Samples> {
  let sink = 0;
  const absorb = (x: unknown) => {
    sink = (sink + (typeof x === 'number' ? x : x ? 1 : 0)) | 0;
  };
  const state = contenders.map((c) => ({ c, times: [] as number[], wallMs: 0, next: 0 }));
  for (const { c } of state) for (let i = 0; i < c.warmup; i++) absorb(c.fn(i));
  collectGarbage();
  for (let round = 0; round < rounds; round++) {
    for (const s of state) {
      const until = Math.round((s.c.iterations * (round + 1)) / rounds);
      const start = performance.now();
      for (; s.next < until; s.next++) {
        const t0 = performance.now();
        absorb(s.c.fn(s.c.warmup + s.next));
        s.times.push(performance.now() - t0);
      }
      s.wallMs += performance.now() - start;
    }
  }
  sinkHole ^= sink;
  return new Map(state.map((s) => [s.c.name, { times: s.times, wallMs: s.wallMs }]));
}

/** Where measured results end up, so that the optimiser cannot prove them unused. */
export let sinkHole = 0;

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export interface Summary {
  p50: number;
  p99: number;
  mean: number;
  /** Calls per second over the timed loop's wall time. */
  throughput: number;
}

export function summarise({ times, wallMs }: Samples): Summary {
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean: mean(times),
    throughput: times.length / (wallMs / 1000),
  };
}

/** One figure beside its baseline, in the same unit, with the ratio value / baseline. */
export const figureOf = (
  figure: string,
  value: number,
  unit: string,
  baselineFigure: string,
  baseline: number,
): Figure => ({
  figure,
  value,
  unit,
  baseline,
  baselineFigure,
  ratio: value / baseline,
});

/** The usual four latency figures of `value` against `baseline`, named `${name} p50` and so on. */
export function latencyFigures(
  name: string,
  value: Summary,
  baselineName: string,
  baseline: Summary,
  throughputUnit: string,
): Figure[] {
  const figure = (label: keyof Summary, unit: string) =>
    figureOf(`${name} ${label}`, value[label], unit, `${baselineName} ${label}`, baseline[label]);
  return [figure('p50', 'ms'), figure('p99', 'ms'), figure('mean', 'ms'), figure('throughput', throughputUnit)];
}

/** A full collection between phases when node runs with --expose-gc; otherwise nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}
