import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST, type Event } from '@event-driven-io/emmett';
import pg from 'pg';
import { v7 as timeOrderedId } from 'uuid';
import { EVENT_SCHEMA_VERSIONS, type AllianceEvent } from '../events/index.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { openSqlite } from '../src/event-store/sqlite.js';
import {
  collectGarbage,
  latencyFigures,
  summarise,
  timed,
  type BenchOptions,
  type BenchSuite,
  type Figure,
  type Samples,
} from './harness.js';
import { generateAlliance, MATCHING_ALLIANCE } from './synthetic-alliance.js';

/**
 * Issue 7: how fast the embedded store takes appends, one writer at a time and with 64 writers at once,
 * against what the same SQLite engine can do with the same rows and the same durability, and against a
 * peer event store on PostgreSQL.
 *
 * Every append is one event of the synthetic alliance (cycled through) to a stream of its own, created
 * with expected revision `no-stream` (writer w's k-th append of a block goes to `bench-<block>-w<w>-<k>`),
 * so that every contender writes the same rows and no append waits on another's stream. Each round
 * starts every SQLite contender on an empty file in a fresh directory; the peer gets one fresh database
 * for the run.
 *
 * - Embedded store: `SqliteEventStore.append`, as the application calls it. Sequential: one writer
 *   awaiting each append. 64 writers: 64 async loops, each awaiting its own appends.
 * - Raw SQLite ceiling: better-sqlite3 on a file whose `events` table SqliteEventStore created (so the
 *   schema and indexes are the store's), opened by the same opener (WAL, synchronous=FULL), inserting the
 *   same rows pre-serialised with one prepared INSERT. Sequential: one IMMEDIATE transaction per row.
 *   64 writers: the best the engine can do when each of 64 writers' rows must be durable before it is
 *   acknowledged, i.e. back-to-back IMMEDIATE transactions of 64 rows; a row's latency is its transaction's.
 * - Peer: `@event-driven-io/emmett-postgresql` 0.42.0 `appendToStream` with STREAM_DOES_NOT_EXIST on the
 *   local PostgreSQL (default synchronous_commit=on and fsync=on, both recorded), through a pg pool of one
 *   connection per writer. Skipped, with a line on stderr, when PostgreSQL does not answer.
 */
const WRITERS = 64;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const METADATA = { actorUserId: 'bench-user' };

/** One append's worth of work, pre-serialised for the raw ceiling exactly as the store would write it. */
interface Row {
  streamId: string;
  event: AllianceEvent;
  values: [string, number, string, string, number, string, string, string];
}

export const appendsBench: BenchSuite = {
  name: 'appends',
  description:
    'Appends of one synthetic-alliance event to a new stream: SqliteEventStore (WAL, synchronous=FULL) sequential and with 64 concurrent writers, ' +
    'against raw better-sqlite3 inserting the same pre-serialised rows into the same schema with the same durability ' +
    '(sequential: 1 row per transaction; 64 writers: the ceiling when 64 writers each need their row durable before acknowledgement, i.e. transactions of 64 rows), ' +
    'and against emmett-postgresql 0.42.0 on local PostgreSQL (durable commits, one connection per writer)',
  async run({ quick, log }: BenchOptions) {
    // Sequential appends wait on one fsync each (a few thousand a second) and the peer manages one or two
    // thousand a second, hence their smaller counts; --quick keeps the suite near 15 s, a full run near a minute.
    const rounds = quick ? 2 : 3;
    const blocks = quick ? 3 : 10;
    const perBlock = {
      sequential: quick ? 150 : 300,
      perWriter: quick ? 60 : 130,
      peerSequential: quick ? 40 : 70,
      peerPerWriter: quick ? 6 : 12,
    };
    const warmup = 200;

    const generated = await timed(() => generateAlliance(MATCHING_ALLIANCE));
    const payloads = generated.result.events;
    log(
      `appends: ${payloads.length} alliance events generated in ${generated.ms.toFixed(0)} ms; ${rounds} rounds of ${blocks} blocks`,
    );
    let cursor = 0;
    const nextEvent = () => payloads[cursor++ % payloads.length];
    const rowsFor = (streamIds: string[]): Row[] => {
      const recordedAt = new Date().toISOString();
      return streamIds.map((streamId) => {
        const event = nextEvent();
        const schemaVersion = EVENT_SCHEMA_VERSIONS[event.type];
        return {
          streamId,
          event,
          values: [
            streamId,
            0,
            timeOrderedId(),
            event.type,
            schemaVersion,
            JSON.stringify(event.data),
            JSON.stringify({ ...METADATA, schemaVersion }),
            recordedAt,
          ],
        };
      });
    };
    // Stream names are unique across the run: the peer keeps one database for all rounds.
    const sequentialRows = (tag: string, n: number) =>
      rowsFor(Array.from({ length: n }, (_, k) => `bench-${tag}-s-${k}`));
    const writersRows = (tag: string, perWriter: number) =>
      Array.from({ length: WRITERS }, (_, w) =>
        rowsFor(Array.from({ length: perWriter }, (_, k) => `bench-${tag}-w${w}-${k}`)),
      );

    const dirs: string[] = [];
    const freshFile = () => {
      const dir = mkdtempSync(join(tmpdir(), 'sle-bench-appends-'));
      dirs.push(dir);
      return join(dir, 'events.db');
    };
    const samples = {
      storeSequential: [] as Samples[],
      rawSequential: [] as Samples[],
      storeWriters: [] as Samples[],
      rawWriters: [] as Samples[],
      peerSequential: [] as Samples[],
      peerWriters: [] as Samples[],
    };
    const peer = await openPeer(log);
    let sqlite: Record<string, unknown>;
    try {
      sqlite = sqliteSettings(freshFile());
      // Warm-up: JIT, statement caches, the peer's schema creation; nothing here is measured.
      {
        const store = new SqliteEventStore(freshFile());
        await storeSequential(store, sequentialRows('warmup', warmup));
        await storeWriters(store, writersRows('warmup', 4));
        await store.close();
        const raw = openRaw(freshFile());
        rawSequential(raw, sequentialRows('warmup', warmup));
        rawBatches(raw, writersRows('warmup', 4));
        raw.close();
        if (peer) {
          await peerSequential(peer.store, sequentialRows('warmup', 20));
          await peerWriters(peer.store, writersRows('warmup', 2));
        }
      }

      // Each round starts every SQLite contender on an empty file of its own; within a round, the
      // contenders take turns block by block, so a slow patch of the shared disk or CPU falls on all alike.
      for (let round = 0; round < rounds; round++) {
        const store = new SqliteEventStore(freshFile());
        const raw = openRaw(freshFile());
        const concurrentStore = new SqliteEventStore(freshFile());
        const concurrentRaw = openRaw(freshFile());
        for (let block = 0; block < blocks; block++) {
          const tag = `r${round}b${block}`;
          const sequential = sequentialRows(tag, perBlock.sequential);
          const concurrent = writersRows(tag, perBlock.perWriter);
          collectGarbage();
          samples.storeSequential.push(await storeSequential(store, sequential));
          samples.rawSequential.push(rawSequential(raw, sequential));
          if (peer)
            samples.peerSequential.push(await peerSequential(peer.store, sequential.slice(0, perBlock.peerSequential)));
          collectGarbage();
          samples.storeWriters.push(await storeWriters(concurrentStore, concurrent));
          samples.rawWriters.push(rawBatches(concurrentRaw, concurrent));
          if (peer)
            samples.peerWriters.push(
              await peerWriters(
                peer.store,
                concurrent.map((rows) => rows.slice(0, perBlock.peerPerWriter)),
              ),
            );
        }
        await store.close();
        raw.close();
        await concurrentStore.close();
        concurrentRaw.close();
        const tput = (list: Samples[]) => {
          const recent = list.slice(-blocks);
          return Math.round(
            recent.reduce((n, s) => n + s.times.length, 0) / (recent.reduce((ms, s) => ms + s.wallMs, 0) / 1000),
          );
        };
        log(
          `appends: round ${round + 1}/${rounds}: sequential store ${tput(samples.storeSequential)}/s, raw ${tput(samples.rawSequential)}/s; ` +
            `64 writers store ${tput(samples.storeWriters)}/s, raw ${tput(samples.rawWriters)}/s` +
            (peer
              ? `; emmett-postgresql sequential ${tput(samples.peerSequential)}/s, 64 writers ${tput(samples.peerWriters)}/s`
              : ''),
        );
      }
    } finally {
      try {
        await peer?.dispose();
      } finally {
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      }
    }

    const all = (list: Samples[]) =>
      summarise({ times: list.flatMap((s) => s.times), wallMs: list.reduce((sum, s) => sum + s.wallMs, 0) });
    const storeSeq = all(samples.storeSequential);
    const storeConc = all(samples.storeWriters);
    const figures: Figure[] = [
      ...latencyFigures('appends sequential', storeSeq, 'raw SQLite 1 row/tx', all(samples.rawSequential), 'appends/s'),
      ...latencyFigures('appends 64 writers', storeConc, 'raw SQLite 64 rows/tx', all(samples.rawWriters), 'appends/s'),
    ];
    if (peer) {
      figures.push(
        ...latencyFigures(
          'appends sequential',
          storeSeq,
          'emmett-postgresql sequential',
          all(samples.peerSequential),
          'appends/s',
        ),
        ...latencyFigures(
          'appends 64 writers',
          storeConc,
          'emmett-postgresql 64 writers',
          all(samples.peerWriters),
          'appends/s',
        ),
      );
    }
    const count = (list: Samples[]) => list.reduce((sum, s) => sum + s.times.length, 0);
    const wall = (list: Samples[]) => Math.round(list.reduce((sum, s) => sum + s.wallMs, 0));
    return {
      figures,
      context: {
        payloads: {
          source: 'generateAlliance(MATCHING_ALLIANCE).events, cycled',
          events: payloads.length,
          generateMs: Math.round(generated.ms),
          meanDataBytes: meanDataBytes(payloads),
        },
        streams:
          'one new stream per append (expected revision no-stream); writer w appends its k-th event of a block to bench-<block>-w<w>-<k>',
        writers: WRITERS,
        rounds,
        appends: {
          storeSequential: count(samples.storeSequential),
          rawSequential: count(samples.rawSequential),
          storeWriters: count(samples.storeWriters),
          rawWriters: count(samples.rawWriters),
          peerSequential: count(samples.peerSequential),
          peerWriters: count(samples.peerWriters),
          warmupPerContender: warmup,
          blocksPerRound: blocks,
          perBlock,
        },
        wallMs: {
          storeSequential: wall(samples.storeSequential),
          rawSequential: wall(samples.rawSequential),
          storeWriters: wall(samples.storeWriters),
          rawWriters: wall(samples.rawWriters),
          peerSequential: wall(samples.peerSequential),
          peerWriters: wall(samples.peerWriters),
        },
        sqlite: { ...sqlite, tmpdir: tmpdir(), filesystem: filesystemOf(tmpdir()) },
        peer: peer?.context ?? { skipped: true },
      },
    };
  },
};

/** What the raw contender's connection (and so the store's, which opens files the same way) runs with. */
function sqliteSettings(file: string): Record<string, unknown> {
  const probe = openRaw(file);
  try {
    return {
      version: (probe.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      journal_mode: probe.pragma('journal_mode', { simple: true }),
      synchronous: probe.pragma('synchronous', { simple: true }), // 2 = FULL
      busy_timeout: probe.pragma('busy_timeout', { simple: true }),
      page_size: probe.pragma('page_size', { simple: true }),
      wal_autocheckpoint: probe.pragma('wal_autocheckpoint', { simple: true }),
    };
  } finally {
    probe.close();
  }
}

function openRaw(file: string) {
  // SqliteEventStore creates the events table and its indexes; the raw contender then writes to that file.
  void new SqliteEventStore(file).close();
  return openSqlite(file, 'FULL');
}

/** Each append awaited before the next, each one timed. */
async function timeSequential(rows: Row[], append: (row: Row) => Promise<unknown>): Promise<Samples> {
  return timeWriters([rows], append);
}

/** One loop per writer, all at once; every append timed. */
async function timeWriters(rowsByWriter: Row[][], append: (row: Row) => Promise<unknown>): Promise<Samples> {
  const times: number[] = [];
  const start = performance.now();
  await Promise.all(
    rowsByWriter.map(async (rows) => {
      for (const row of rows) {
        const t0 = performance.now();
        await append(row);
        times.push(performance.now() - t0);
      }
    }),
  );
  return { times, wallMs: performance.now() - start };
}

const storeAppend = (store: SqliteEventStore) => (row: Row) =>
  store.append(row.streamId, [row.event], { expectedRevision: 'no-stream', metadata: METADATA });
const peerAppend = (store: PostgresEventStore) => (row: Row) =>
  // Typed as emmett's own event: inferring it from the union of every alliance event is beyond the compiler.
  store.appendToStream(
    row.streamId,
    [{ ...row.event, metadata: METADATA } as Event<string, Record<string, unknown>, typeof METADATA>],
    {
      expectedStreamVersion: STREAM_DOES_NOT_EXIST,
    },
  );
const storeSequential = (store: SqliteEventStore, rows: Row[]) => timeSequential(rows, storeAppend(store));
const storeWriters = (store: SqliteEventStore, rowsByWriter: Row[][]) => timeWriters(rowsByWriter, storeAppend(store));
const peerSequential = (store: PostgresEventStore, rows: Row[]) => timeSequential(rows, peerAppend(store));
const peerWriters = (store: PostgresEventStore, rowsByWriter: Row[][]) => timeWriters(rowsByWriter, peerAppend(store));

const INSERT = `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

function rawSequential(db: ReturnType<typeof openSqlite>, rows: Row[]): Samples {
  const insert = db.prepare(INSERT);
  const one = db.transaction((values: Row['values']) => insert.run(...values)).immediate;
  const times: number[] = [];
  const start = performance.now();
  for (const row of rows) {
    const t0 = performance.now();
    one(row.values);
    times.push(performance.now() - t0);
  }
  return { times, wallMs: performance.now() - start };
}

/** Transactions of one row from each writer (64 rows), back to back; each row waits for its transaction. */
function rawBatches(db: ReturnType<typeof openSqlite>, rowsByWriter: Row[][]): Samples {
  const insert = db.prepare(INSERT);
  const batch = db.transaction((rows: Row[]) => {
    for (const row of rows) insert.run(...row.values);
  }).immediate;
  const times: number[] = [];
  const perWriter = Math.max(...rowsByWriter.map((rows) => rows.length));
  const start = performance.now();
  for (let k = 0; k < perWriter; k++) {
    const rows = rowsByWriter.flatMap((writer) => (k < writer.length ? [writer[k]] : []));
    const t0 = performance.now();
    batch(rows);
    const ms = performance.now() - t0;
    for (let i = 0; i < rows.length; i++) times.push(ms);
  }
  return { times, wallMs: performance.now() - start };
}

interface Peer {
  store: PostgresEventStore;
  context: Record<string, unknown>;
  dispose(): Promise<void>;
}

/**
 * A fresh database on the local PostgreSQL for this run, and emmett's store on it with one pooled
 * connection per writer. Undefined (and a line on stderr) when PostgreSQL does not answer.
 */
async function openPeer(log: (message: string) => void): Promise<Peer | undefined> {
  const database = `sle_bench_${process.pid}`;
  const skip = (error: unknown) =>
    process.stderr.write(
      `appends: PostgreSQL at ${PG_URL} unavailable (${(error as Error).message}); skipping the emmett-postgresql figures\n`,
    );
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres`, connectionTimeoutMillis: 3_000 });
  admin.on('error', () => undefined); // a lost connection fails the next query, which is handled there
  const settings: Record<string, string> = {};
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    for (const name of [
      'server_version',
      'synchronous_commit',
      'fsync',
      'wal_sync_method',
      'commit_delay',
      'max_connections',
    ]) {
      settings[name] = (await admin.query(`SHOW ${name}`)).rows[0][name];
    }
  } catch (error) {
    skip(error);
    await admin.end().catch(() => undefined);
    return undefined;
  }

  const connectionString = `${PG_URL}/${database}`;
  const pool = new pg.Pool({ connectionString, max: WRITERS });
  // The final DROP DATABASE ... WITH (FORCE) ends any connection pg-pool is still closing; that is expected.
  let disposing = false;
  pool.on('error', (error) => {
    if (!disposing) throw error;
  });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  const dispose = async () => {
    disposing = true;
    try {
      await store.close();
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
  try {
    const schema = await timed(() => store.schema.migrate());
    log(
      `appends: emmett-postgresql on database ${database} (PostgreSQL ${settings.server_version}, synchronous_commit=${settings.synchronous_commit}, fsync=${settings.fsync}); schema in ${schema.ms.toFixed(0)} ms`,
    );
    return {
      store,
      context: {
        package: '@event-driven-io/emmett-postgresql 0.42.0',
        database,
        poolSize: WRITERS,
        schemaMs: Math.round(schema.ms),
        ...settings,
      },
      dispose,
    };
  } catch (error) {
    skip(error);
    await dispose().catch(() => undefined);
    return undefined;
  }
}

function meanDataBytes(events: AllianceEvent[]): number {
  let bytes = 0;
  const sample = events.slice(0, 10_000);
  for (const event of sample) bytes += Buffer.byteLength(JSON.stringify(event.data));
  return Math.round(bytes / sample.length);
}

/** The type of the file system holding `path`, from /proc/mounts (Linux); unknown elsewhere. */
function filesystemOf(path: string): string {
  try {
    let best = { mount: '', type: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (mount && path.startsWith(mount) && mount.length > best.mount.length) best = { mount, type };
    }
    return best.type;
  } catch {
    return 'unknown';
  }
}
