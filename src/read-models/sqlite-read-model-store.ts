import type Database from 'better-sqlite3';
import { setImmediate } from 'node:timers/promises';
import { openSqlite } from '../event-store/sqlite.js';
import {
  ReadModelStore,
  type Checkpoint,
  type ProjectionCommit,
  type StoredDocumentReader,
} from './read-model-store.port.js';

/**
 * Documents written between letting the event loop go: a commit of a second's changes (a thousand documents,
 * some with long histories) written at once would hold every request waiting until it is done.
 */
const DOCUMENTS_PER_SLICE = 100;

/**
 * The embedded default, a SQLite file beside the event store. `synchronous=NORMAL` in WAL mode may lose the
 * newest commits on power loss but never tears one; whatever is lost is replayed from the events.
 */
export class SqliteReadModelStore extends ReadModelStore {
  private readonly db: Database.Database;
  /** A second connection, for `reader`: it sees only committed documents, never those of a commit under way. */
  private readDb: Database.Database | undefined;
  private readonly upsert: Database.Statement;
  private readonly upsertSummary: Database.Statement;
  private readonly remove: (projection: string, key: string) => void;
  private readonly removeAll: (projection: string) => void;
  private readonly mark: Database.Statement;
  private readonly storedPosition: Database.Statement;
  /** Writes one after another: a commit holds its transaction open across slices. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    super();
    this.db = openSqlite(file, 'NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, key));
      CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position TEXT NOT NULL, version INTEGER NOT NULL);
      -- Apart from the documents, so that reading every summary reads a tenth of the pages.
      CREATE TABLE IF NOT EXISTS summaries (projection TEXT NOT NULL, key TEXT NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (projection, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS snapshots (projection TEXT PRIMARY KEY, position TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL);
    `);
    this.upsert = this.db.prepare(
      'INSERT INTO documents (projection, key, doc) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc',
    );
    this.upsertSummary = this.db.prepare(
      'INSERT INTO summaries (projection, key, summary) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET summary = excluded.summary',
    );
    const remove = this.db.prepare('DELETE FROM documents WHERE projection = ? AND key = ?');
    const removeSummary = this.db.prepare('DELETE FROM summaries WHERE projection = ? AND key = ?');
    this.remove = (projection, key) => (remove.run(projection, key), removeSummary.run(projection, key));
    const removeAll = this.db.prepare('DELETE FROM documents WHERE projection = ?');
    const removeAllSummaries = this.db.prepare('DELETE FROM summaries WHERE projection = ?');
    const removeSnapshot = this.db.prepare('DELETE FROM snapshots WHERE projection = ?');
    this.removeAll = (projection) => (
      removeAll.run(projection),
      removeAllSummaries.run(projection),
      removeSnapshot.run(projection)
    );
    this.mark = this.db.prepare(
      'INSERT INTO checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
    );
    this.storedPosition = this.db.prepare('SELECT position FROM checkpoints WHERE projection = ?');
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    const row = this.db.prepare('SELECT position, version FROM checkpoints WHERE projection = ?').get(projection) as
      { position: string; version: number } | undefined;
    return row ? { position: BigInt(row.position), version: row.version } : undefined;
  }

  async documents(projection: string, each?: (doc: unknown) => void): Promise<Map<string, unknown>> {
    // Row by row, so the text of every document is never held at once beside the parsed documents.
    const docs = new Map<string, unknown>();
    const rows = this.db
      .prepare('SELECT key, doc FROM documents WHERE projection = ?')
      .raw()
      .iterate(projection) as IterableIterator<[string, string]>;
    for (const [key, text] of rows) {
      const doc = JSON.parse(text);
      each?.(doc);
      docs.set(key, doc);
    }
    return docs;
  }

  /** One transaction, written a slice of documents at a time (the documents are never changed in place, so they are read as they were given). */
  commit(commits: ProjectionCommit[]): Promise<void> {
    return this.serially(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        let written = 0;
        for (const { projection, documents, checkpoint, complete, summarise } of commits) {
          // Another process that folded further has stored more already: never move a checkpoint backwards.
          const stored = this.storedPosition.get(projection) as { position: string } | undefined;
          if (stored && BigInt(stored.position) > checkpoint.position) continue;
          if (complete) this.removeAll(projection);
          for (const [key, doc] of documents) {
            if (doc === null) this.remove(projection, key);
            else {
              this.upsert.run(projection, key, JSON.stringify(doc));
              if (summarise) this.upsertSummary.run(projection, key, JSON.stringify(summarise(doc)));
            }
            if (++written % DOCUMENTS_PER_SLICE === 0) await setImmediate();
          }
          this.mark.run(projection, checkpoint.position.toString(), checkpoint.version);
        }
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  override reader(projection: string): StoredDocumentReader {
    this.readDb ??= openSqlite(this.file, 'NORMAL');
    const db = this.readDb;
    const one = db.prepare('SELECT doc FROM documents WHERE projection = ? AND key = ?').pluck();
    const count = db.prepare('SELECT count(*) FROM documents WHERE projection = ?').pluck();
    return {
      get: (key) => {
        const text = one.get(projection, key) as string | undefined;
        return text === undefined ? undefined : JSON.parse(text);
      },
      count: () => count.get(projection) as number,
      *entries() {
        // A statement of its own for each pass, so that passes may overlap.
        const rows = db
          .prepare('SELECT key, doc FROM documents WHERE projection = ?')
          .raw()
          .iterate(projection) as IterableIterator<[string, string]>;
        for (const [key, text] of rows) yield [key, JSON.parse(text)];
      },
      *summaries() {
        const rows = db
          .prepare('SELECT key, summary FROM summaries WHERE projection = ?')
          .raw()
          .iterate(projection) as IterableIterator<[string, string]>;
        for (const [key, text] of rows) yield [key, JSON.parse(text)];
      },
    };
  }

  override async snapshot(projection: string, { position, version }: Checkpoint): Promise<Uint8Array | undefined> {
    // Matched here, so that a snapshot of another checkpoint (a crash since) is not read at all.
    const at = this.db
      .prepare('SELECT data FROM snapshots WHERE projection = ? AND position = ? AND version = ?')
      .pluck();
    return at.get(projection, position.toString(), version) as Buffer | undefined;
  }

  override async saveSnapshot(projection: string, checkpoint: Checkpoint, take: () => Uint8Array): Promise<boolean> {
    // Taken now, not when the write's turn comes: by then more may have been folded than `checkpoint` says.
    const data = take();
    await this.serially(async () => {
      this.db
        .prepare(
          'INSERT INTO snapshots (projection, position, version, data) VALUES (?, ?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version, data = excluded.data',
        )
        .run(projection, checkpoint.position.toString(), checkpoint.version, data);
    });
    return true;
  }

  reset(projections: readonly string[]): Promise<void> {
    return this.serially(async () => {
      this.db.transaction(() => {
        // Every projection stored (a projection's documents are only ever stored with its checkpoint): the
        // tables are emptied whole, which SQLite does without visiting each row.
        const stored = this.db.prepare('SELECT projection FROM checkpoints').pluck().all() as string[];
        if (stored.every((projection) => projections.includes(projection))) {
          this.db.exec('DELETE FROM documents; DELETE FROM summaries; DELETE FROM checkpoints; DELETE FROM snapshots;');
          return;
        }
        for (const projection of projections) {
          this.removeAll(projection);
          this.db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
        }
      })();
    });
  }

  async close(): Promise<void> {
    await this.writing;
    if (this.readDb?.open) this.readDb.close();
    if (this.db.open) this.db.close();
  }

  private serially(write: () => Promise<void>): Promise<void> {
    const done = this.writing.then(write);
    this.writing = done.catch(() => undefined);
    return done;
  }
}
