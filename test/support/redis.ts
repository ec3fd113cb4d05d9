import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Tests that need Redis read REDIS_URL; CI and every developer machine run one on 127.0.0.1:6379. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Unique key prefixes for one suite, and their removal afterwards. */
export function redisPrefixes() {
  const used: string[] = [];
  return {
    next(): string {
      const prefix = `sle-test:${randomUUID()}`;
      used.push(prefix);
      return prefix;
    },
    async removeAll(): Promise<void> {
      const redis = new Redis(REDIS_URL);
      for (const prefix of used) {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      }
      await redis.quit();
    },
  };
}
