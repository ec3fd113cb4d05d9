import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type { DataSubjectId } from '../../events/index.js';
import { KeyStore, type SubjectKey } from './key-store.port.js';

/** What an erased subject's field holds in place of its key. */
const ERASED_KEY = 'erased';

/**
 * The data subjects' keys in Redis, for several API nodes: one hash, `{prefix}:subject-keys`, a field per
 * subject holding its key (base64), or `erased`. HSETNX makes the first node to make a subject's key the one
 * every node uses. Erasing overwrites the key; Redis's AOF and RDB files keep it until rewritten
 * (docs/data-protection.md says what an operator does).
 */
export class RedisKeyStore extends KeyStore {
  private readonly redis: Redis;
  private readonly hash: string;

  constructor(url: string, prefix: string) {
    super();
    // Loaded here, only when Redis is configured: loading ioredis slows every start.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    this.redis = new RedisClient(url, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // reported through the failing calls instead
    this.hash = `${prefix}:subject-keys`;
  }

  async keysOf(subjects: readonly DataSubjectId[], create: boolean): Promise<Map<DataSubjectId, SubjectKey>> {
    const keys = new Map<DataSubjectId, SubjectKey>();
    if (!subjects.length) return keys;
    let stored = await this.redis.hmget(this.hash, ...subjects);
    const missing = subjects.filter((_, i) => stored[i] === null);
    if (missing.length && create) {
      const multi = this.redis.multi();
      for (const subject of missing) multi.hsetnx(this.hash, subject, randomBytes(32).toString('base64'));
      await multi.exec();
      stored = await this.redis.hmget(this.hash, ...subjects);
    }
    subjects.forEach((subject, i) => {
      const value = stored[i];
      if (value !== null) keys.set(subject, value === ERASED_KEY ? null : Buffer.from(value, 'base64'));
    });
    return keys;
  }

  async erase(subjects: readonly DataSubjectId[]): Promise<void> {
    if (subjects.length) await this.redis.hset(this.hash, Object.fromEntries(subjects.map((s) => [s, ERASED_KEY])));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
