import type Database from 'better-sqlite3';
import { v7 as timeOrderedId } from 'uuid';
import { EVENT_SCHEMA_VERSIONS, upcast, type AllianceEvent, type RecordedEvent } from '../../events/index.js';
import { openSqlite } from './sqlite.js';
import {
  EventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './event-store.port.js';

interface EventRow {
  position: number | bigint;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** An append waiting for the next group commit, with the promise it answers. */
interface PendingAppend {
  streamId: string;
  events: AllianceEvent[];
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** An append done inside the batch's transaction, with the rows it wrote. */
interface Appended {
  result: AppendResult;
  rows: EventRow[];
}

type Outcome = ({ ok: true } & Appended) | { ok: false; error: unknown };

/** How many of its newest committed rows a store keeps to answer `readAll` with (see `recent`). */
const RECENT_ROWS = 4_096;

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous=FULL`, so a commit is on disk
 * before an append is answered, and an append is atomic (a crash leaves all of it or none).
 *
 * Group commit: the fsync of a commit costs far more than the rows it writes, so appends that arrive
 * while the event loop is busy are committed together, in one transaction and one fsync. Inside that
 * transaction each append is undone alone when it fails (a wrong expected revision, or anything else), so
 * it is refused while the others commit. Every promise is settled only after the shared COMMIT has
 * returned, so an answered append is durable, as before.
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly streamRevision: Database.Statement;
  private readonly selectStream: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly selectHead: Database.Statement;
  private readonly dataVersion: Database.Statement;
  /** The newest position committed, as of `seenDataVersion`: this connection's own commits keep it current. */
  private knownHead = 0;
  private seenDataVersion: number | undefined;
  private readonly commitBatch: (batch: PendingAppend[]) => Outcome[];
  /** Appends waiting for the next group commit, in arrival order; a flush is scheduled whenever it is not empty. */
  private queue: PendingAppend[] = [];
  /**
   * The rows this connection committed last, as the table holds them: a run of consecutive positions ending
   * at its newest commit, up to 2 * RECENT_ROWS. The views read each event just after it is appended;
   * answered from here, that is quicker than a read of the table. Rows another process
   * commits are not here: they break the run, or leave it behind the head, and `readAll` then reads the table.
   */
  private recent: EventRow[] = [];

  constructor(file: string) {
    super();
    this.db = openSqlite(file, 'FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        revision       INTEGER NOT NULL,
        event_id       TEXT    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
    `);
    this.db.defaultSafeIntegers(false);
    this.insert = this.db.prepare(
      `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.streamRevision = this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
    this.selectStream = this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision');
    this.selectAll = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.selectHead = this.db.prepare('SELECT MAX(position) AS position FROM events');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();

    // Called inside the batch's transaction, better-sqlite3 turns this into SAVEPOINT ... RELEASE, and
    // ROLLBACK TO the savepoint when appendNow throws: a refused append leaves no row behind. An append
    // of one event (the usual command) skips the two extra statements, a good part of its cost in a
    // batch: its only write is one INSERT, which SQLite already undoes whole when it fails, and nothing
    // after that INSERT can throw.
    const appendNow = (pending: PendingAppend) => this.appendNow(pending.streamId, pending.events, pending.options);
    const appendInSavepoint = this.db.transaction(appendNow);
    // IMMEDIATE takes the write lock before the first revision check, so another process sharing the
    // file cannot slip in between a check and its insert. Appends run in arrival order, so a second
    // append to a stream in the same batch is checked against the first one's rows.
    this.commitBatch = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((pending): Outcome => {
        try {
          return { ok: true, ...(pending.events.length === 1 ? appendNow(pending) : appendInSavepoint(pending)) };
        } catch (error) {
          // Some SQLite errors (disk full, I/O) roll back the whole transaction, not just the savepoint:
          // going on would run the remaining appends outside any transaction, so the batch fails whole.
          if (!this.db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    ).immediate;
  }

  append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('An append needs at least one event'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      // setImmediate rather than a timer, so a lone append waits for nothing: it runs once the event
      // loop has handled every callback that was ready (requests that arrived together, writers woken by
      // the previous commit) and their promise jobs, so their appends join this batch. queueMicrotask
      // would commit before the next ready callback ran, one request at a time.
      if (this.queue.length === 1) setImmediate(this.flush);
    });
  }

  /** Commits every queued append in one transaction, then answers each. */
  private readonly flush = (): void => {
    const batch = this.queue;
    if (batch.length === 0) return; // already flushed by close()
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // BEGIN or COMMIT failed (or the transaction was lost): better-sqlite3 has rolled back what was
      // left, and none of the batch can be reported durable.
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      if (outcome.result.position > this.knownHead) this.knownHead = Number(outcome.result.position);
      this.keepRecent(outcome.rows);
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error)));
  };

  private appendNow(streamId: string, events: AllianceEvent[], options: AppendOptions): Appended {
    const current = (this.streamRevision.get(streamId) as { revision: number | null }).revision;
    const actual = current ?? 'no-stream';
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no-stream' && current === null) ||
      (expected === 'stream-exists' && current !== null) ||
      expected === current;
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const recordedAt = new Date().toISOString();
    let revision = current ?? -1;
    const rows: EventRow[] = [];
    for (const event of events) {
      revision += 1;
      const schemaVersion = EVENT_SCHEMA_VERSIONS[event.type];
      const row: Omit<EventRow, 'position'> = {
        stream_id: streamId,
        revision,
        // Time-ordered (UUIDv7), so each new id goes at the end of the event_id index: random ids put each one
        // on a page of its own across the index, and at a million events every commit wrote that many pages.
        event_id: timeOrderedId(),
        type: event.type,
        schema_version: schemaVersion,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify({ ...options.metadata, schemaVersion }),
        recorded_at: recordedAt,
      };
      const info = this.insert.run(
        row.stream_id,
        row.revision,
        row.event_id,
        row.type,
        row.schema_version,
        row.data,
        row.metadata,
        row.recorded_at,
      );
      rows.push({ position: Number(info.lastInsertRowid), ...row });
    }
    return { result: { nextExpectedRevision: revision, position: BigInt(rows[rows.length - 1].position) }, rows };
  }

  /** Adds committed rows to the run of `recent` ones, or starts it again from them where they do not follow it. */
  private keepRecent(rows: EventRow[]): void {
    for (const row of rows) {
      const last = this.recent[this.recent.length - 1];
      if (last && row.position !== Number(last.position) + 1) this.recent = [];
      this.recent.push(row);
    }
    if (this.recent.length > 2 * RECENT_ROWS) this.recent = this.recent.slice(-RECENT_ROWS);
  }

  /** The rows after `after` (up to `limit`; all when negative) from `recent`, when it holds every one of them up to the head. */
  private recentAfter(after: number, limit: number): EventRow[] | undefined {
    const first = this.recent[0];
    const last = this.recent[this.recent.length - 1];
    if (!first || Number(last.position) !== this.knownHead || after < Number(first.position) - 1) return undefined;
    const from = after - Number(first.position) + 1;
    return this.recent.slice(from, limit < 0 ? undefined : from + limit);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return (this.selectStream.all(streamId, options.fromRevision ?? 0) as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    // The views ask after every command whether anything is new, and mostly nothing is: answered from
    // the known head, that costs one PRAGMA instead of a read transaction on the table.
    if (after >= this.head()) return [];
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    return (this.recentAfter(Number(after), limit) ?? (this.selectAll.all(after, limit) as EventRow[])).map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.head());
  }

  /**
   * The newest committed position. `data_version` changes exactly when another connection (another
   * process sharing the file) has committed since it was last read; this connection's own commits update
   * `knownHead` as they return. Reading the version before the head errs only towards reading again.
   */
  private head(): number {
    const version = this.dataVersion.get() as number;
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      const { position } = this.selectHead.get() as { position: number | null };
      this.knownHead = position ?? 0;
    }
    return this.knownHead;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Appends already issued are committed (or refused) before the file closes, not failed by it.
    this.flush();
    if (this.db.open) this.db.close();
  }
}

// Built field by field rather than by spreads: a rebuild runs this once per stored event.
function toRecorded(row: EventRow): RecordedEvent {
  const { type, data } = upcast(row.type, row.schema_version, JSON.parse(row.data));
  const metadata = JSON.parse(row.metadata);
  metadata.schemaVersion = row.schema_version;
  return {
    type,
    data,
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    metadata,
  } as RecordedEvent;
}
