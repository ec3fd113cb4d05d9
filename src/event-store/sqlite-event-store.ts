import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { EVENT_SCHEMA_VERSIONS, upcast, type AllianceEvent, type RecordedEvent } from '../../events/index.js';
import { openSqlite } from '../shared/sqlite.js';
import {
  EventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type ReadAllOptions,
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

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous=FULL`, so a commit is on disk
 * before an append is answered, and an append is one transaction (a crash leaves all of it or none).
 */
export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly streamRevision: Database.Statement;
  private readonly selectStream: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly selectHead: Database.Statement;
  private readonly appendTransaction: (streamId: string, events: AllianceEvent[], options: AppendOptions) => AppendResult;

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
    this.selectStream = this.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
    this.selectAll = this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.selectHead = this.db.prepare('SELECT MAX(position) AS position FROM events');
    // IMMEDIATE takes the write lock before the revision check, so another process cannot slip in between.
    this.appendTransaction = this.db.transaction((streamId, events, options) => this.appendNow(streamId, events, options)).immediate;
  }

  async append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('An append needs at least one event');
    return this.appendTransaction(streamId, events, options);
  }

  private appendNow(streamId: string, events: AllianceEvent[], options: AppendOptions): AppendResult {
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
    let position = 0n;
    for (const event of events) {
      revision += 1;
      const metadata = { ...options.metadata, schemaVersion: EVENT_SCHEMA_VERSIONS[event.type] };
      const info = this.insert.run(
        streamId,
        revision,
        randomUUID(),
        event.type,
        metadata.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(metadata),
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return (this.selectStream.all(streamId) as EventRow[]).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    return (this.selectAll.all(after, limit) as EventRow[]).map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const { position } = this.selectHead.get() as { position: number | null };
    return BigInt(position ?? 0);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  const metadata = JSON.parse(row.metadata);
  const event = upcast(row.type, row.schema_version, JSON.parse(row.data));
  return {
    ...event,
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    metadata: { ...metadata, schemaVersion: row.schema_version },
  } as RecordedEvent;
}
