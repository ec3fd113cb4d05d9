import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DataSubjectId } from '../../events/index.js';
import { KeyStore, type SubjectKey } from './key-store.port.js';

/**
 * The embedded key store: one SQLite file (`DATA_DIR/keys.db` by default), apart from the events. An erased
 * subject keeps a row with no key, so it never gets a new one. `secure_delete` overwrites a deleted key's bytes
 * in the file, and the rollback journal (not WAL) leaves no copy of the page behind once a delete commits.
 */
export class SqliteKeyStore extends KeyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { key: Buffer | null }>;
  private readonly insert: Database.Statement<[string, Buffer, string]>;
  private readonly tombstone: Database.Statement<[{ subject: string; now: string }]>;

  constructor(file: string) {
    super();
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { nativeBinding: process.env.BETTER_SQLITE3_BINDING || undefined });
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subject_keys (
        subject    TEXT PRIMARY KEY,
        key        BLOB,
        created_at TEXT NOT NULL,
        erased_at  TEXT
      );
    `);
    this.select = this.db.prepare('SELECT key FROM subject_keys WHERE subject = ?');
    this.insert = this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?)');
    this.tombstone = this.db.prepare(
      `INSERT INTO subject_keys (subject, key, created_at, erased_at) VALUES (@subject, NULL, @now, @now)
       ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = COALESCE(erased_at, @now)`,
    );
  }

  keysOf(subjects: readonly DataSubjectId[], create: boolean): Promise<Map<DataSubjectId, SubjectKey>> {
    const keys = new Map<DataSubjectId, SubjectKey>();
    const now = new Date().toISOString();
    // One transaction: another process making the same subject's key at once gets the same one.
    this.db
      .transaction(() => {
        for (const subject of subjects) {
          let row = this.select.get(subject);
          if (!row && create) {
            this.insert.run(subject, randomBytes(32), now);
            row = this.select.get(subject);
          }
          if (row) keys.set(subject, row.key);
        }
      })
      .immediate();
    return Promise.resolve(keys);
  }

  erase(subjects: readonly DataSubjectId[]): Promise<void> {
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        for (const subject of subjects) this.tombstone.run({ subject, now });
      })
      .immediate();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
