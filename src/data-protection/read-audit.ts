import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** One read of a school's or person's data: who, when, through which route, and whose data. */
export interface AuditedRead {
  at: string;
  userId: string;
  role: string;
  /** The route's pattern, e.g. `/api/deployments/:id`; never the query string. */
  route: string;
  /** Whose data: `school:{urn}`, `sle:{id}`, `deployment:{id}`, `user:{id}`, `person:{id or email}`, or a list or report. */
  subject: string;
}

export interface ReadAuditFilter {
  subject?: string;
  userId?: string;
  /** Reads on or after this day (YYYY-MM-DD) or instant. */
  from?: string;
  /** Reads on or before this day (the whole of it) or instant. */
  to?: string;
  limit?: number;
}

/** The read audit: append-only, apart from the domain events (it is not a fact of the alliance, and not projected). */
export abstract class ReadAudit {
  abstract record(read: AuditedRead): void;
  /** The reads matching, newest first. */
  abstract query(filter: ReadAuditFilter): AuditedRead[];
  abstract close(): void;
}

/**
 * The embedded read audit: `DATA_DIR/audit.db`. Nothing in the application updates or deletes a row; triggers
 * refuse it as well.
 */
export class SqliteReadAudit extends ReadAudit {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[AuditedRead]>;

  constructor(file: string) {
    super();
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { nativeBinding: process.env.BETTER_SQLITE3_BINDING || undefined });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS reads (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        at      TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role    TEXT NOT NULL,
        route   TEXT NOT NULL,
        subject TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reads_by_subject ON reads (subject, at);
      CREATE INDEX IF NOT EXISTS reads_by_user ON reads (user_id, at);
      CREATE TRIGGER IF NOT EXISTS reads_append_only_update BEFORE UPDATE ON reads
        BEGIN SELECT RAISE(ABORT, 'the read audit is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS reads_append_only_delete BEFORE DELETE ON reads
        BEGIN SELECT RAISE(ABORT, 'the read audit is append-only'); END;
    `);
    this.insert = this.db.prepare(
      'INSERT INTO reads (at, user_id, role, route, subject) VALUES (@at, @userId, @role, @route, @subject)',
    );
  }

  record(read: AuditedRead): void {
    this.insert.run(read);
  }

  query({ subject, userId, from, to, limit = 1_000 }: ReadAuditFilter): AuditedRead[] {
    // A day as `to` means all of it: every instant of that day sorts before the day followed by "~".
    const conditions = {
      subject: subject !== undefined && ['subject = @subject', subject],
      userId: userId !== undefined && ['user_id = @userId', userId],
      from: from !== undefined && ['at >= @from', from],
      to: to !== undefined && ['at <= @to', to.length === 10 ? `${to}~` : to],
    };
    const where: string[] = [];
    const params: Record<string, string | number> = { limit };
    for (const [name, condition] of Object.entries(conditions)) {
      if (!condition) continue;
      where.push(condition[0]);
      params[name] = condition[1];
    }
    const sql = `SELECT at, user_id AS userId, role, route, subject FROM reads
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    return this.db.prepare(sql).all(params) as AuditedRead[];
  }

  close(): void {
    this.db.close();
  }
}
