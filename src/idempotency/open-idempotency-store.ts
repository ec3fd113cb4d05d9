import type { AppConfig } from '../config/app-config.js';
import type { SealingEventStore } from '../event-store/sealing-event-store.js';
import type { Clock } from '../shared/clock.js';
import { EventStoreIdempotencyStore } from './event-store-idempotency.store.js';
import type { IdempotencyStore } from './idempotency.store.js';
import { RedisIdempotencyStore } from './redis-idempotency.store.js';

/** Redis when REDIS_URL is set; otherwise the event store. Either way every node sees the same records. */
export const openIdempotencyStore =
  (config: AppConfig) =>
  (events: SealingEventStore, clock: Clock): IdempotencyStore =>
    config.redisUrl
      ? new RedisIdempotencyStore(config.redisUrl, config.redisPrefix, events.keys)
      : new EventStoreIdempotencyStore(events, clock);
