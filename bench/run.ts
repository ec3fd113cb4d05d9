import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { appendsBench } from './appends.bench.js';
import { removeDatasets } from './datasets.js';
import type { BenchSuite, Figure, SuiteResult } from './harness.js';
import { httpBench } from './http.bench.js';
import { httpNodesBench } from './http-nodes.bench.js';
import { matchingBench } from './matching.bench.js';
import { projectionsBench } from './projections.bench.js';
import { readsBench } from './reads.bench.js';
import { sealingBench } from './sealing.bench.js';

/**
 * `npm run bench [-- --quick] [-- --only <suite>]`: runs every suite in turn, prints one table on stdout
 * and writes bench/results.json. Progress goes to stderr. Add a suite by listing it in SUITES.
 */
// reads before http: the command load adds thousands of requests for support to the stores it shares.
// http-nodes runs only with a second Node to compare with (BENCH_OTHER_NODE; npm run bench:nodes sets it).
const SUITES: BenchSuite[] = [
  appendsBench,
  projectionsBench,
  readsBench,
  httpBench,
  matchingBench,
  sealingBench,
  httpNodesBench,
];

// Compiled to dist/bench/run.js (bench/tsconfig.json): the repository is two levels up.
const RESULTS_FILE = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

const USAGE = `usage: npm run bench [-- --quick] [-- --only <suite>]
  --quick        fewer iterations (same data sizes)
  --only <name>  run one suite: ${SUITES.map((s) => s.name).join(', ')}`;

function parseArgs(argv: string[]): { quick: boolean; only?: string } {
  let quick = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1]) only = argv[++i];
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Unknown argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (only && !SUITES.some((s) => s.name === only)) {
    console.error(`No suite ${only}\n${USAGE}`);
    process.exit(2);
  }
  return { quick, only };
}

/** The commit the run measured, and whether the tree had changes beside it; undefined outside a git checkout. */
function commitOf(): string | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return changed ? `${commit} with uncommitted changes` : commit;
  } catch {
    return undefined;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

/** Three significant figures, without exponent notation for the sizes we see. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-GB');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  if (abs >= 0.01) return n.toFixed(3);
  return n.toPrecision(2);
}

export function table(rows: (Figure & { suite: string })[]): string {
  const header = ['suite', 'figure', 'value', 'unit', 'baseline', 'against', 'ratio'];
  const cells = rows.map((r) => [
    r.suite,
    r.figure,
    formatNumber(r.value),
    r.unit,
    formatNumber(r.baseline),
    r.baselineFigure,
    `${formatNumber(r.ratio)}×`,
  ]);
  const numeric = new Set([2, 4, 6]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const started = new Date();
  const host = machine();
  log(`bench${quick ? ' --quick' : ''} on ${host.cpu}, ${host.cores} cores, node ${host.node}`);

  const suites: (SuiteResult & { name: string; description: string; ms: number })[] = [];
  try {
    for (const suite of SUITES.filter((s) =>
      only ? s.name === only : s !== httpNodesBench || process.env.BENCH_OTHER_NODE,
    )) {
      const t0 = performance.now();
      const result = await suite.run({ quick, log });
      suites.push({
        name: suite.name,
        description: suite.description,
        ms: Math.round(performance.now() - t0),
        ...result,
      });
    }
  } finally {
    removeDatasets();
  }

  const rows = suites.flatMap((s) => s.figures.map((f) => ({ suite: s.name, ...f })));
  console.log(
    `\n${quick ? 'Quick run' : 'Full run'} on ${host.cpu} (${host.cores} cores), node ${host.node}, ${started.toISOString()}\n`,
  );
  console.log(table(rows));
  for (const s of suites) console.log(`\n${s.name}: ${s.description}\n${JSON.stringify(s.context)}`);

  const results = {
    startedAt: started.toISOString(),
    commit: commitOf(),
    mode: quick ? 'quick' : 'full',
    machine: host,
    results: rows.map(({ suite, figure, value, unit, baseline, baselineFigure, ratio }) => ({
      suite,
      figure,
      value,
      unit,
      baseline,
      baselineFigure,
      ratio,
    })),
    suites: suites.map(({ name, description, ms, context }) => ({ name, description, ms, context })),
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${RESULTS_FILE}; ${(performance.now() / 1000).toFixed(1)} s since node started`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
