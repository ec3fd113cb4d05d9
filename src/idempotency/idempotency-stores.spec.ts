import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { FixedClock } from '../shared/clock.js';
import { EventStoreIdempotencyStore } from './event-store-idempotency.store.js';
import type { IdempotencyStore } from './idempotency.store.js';
import { RedisIdempotencyStore } from './redis-idempotency.store.js';

/** Two nodes' stores over one backing store, and a way to let a claim's lease run out. */
interface Nodes {
  a: IdempotencyStore;
  b: IdempotencyStore;
  /** Lets every claim made so far outlive its lease. */
  outliveLease(): Promise<void>;
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
      // Two connections to one file, as two processes sharing a store have.
      const stores = [new SqliteEventStore(join(dir, 'events.db')), new SqliteEventStore(join(dir, 'events.db'))];
      return {
        a: new EventStoreIdempotencyStore(stores[0], clock, LEASE_MS),
        b: new EventStoreIdempotencyStore(stores[1], clock, LEASE_MS),
        outliveLease: async () => clock.set(new Date(clock.now().getTime() + LEASE_MS + 1)),
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
      const a = new RedisIdempotencyStore(REDIS_URL, prefix, LEASE_MS);
      const b = new RedisIdempotencyStore(REDIS_URL, prefix, LEASE_MS);
      return {
        a,
        b,
        outliveLease: () => sleep(LEASE_MS + 50), // the claim's key expires in Redis itself
        close: async () => {
          await a.close();
          await b.close();
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
});
