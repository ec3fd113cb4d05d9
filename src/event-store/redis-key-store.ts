import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSubjectId } from '../../events/index.js';
import { KeyStore, type ErasedElsewhere, type SubjectKey } from './key-store.port.js';

/** What an erased subject's field holds in place of its key. */
const ERASED_KEY = 'erased';

/** What an erasure publishes: which process erased (it need not hear itself), and the subjects. */
interface ErasureNotice {
  from: string;
  subjects: DataSubjectId[];
}

/**
 * The data subjects' keys in Redis, for several API nodes: one hash, `{prefix}:subject-keys`, a field per
 * subject holding its key (base64), or `erased`. HSETNX makes the first node to make a subject's key the one
 * every node uses. Erasing overwrites the key, and publishes the subjects on `{prefix}:subject-keys:erased` so
 * that every other node drops what it keeps of them in memory at once. Redis's AOF and RDB files keep a key
 * until rewritten (docs/data-protection.md says what an operator does).
 */
export class RedisKeyStore extends KeyStore {
  private readonly redis: Redis;
  private readonly hash: string;
  private readonly channel: string;
  private readonly processId = randomUUID();
  private subscriber?: Redis;
  private readonly listeners: ErasedElsewhere[] = [];

  constructor(
    private readonly url: string,
    prefix: string,
  ) {
    super();
    this.redis = new (redisClient())(url, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // reported through the failing calls instead
    this.hash = `${prefix}:subject-keys`;
    this.channel = `${this.hash}:erased`;
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
    if (!subjects.length) return;
    await this.redis.hset(this.hash, Object.fromEntries(subjects.map((s) => [s, ERASED_KEY])));
    const notice: ErasureNotice = { from: this.processId, subjects: [...subjects] };
    await this.redis.publish(this.channel, JSON.stringify(notice));
  }

  override onErasedElsewhere(listener: ErasedElsewhere): void {
    this.listeners.push(listener);
    if (this.subscriber) return;
    // A connection in subscriber mode serves nothing else, so it is one of its own.
    const subscriber = new (redisClient())(this.url, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    let subscribedOnce = false;
    subscriber.on('ready', () => {
      // Notices published while the connection was down are lost: after a reconnect, anything may be erased.
      if (subscribedOnce) for (const l of this.listeners) l('any');
      subscribedOnce = true;
    });
    subscriber.on('message', (_channel: string, text: string) => {
      const notice = JSON.parse(text) as ErasureNotice;
      if (notice.from !== this.processId) for (const l of this.listeners) l(notice.subjects);
    });
    void subscriber.subscribe(this.channel).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([this.redis.quit(), this.subscriber?.quit()].map((p) => p?.catch(() => undefined)));
  }
}

/** Loaded only when Redis is configured: loading ioredis slows every start. */
const redisClient = () => (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;
