import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ERASED, type DataSubjectId } from '../../events/index.js';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import { RedisKeyStore } from '../event-store/redis-key-store.js';
import { SealingEventStore } from '../event-store/sealing-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { SqliteKeyStore } from '../event-store/sqlite-key-store.js';
import { SubjectKeys } from '../event-store/subject-keys.js';
import { FixedClock } from '../shared/clock.js';
import { EventStoreIdempotencyStore } from './event-store-idempotency.store.js';
import { idempotencyRecordId, type IdempotencyStore } from './idempotency.store.js';
import { RedisIdempotencyStore } from './redis-idempotency.store.js';

/** Two nodes' stores over one backing store, and a way to let a claim's lease run out. */
interface Nodes {
  a: IdempotencyStore;
  b: IdempotencyStore;
  /** Lets every claim made so far outlive its lease. */
  outliveLease(): Promise<void>;
  /** Deletes the subjects' keys, as an erasure does on node a. */
  erase(subjects: DataSubjectId[]): Promise<void>;
  /** Everything stored, as text: what someone reading the store's files or Redis would see. */
  stored(): Promise<string>;
  close(): Promise<void>;
}

const LEASE_MS = 200;
const prefixes = redisPrefixes();
afterAll(() => prefixes.removeAll());

const backings: [string, () => Nodes][] = [
  [
    'the event store',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sle-idem-'));
      const clock = new FixedClock(new Date('2026-03-02T12:00:00Z'));
      // Two connections to one file, as two processes sharing a store have; sealed, as the app's store is.
      const raw = new SqliteEventStore(join(dir, 'events.db'));
      const stores = [
        new SealingEventStore(raw, new SqliteKeyStore(join(dir, 'keys.db'))),
        new SealingEventStore(new SqliteEventStore(join(dir, 'events.db')), new SqliteKeyStore(join(dir, 'keys.db'))),
      ];
      return {
        a: new EventStoreIdempotencyStore(stores[0], clock, LEASE_MS),
        b: new EventStoreIdempotencyStore(stores[1], clock, LEASE_MS),
        outliveLease: async () => clock.set(new Date(clock.now().getTime() + LEASE_MS + 1)),
        erase: (subjects) => stores[0].erase(subjects),
        stored: async () => JSON.stringify(await raw.readAll(), (_, v: unknown) => (typeof v === 'bigint' ? 0 : v)),
        close: async () => {
          await Promise.all(stores.map((s) => s.close()));
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'Redis',
    () => {
      const prefix = prefixes.next();
      const keys = [0, 1].map(() => new SubjectKeys(new RedisKeyStore(REDIS_URL, `${prefix}:keys`)));
      const a = new RedisIdempotencyStore(REDIS_URL, prefix, keys[0], LEASE_MS);
      const b = new RedisIdempotencyStore(REDIS_URL, prefix, keys[1], LEASE_MS);
      return {
        a,
        b,
        outliveLease: () => sleep(LEASE_MS + 50), // the claim's key expires in Redis itself
        erase: (subjects) => keys[0].erase(subjects),
        stored: async () => {
          const redis = new Redis(REDIS_URL);
          const found = await redis.keys(`${prefix}:idempotency:*`);
          const values = found.length ? await redis.mget(...found) : [];
          await redis.quit();
          return values.join('\n');
        },
        close: async () => {
          await a.close();
          await b.close();
          await Promise.all(keys.map((k) => k.close()));
        },
      };
    },
  ],
];

describe.each(backings)('Idempotency records in %s, shared by two nodes', (_name, open) => {
  let nodes: Nodes;
  beforeEach(() => {
    nodes = open();
  });
  afterEach(() => nodes.close());

  it('answers a repeat on the other node with the answer recorded on the first', async () => {
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toBe('claimed');
    expect(await nodes.b.claim('u1', 'k1', 'f1')).toMatchObject({ fingerprint: 'f1', status: 0 });
    await nodes.a.complete('u1', 'k1', 201, { deploymentId: 'd1' });
    expect(await nodes.b.claim('u1', 'k1', 'f1')).toEqual({
      fingerprint: 'f1',
      status: 201,
      body: { deploymentId: 'd1' },
    });
    expect(await nodes.b.claim('u1', 'k1', 'other')).toMatchObject({ fingerprint: 'f1', status: 201 });
  });

  it('keeps keys apart per user', async () => {
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toBe('claimed');
    expect(await nodes.b.claim('u2', 'k1', 'f1')).toBe('claimed');
  });

  it('lets exactly one of many claims made at once on both nodes through', async () => {
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? nodes.a : nodes.b).claim('u1', 'k-race', 'f1')),
    );
    expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
  });

  it('frees a released key for the next claim, on either node', async () => {
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toBe('claimed');
    await nodes.a.release('u1', 'k1');
    expect(await nodes.b.claim('u1', 'k1', 'f1')).toBe('claimed');
    await nodes.b.complete('u1', 'k1', 201, {});
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toMatchObject({ status: 201 });
  });

  it('lets another node take over a claim whose lease ran out, and ignores the late answer of the first', async () => {
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toBe('claimed');
    await nodes.outliveLease();
    expect(await nodes.b.claim('u1', 'k1', 'f1')).toBe('claimed');
    await nodes.a.complete('u1', 'k1', 201, { from: 'a' });
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toMatchObject({ status: 0 });
    await nodes.b.complete('u1', 'k1', 201, { from: 'b' });
    expect(await nodes.a.claim('u1', 'k1', 'f1')).toEqual({ fingerprint: 'f1', status: 201, body: { from: 'b' } });
  });

  it('keeps an answer sealed, finds the answers naming someone, and answers [erased] once their key is gone', async () => {
    const named = { email: 'jane.smith@school.test', message: 'jane.smith@school.test is in use' };
    expect(await nodes.a.claim('u1', 'k-named', 'f1')).toBe('claimed');
    await nodes.a.complete('u1', 'k-named', 409, named);
    expect(await nodes.a.claim('u1', 'k-other', 'f1')).toBe('claimed');
    await nodes.a.complete('u1', 'k-other', 201, { sleId: 's2' });
    expect(await nodes.stored()).not.toContain('jane.smith');

    const answers = await nodes.b.answersNaming(['Jane Smith', 'jane.smith@school.test']);
    expect(answers).toEqual([`answer:${idempotencyRecordId('u1', 'k-named')}`]);
    expect(await nodes.b.answersNaming([])).toEqual([]);
    expect(await nodes.b.claim('u1', 'k-named', 'f1')).toEqual({ fingerprint: 'f1', status: 409, body: named });

    await nodes.erase(answers);
    expect(await nodes.a.claim('u1', 'k-named', 'f1')).toEqual({ fingerprint: 'f1', status: 409, body: ERASED });
    expect(await nodes.a.claim('u1', 'k-other', 'f1')).toMatchObject({ body: { sleId: 's2' } });
    expect(await nodes.a.answersNaming(['jane.smith@school.test'])).toEqual([]);
  });
});
