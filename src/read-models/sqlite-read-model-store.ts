import type Database from 'better-sqlite3';
import { openSqlite } from '../shared/sqlite.js';
import { ReadModelStore, type Checkpoint, type ProjectionCommit } from './read-model-store.port.js';

/**
 * The embedded default, a SQLite file beside the event store. `synchronous=NORMAL` in WAL mode may lose the
 * newest commits on power loss but never tears one; whatever is lost is replayed from the events.
 */
export class SqliteReadModelStore extends ReadModelStore {
  private readonly db: Database.Database;
  private readonly commitAll: (commits: ProjectionCommit[]) => void;

  constructor(file: string) {
    super();
    this.db = openSqlite(file, 'NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (projection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, key));
      CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position TEXT NOT NULL, version INTEGER NOT NULL);
    `);
    const upsert = this.db.prepare('INSERT INTO documents (projection, key, doc) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET doc = excluded.doc');
    const remove = this.db.prepare('DELETE FROM documents WHERE projection = ? AND key = ?');
    const mark = this.db.prepare(
      'INSERT INTO checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
    );
    const current = this.db.prepare('SELECT position FROM checkpoints WHERE projection = ?');
    this.commitAll = this.db.transaction((commits: ProjectionCommit[]) => {
      for (const { projection, documents, checkpoint, complete } of commits) {
        // Another process that folded further has stored more already: never move a checkpoint backwards.
        const stored = current.get(projection) as { position: string } | undefined;
        if (stored && BigInt(stored.position) > checkpoint.position) continue;
        if (complete) this.db.prepare('DELETE FROM documents WHERE projection = ?').run(projection);
        for (const [key, doc] of documents) {
          if (doc === null) remove.run(projection, key);
          else upsert.run(projection, key, JSON.stringify(doc));
        }
        mark.run(projection, checkpoint.position.toString(), checkpoint.version);
      }
    });
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    const row = this.db.prepare('SELECT position, version FROM checkpoints WHERE projection = ?').get(projection) as { position: string; version: number } | undefined;
    return row ? { position: BigInt(row.position), version: row.version } : undefined;
  }

  async documents(projection: string): Promise<Map<string, unknown>> {
    // Row by row, so the text of every document is never held at once beside the parsed documents.
    const docs = new Map<string, unknown>();
    const rows = this.db.prepare('SELECT key, doc FROM documents WHERE projection = ?').raw().iterate(projection) as IterableIterator<[string, string]>;
    for (const [key, doc] of rows) docs.set(key, JSON.parse(doc));
    return docs;
  }

  async commit(commits: ProjectionCommit[]): Promise<void> {
    this.commitAll(commits);
  }

  async reset(projection: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM documents WHERE projection = ?').run(projection);
      this.db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
