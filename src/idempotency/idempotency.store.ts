import type Database from 'better-sqlite3';
import { openSqlite } from '../event-store/sqlite.js';

export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Answers kept per (user, Idempotency-Key), so a command sent twice appends once and is answered the same.
 * A key is first claimed (status 0), then completed with the answer; a failed attempt releases its claim.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqlite(file, 'FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status INTEGER NOT NULL, body TEXT, created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key))`);
  }

  /** Claims the key; returns the earlier answer or claim when the key was used before. */
  claim(scope: string, key: string, fingerprint: string): StoredAnswer | 'claimed' {
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, status, created_at) VALUES (?, ?, ?, 0, ?)')
      .run(scope, key, fingerprint, new Date().toISOString());
    if (inserted.changes === 1) return 'claimed';
    const row = this.db
      .prepare('SELECT fingerprint, status, body FROM idempotency WHERE scope = ? AND key = ?')
      .get(scope, key) as {
      fingerprint: string;
      status: number;
      body: string | null;
    };
    return {
      fingerprint: row.fingerprint,
      status: row.status,
      body: row.body === null ? undefined : JSON.parse(row.body),
    };
  }

  complete(scope: string, key: string, status: number, body: unknown): void {
    this.db
      .prepare('UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?')
      .run(status, JSON.stringify(body ?? null), scope, key);
  }

  release(scope: string, key: string): void {
    this.db.prepare('DELETE FROM idempotency WHERE scope = ? AND key = ? AND status = 0').run(scope, key);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
