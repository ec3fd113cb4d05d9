import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { DataDirLockedError, lockDataDirFor } from '../event-store/data-dir-lock.js';
import { openEventStore } from '../event-store/event-store.module.js';
import { copySealed } from './sealed-copy.js';

/**
 * `npm run data-protection:seal`: copies the configured store (DATA_DIR or EVENTSTORE_URL; the server
 * stopped) into a new one with every personal field sealed: SEAL_TO_DATA_DIR (an empty embedded store, with
 * its keys.db) or SEAL_TO_EVENTSTORE_URL (an empty KurrentDB; keys as the other variables say). Then point the
 * server at the new store.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const toDataDir = process.env.SEAL_TO_DATA_DIR;
  const toUrl = process.env.SEAL_TO_EVENTSTORE_URL;
  if (!toDataDir === !toUrl) throw new ConfigError('Set one of SEAL_TO_DATA_DIR and SEAL_TO_EVENTSTORE_URL');
  const lock = lockDataDirFor(config);
  const from = await openEventStore(config);
  const target = loadConfig({
    ...process.env,
    DATA_DIR: toDataDir ?? config.dataDir,
    EVENTSTORE_URL: toUrl,
    KEYS_FILE: toDataDir ? undefined : process.env.KEYS_FILE,
  });
  const to = await openEventStore(target);
  try {
    const copied = await copySealed(from, to);
    process.stdout.write(`Copied ${copied} events, their personal fields sealed, to ${toDataDir ?? 'the new store'}\n`);
  } finally {
    await to.close();
    await from.close();
    lock?.release();
  }
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof DataDirLockedError;
  process.stderr.write(`${known ? (error as Error).message : (error as Error).stack}\n`);
  process.exit(1);
});
