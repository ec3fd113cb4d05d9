import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildViews, dataset } from './datasets.js';
import { collectGarbage, figureOf, type BenchOptions, type BenchSuite, type Figure } from './harness.js';
import type { AllianceSize } from './synthetic-alliance.js';

/**
 * Issue 7, projections: a full rebuild (what `npm run projections:rebuild` does: drop every view, read
 * every event through the store's port, fold it into every view and store the views page by page) against
 * the least any rebuild must do, a raw read of the same rows from the same file with both JSON columns
 * parsed. Runs alternate, and each figure is the median run.
 */
export const projectionsBench: BenchSuite = {
  name: 'projections',
  description:
    'Full rebuild of every view (read, fold, store) against a raw SELECT and JSON.parse of the same events, at each store size',
  async run({ quick, log }: BenchOptions) {
    const sizes: AllianceSize[] = quick ? ['10k', '100k'] : ['10k', '100k', '1M'];
    const runs = quick ? 1 : 3;
    const figures: Figure[] = [];
    const context: Record<string, unknown> = { runsEach: runs, sizes: {} };
    for (const size of sizes) {
      const data = await dataset(size, log);
      const rebuild: number[] = [];
      const raw: number[] = [];
      for (let run = 0; run < runs; run++) {
        collectGarbage();
        raw.push(rawReadAndParse(join(data.dataDir, 'events.db')));
        collectGarbage();
        const started = performance.now();
        await buildViews(data.dataDir);
        rebuild.push(performance.now() - started);
      }
      const rebuildMs = median(rebuild);
      const rawMs = median(raw);
      log(`projections ${size}: rebuild ${rebuildMs.toFixed(0)} ms, raw read-and-parse ${rawMs.toFixed(0)} ms`);
      const value = data.events / (rebuildMs / 1000);
      const baseline = data.events / (rawMs / 1000);
      figures.push(figureOf(`rebuild at ${size} events`, value, 'events/s', 'raw read-and-parse', baseline));
      (context.sizes as Record<string, unknown>)[size] = {
        events: data.events,
        rebuildMs: rebuild.map(Math.round),
        rawReadAndParseMs: raw.map(Math.round),
      };
    }
    return { figures, context };
  },
};

/** Every row in position order, both JSON columns parsed: the floor under any fold of these events. */
function rawReadAndParse(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const started = performance.now();
    let sink = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as IterableIterator<{
      data: string;
      metadata: string;
    }>) {
      const data = JSON.parse(row.data);
      const metadata = JSON.parse(row.metadata);
      sink += (data ? 1 : 0) + (metadata ? 1 : 0);
    }
    const ms = performance.now() - started;
    if (sink === 0) throw new Error('No events read');
    return ms;
  } finally {
    db.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
