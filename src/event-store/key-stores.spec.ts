import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_URL, redisPrefixes } from '../../test/support/redis.js';
import type { KeyStore } from './key-store.port.js';
import { RedisKeyStore } from './redis-key-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

const dirs: string[] = [];
const prefixes = redisPrefixes();
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await prefixes.removeAll();
});

/** Two handles on one store, as two processes (or API nodes) would hold. */
const stores: [string, () => [KeyStore, KeyStore]][] = [
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sle-keys-'));
      dirs.push(dir);
      return [new SqliteKeyStore(join(dir, 'keys.db')), new SqliteKeyStore(join(dir, 'keys.db'))];
    },
  ],
  [
    'Redis',
    () => {
      const prefix = prefixes.next();
      return [new RedisKeyStore(REDIS_URL, prefix), new RedisKeyStore(REDIS_URL, prefix)];
    },
  ],
];

describe.each(stores)('%s key store', (_name, open) => {
  let a: KeyStore;
  let b: KeyStore;
  beforeEach(() => ([a, b] = open()));
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('makes a 32-byte key once, the same for every handle; leaves out unknown subjects unless asked to make them', async () => {
    expect(await a.keysOf(['sle:s1'], false)).toEqual(new Map());
    const [made, again] = await Promise.all([a.keysOf(['sle:s1'], true), b.keysOf(['sle:s1'], true)]);
    expect(made.get('sle:s1')).toHaveLength(32);
    expect(again.get('sle:s1')).toEqual(made.get('sle:s1'));
    expect((await b.keysOf(['sle:s1', 'sle:s2'], false)).size).toBe(1);
  });

  it('deletes an erased key for good, even one never made, and never makes it again', async () => {
    await a.keysOf(['sle:s1'], true);
    await a.erase(['sle:s1', 'notes:d9']);
    expect(await b.keysOf(['sle:s1', 'notes:d9'], true)).toEqual(
      new Map([
        ['sle:s1', null],
        ['notes:d9', null],
      ]),
    );
  });
});
