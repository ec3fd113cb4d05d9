import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describeReadModelStoreContract } from '../../test/contract/read-model-store.contract.js';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import { ReadModelsLostError, type ProjectionCommit } from './read-model-store.port.js';
import { RedisReadModelStore } from './redis-read-model-store.js';
import { SqliteReadModelStore } from './sqlite-read-model-store.js';

const dirs: string[] = [];
const prefixes = redisPrefixes();

afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await prefixes.removeAll();
});

describeReadModelStoreContract('embedded SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sle-views-'));
  dirs.push(dir);
  return new SqliteReadModelStore(join(dir, 'read-models.db'));
});

const redisPrefix = () => prefixes.next();

describeReadModelStoreContract('Redis', async () => new RedisReadModelStore(REDIS_URL, redisPrefix()));

describe('RedisReadModelStore after Redis lost its data', () => {
  it('refuses a partial commit for a projection it no longer holds, and accepts a complete one', async () => {
    const prefix = redisPrefix();
    const store = new RedisReadModelStore(REDIS_URL, prefix);
    const redis = new Redis(REDIS_URL);
    try {
      await store.commit([
        {
          projection: 'p',
          documents: new Map([['a', { v: 1 }]]),
          checkpoint: { position: 3n, version: 1 },
          complete: true,
        },
      ]);
      const keys = await redis.keys(`${prefix}:*`);
      await redis.del(...keys); // what a restart without persistence leaves behind
      const partial = {
        projection: 'p',
        documents: new Map([['b', { v: 1 }]]),
        checkpoint: { position: 4n, version: 1 },
        complete: false,
      };
      await expect(store.commit([partial])).rejects.toBeInstanceOf(ReadModelsLostError);
      expect(await store.checkpoint('p')).toBeUndefined();
      await store.commit([
        {
          ...partial,
          documents: new Map([
            ['a', { v: 1 }],
            ['b', { v: 1 }],
          ]),
          complete: true,
        },
      ]);
      expect([...(await store.documents('p')).keys()].sort()).toEqual(['a', 'b']);
    } finally {
      await store.close();
      await redis.quit();
    }
  });
});

describe('SqliteReadModelStore writing a large commit', () => {
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-views-'));
    dirs.push(dir);
    return new SqliteReadModelStore(join(dir, 'read-models.db'));
  };
  const many = (n: number, value: (i: number) => unknown = (i) => ({ i })) =>
    new Map(Array.from({ length: n }, (_, i) => [`doc-${i}`, value(i)]));

  it('lets other work run while it writes, and stores every document with the checkpoint', async () => {
    const store = open();
    try {
      let ranMeanwhile = false;
      const commit = store.commit([
        { projection: 'p', documents: many(1_000), checkpoint: { position: 9n, version: 1 }, complete: true },
      ]);
      setImmediate(() => (ranMeanwhile = true));
      await commit;
      expect(ranMeanwhile).toBe(true);
      expect((await store.documents('p')).size).toBe(1_000);
      expect(await store.checkpoint('p')).toEqual({ position: 9n, version: 1 });
    } finally {
      await store.close();
    }
  });

  it('stores nothing of a commit that fails part way, not even the slices already written', async () => {
    const store = open();
    try {
      await store.commit([
        { projection: 'p', documents: many(3), checkpoint: { position: 1n, version: 1 }, complete: true },
      ]);
      // The 500th document cannot be written (JSON.stringify throws on a bigint).
      const failing = many(1_000, (i) => (i === 500 ? { i: 1n } : { i: i + 1 }));
      await expect(
        store.commit([
          { projection: 'p', documents: failing, checkpoint: { position: 2n, version: 1 }, complete: false },
        ]),
      ).rejects.toThrow(TypeError);
      expect(await store.documents('p')).toEqual(many(3));
      expect(await store.checkpoint('p')).toEqual({ position: 1n, version: 1 });
      // And the next commit goes through.
      await store.commit([
        {
          projection: 'p',
          documents: many(2, (i) => ({ i: i + 10 })),
          checkpoint: { position: 3n, version: 1 },
          complete: false,
        },
      ]);
      expect((await store.documents('p')).get('doc-1')).toEqual({ i: 11 });
    } finally {
      await store.close();
    }
  });

  it('reads by key what was committed, with the summaries written and removed with their documents, and nothing of a commit under way', async () => {
    const store = open();
    const summarise = (doc: unknown) => ({ of: (doc as { i: number }).i });
    try {
      await store.commit([
        { projection: 'p', documents: many(3), checkpoint: { position: 1n, version: 1 }, complete: true, summarise },
      ]);
      await store.commit([
        { projection: 'q', documents: many(2), checkpoint: { position: 1n, version: 1 }, complete: true },
      ]);
      const reader = store.reader('p');
      expect(reader.get('doc-1')).toEqual({ i: 1 });
      expect(reader.get('doc-9')).toBeUndefined();
      expect(reader.count()).toBe(3);
      expect(new Map(reader.entries())).toEqual(many(3));
      expect(new Map(reader.summaries())).toEqual(
        new Map([
          ['doc-0', { of: 0 }],
          ['doc-1', { of: 1 }],
          ['doc-2', { of: 2 }],
        ]),
      );
      expect([...store.reader('q').summaries()]).toEqual([]);

      await store.commit([
        {
          projection: 'p',
          documents: new Map<string, unknown>([
            ['doc-1', null],
            ['doc-2', { i: 20 }],
          ]),
          checkpoint: { position: 2n, version: 1 },
          complete: false,
          summarise,
        },
      ]);
      expect(reader.get('doc-1')).toBeUndefined();
      expect(new Map(reader.summaries())).toEqual(
        new Map([
          ['doc-0', { of: 0 }],
          ['doc-2', { of: 20 }],
        ]),
      );

      // A commit written a slice at a time: the reader sees none of it until it is done.
      const commit = store.commit([
        {
          projection: 'p',
          documents: many(1_000, (i) => ({ i: -i })),
          checkpoint: { position: 3n, version: 1 },
          complete: true,
          summarise,
        },
      ]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(reader.get('doc-2')).toEqual({ i: 20 });
      expect(reader.count()).toBe(2);
      await commit;
      expect(reader.get('doc-2')).toEqual({ i: -2 });
      expect(reader.count()).toBe(1_000);
      expect([...reader.summaries()].length).toBe(1_000);

      await store.reset(['p']);
      expect(reader.count()).toBe(0);
      expect([...reader.summaries()]).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('Snapshots in the read-model stores', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const commitOf = (projection: string, position: bigint, complete = false): ProjectionCommit => ({
    projection,
    documents: new Map([['a', { v: 1 }]]),
    checkpoint: { position, version: 1 },
    complete,
  });

  it('keeps the last snapshot of each projection in the SQLite file, across a reopening, gives it back only for its checkpoint, until the projection is reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sle-views-'));
    dirs.push(dir);
    const file = join(dir, 'read-models.db');
    const at = (position: bigint, version = 1) => ({ position, version });
    const kept = async (projection: string, checkpoint: { position: bigint; version: number }) => {
      const data = await store.snapshot(projection, checkpoint);
      return data && Uint8Array.from(data);
    };
    let store = new SqliteReadModelStore(file);
    try {
      await store.commit([commitOf('p', 4n, true), commitOf('q', 4n, true)]);
      expect(await kept('p', at(4n))).toBeUndefined();
      expect(await store.saveSnapshot('p', at(4n), () => bytes(1, 2, 3))).toBe(true);
      expect(await store.saveSnapshot('p', at(5n, 2), () => bytes(4, 5))).toBe(true);
      expect(await store.saveSnapshot('q', at(4n), () => bytes(9))).toBe(true);
      await store.close();

      store = new SqliteReadModelStore(file);
      expect(await kept('p', at(5n, 2))).toEqual(bytes(4, 5));
      // Another checkpoint (events stored since, a crash) or another code version: none.
      expect(await kept('p', at(4n))).toBeUndefined();
      expect(await kept('p', at(6n, 2))).toBeUndefined();
      expect(await kept('p', at(5n, 3))).toBeUndefined();
      await store.reset(['p']);
      expect(await kept('p', at(5n, 2))).toBeUndefined();
      expect(await kept('q', at(4n))).toEqual(bytes(9));
      // A complete commit starts the projection afresh: no snapshot of what it replaced is left.
      await store.commit([commitOf('q', 7n, true)]);
      expect(await kept('q', at(4n))).toBeUndefined();
      await store.saveSnapshot('q', at(7n), () => bytes(7));
      expect(await kept('q', at(7n))).toEqual(bytes(7));
      await store.reset(['p', 'q']);
      expect(await kept('q', at(7n))).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('keeps none in Redis, and does not make one to throw away', async () => {
    const store = new RedisReadModelStore(REDIS_URL, redisPrefix());
    try {
      await store.commit([commitOf('p', 4n, true)]);
      let made = false;
      expect(await store.saveSnapshot('p', { position: 4n, version: 1 }, () => ((made = true), bytes(1)))).toBe(false);
      expect(made).toBe(false);
      expect(await store.snapshot('p', { position: 4n, version: 1 })).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
