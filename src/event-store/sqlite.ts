import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating its folder) a SQLite file in WAL mode. `FULL` makes a commit durable before it returns;
 * `NORMAL` may lose the newest commits on power loss but never tears one, for what can be rebuilt.
 */
export function openSqlite(file: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // BETTER_SQLITE3_BINDING: the addon built for another Node than npm built it for (CI's Node 24 run).
  const db = new Database(file, { nativeBinding: process.env.BETTER_SQLITE3_BINDING || undefined });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  return db;
}
