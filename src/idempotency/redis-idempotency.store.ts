import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { dataSubject, type DataSubjectId } from '../../events/index.js';
import type { SubjectKeys } from '../event-store/subject-keys.js';
import { CLAIM_LEASE_MS, IdempotencyStore, idempotencyRecordId, type StoredAnswer } from './idempotency.store.js';

/** Authenticated with a sealed answer, so that it opens nowhere else. */
const SEALED_WHERE = 'idempotency-answer.body';

/** How long an answer is kept for a repeat: a day, as payment APIs keep theirs. */
export const ANSWER_TTL_MS = 24 * 3_600_000;

interface StoredValue extends StoredAnswer {
  /** Set while claimed: which claim this is, so that only its holder completes or releases it. */
  claimId?: string;
}

/** Replaces the value only while it still holds the caller's claim (KEYS[1], ARGV: claimId, value, ttl ms). */
const REPLACE_OWN_CLAIM = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).claimId ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * Idempotency records in Redis, shared by every node: a claim is `SET NX` with the claim's lease as its
 * expiry, so of two nodes claiming at once exactly one gets it, and a claim whose node died frees itself.
 * Answers are kept for a day, each sealed with a key of its own (`answer:{recordId}`) as in the event store,
 * since an answer may name someone: an erasure deletes the key.
 */
export class RedisIdempotencyStore extends IdempotencyStore {
  private readonly redis: Redis;
  private readonly held = new Map<string, string>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly keys: SubjectKeys,
    private readonly leaseMs = CLAIM_LEASE_MS,
  ) {
    super();
    // Loaded only when Redis is configured, as the read-model store does: ioredis costs some 130 ms at start.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    // Fail a call at once while Redis is away rather than queue it: the request is answered 503.
    this.redis = new RedisClient(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported through the failing calls instead
  }

  async claim(userId: string, key: string, fingerprint: string): Promise<StoredAnswer | 'claimed'> {
    const redisKey = this.keyOf(userId, key);
    const claimId = randomUUID();
    const claim: StoredValue = { fingerprint, status: 0, body: null, claimId };
    for (;;) {
      await this.ready();
      if ((await this.redis.set(redisKey, JSON.stringify(claim), 'PX', this.leaseMs, 'NX')) === 'OK') {
        this.held.set(redisKey, claimId);
        return 'claimed';
      }
      const current = await this.redis.get(redisKey);
      if (current === null) continue; // expired or released meanwhile
      const { fingerprint: earlier, status, body } = JSON.parse(current) as StoredValue;
      return { fingerprint: earlier, status, body: await this.opened(body) };
    }
  }

  async complete(userId: string, key: string, status: number, body: unknown): Promise<void> {
    const redisKey = this.keyOf(userId, key);
    const claimId = this.held.get(redisKey);
    if (!claimId) return;
    this.held.delete(redisKey);
    const current = await this.redis.get(redisKey);
    const fingerprint = current ? (JSON.parse(current) as StoredValue).fingerprint : '';
    const subject = dataSubject('answer', idempotencyRecordId(userId, key));
    await this.keys.load([subject], true);
    const sealed = body == null ? null : this.keys.seal(body, [subject], SEALED_WHERE);
    const answer: StoredValue = { fingerprint, status, body: sealed };
    await this.redis.eval(REPLACE_OWN_CLAIM, 1, redisKey, claimId, JSON.stringify(answer), ANSWER_TTL_MS);
  }

  async release(userId: string, key: string): Promise<void> {
    const redisKey = this.keyOf(userId, key);
    const claimId = this.held.get(redisKey);
    if (!claimId) return;
    this.held.delete(redisKey);
    await this.redis.eval(REPLACE_OWN_CLAIM, 1, redisKey, claimId, '', 0);
  }

  async answersNaming(texts: readonly string[]): Promise<DataSubjectId[]> {
    const answers: DataSubjectId[] = [];
    if (!texts.length) return answers;
    await this.ready();
    const start = `${this.prefix}:idempotency:`;
    for (let cursor = '0'; ;) {
      const [next, redisKeys] = await this.redis.scan(cursor, 'MATCH', `${start}*`, 'COUNT', 500);
      const values = redisKeys.length ? await this.redis.mget(...redisKeys) : [];
      for (const [i, value] of values.entries()) {
        if (value === null) continue;
        const body = JSON.stringify(await this.opened((JSON.parse(value) as StoredValue).body)) ?? '';
        if (texts.some((text) => body.includes(text)))
          answers.push(dataSubject('answer', redisKeys[i].slice(start.length)));
      }
      if (next === '0') return answers;
      cursor = next;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async opened(body: unknown): Promise<unknown> {
    await this.keys.load(this.keys.unknownOf(body), false);
    return this.keys.open(body, SEALED_WHERE);
  }

  private keyOf(userId: string, key: string): string {
    return `${this.prefix}:idempotency:${idempotencyRecordId(userId, key)}`;
  }

  private async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis is not reachable')), 2_000);
      this.redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }
}
