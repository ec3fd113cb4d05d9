import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import {
  ReadModelsLostError,
  ReadModelStore,
  type Checkpoint,
  type ProjectionCommit,
} from './read-model-store.port.js';

/**
 * Read models in Redis: one hash of documents per projection and one hash of checkpoints, written together
 * in a MULTI/EXEC transaction. Keys live under a prefix so that several stores can share one server.
 */
export class RedisReadModelStore extends ReadModelStore {
  private readonly redis: Redis;
  private wasReady = false;

  constructor(
    url: string,
    private readonly prefix = 'sle:read-models',
  ) {
    super();
    // Loaded here, only when Redis is configured: loading ioredis slows every start.
    const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    // Fail a command rather than queue it forever while Redis is away; the runner retries the commit later.
    this.redis = new RedisClient(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined); // reported through the failing calls instead
    this.redis.once('ready', () => (this.wasReady = true));
  }

  private docsKey = (projection: string) => `${this.prefix}:${projection}:docs`;
  private get checkpointsKey() {
    return `${this.prefix}:checkpoints`;
  }

  async ready(): Promise<void> {
    if (this.redis.status !== 'ready')
      await new Promise<void>((resolve, reject) => {
        this.redis.once('ready', resolve);
        this.redis.once('end', () => reject(new Error('Redis connection closed')));
      });
  }

  async checkpoint(projection: string): Promise<Checkpoint | undefined> {
    await this.ready();
    const value = await this.redis.hget(this.checkpointsKey, projection);
    if (!value) return undefined;
    const [position, version] = value.split(':');
    return { position: BigInt(position), version: Number(version) };
  }

  async documents(projection: string, each?: (doc: unknown) => void): Promise<Map<string, unknown>> {
    await this.ready();
    const docs = new Map<string, unknown>();
    let cursor = '0';
    do {
      const [next, entries] = await this.redis.hscan(this.docsKey(projection), cursor, 'COUNT', 1000);
      for (let i = 0; i < entries.length; i += 2) {
        const doc = JSON.parse(entries[i + 1]);
        each?.(doc);
        docs.set(entries[i], doc);
      }
      cursor = next;
    } while (cursor !== '0');
    return docs;
  }

  async commit(commits: ProjectionCommit[]): Promise<void> {
    // Waits for the first connection only: once Redis has gone away a commit fails at once and the runner retries it later.
    if (this.wasReady && this.redis.status !== 'ready') throw new Error(`Redis is ${this.redis.status}`);
    await this.ready();
    // A projection stored before must still have its checkpoint; WATCH makes the check and the write atomic.
    await this.redis.watch(this.checkpointsKey);
    const stored = await this.redis.hmget(this.checkpointsKey, ...commits.map((c) => c.projection));
    const lost = commits.filter((c, i) => !c.complete && stored[i] === null).map((c) => c.projection);
    if (lost.length) {
      await this.redis.unwatch();
      throw new ReadModelsLostError(lost);
    }
    // Another process that folded further has stored more already: never move a checkpoint backwards.
    const ahead = commits.filter(
      (c, i) => stored[i] === null || BigInt(stored[i]!.split(':')[0]) <= c.checkpoint.position,
    );
    if (!ahead.length) {
      await this.redis.unwatch();
      return;
    }
    const tx = this.redis.multi();
    for (const { projection, documents, checkpoint, complete } of ahead) {
      if (complete) tx.del(this.docsKey(projection));
      const writes: string[] = [];
      const deletes: string[] = [];
      for (const [key, doc] of documents) {
        if (doc === null) deletes.push(key);
        else writes.push(key, JSON.stringify(doc));
      }
      if (writes.length) tx.hset(this.docsKey(projection), ...writes);
      if (deletes.length) tx.hdel(this.docsKey(projection), ...deletes);
      tx.hset(this.checkpointsKey, projection, `${checkpoint.position}:${checkpoint.version}`);
    }
    const results = await tx.exec();
    if (!results) throw new Error('Read-model checkpoints changed during the commit; retrying');
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async reset(projections: readonly string[]): Promise<void> {
    if (!projections.length) return;
    await this.ready();
    await this.redis
      .multi()
      .del(...projections.map((projection) => this.docsKey(projection)))
      .hdel(this.checkpointsKey, ...projections)
      .exec();
  }

  async close(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
