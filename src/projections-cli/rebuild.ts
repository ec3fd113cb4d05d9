import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { openEventStore } from '../event-store/event-store.module.js';
import { openReadModelStore, viewRunner } from '../read-models/read-models.js';
import { DataDirLockedError, lockDataDirFor } from '../event-store/data-dir-lock.js';

/**
 * `npm run projections:rebuild`: drops every view and replays all events into them. Stop the server first
 * (on an embedded store it refuses to run beside one); a server that is running keeps its own copy in
 * memory until it restarts.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const lock = lockDataDirFor(config);
  try {
    await rebuild(config);
  } finally {
    lock?.release();
  }
}

async function rebuild(config: AppConfig): Promise<void> {
  const events = await openEventStore(config);
  const store = openReadModelStore(config);
  const started = performance.now();
  try {
    const runner = viewRunner(events, store);
    await runner.rebuild();
    // Reading an erasure deleted keys still held (a key store restored from a backup): fold again without them.
    if (events.erasedOnRead) await runner.rebuild();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`Rebuilt every view up to position ${runner.position} in ${seconds.toFixed(1)} s\n`);
  } finally {
    await store.close();
    await events.close();
  }
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof DataDirLockedError;
  process.stderr.write(`${known ? (error as Error).message : (error as Error).stack}\n`);
  process.exit(1);
});
