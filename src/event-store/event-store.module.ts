import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import type { KeyStore } from './key-store.port.js';
import { SealingEventStore } from './sealing-event-store.js';
import { SqliteKeyStore } from './sqlite-key-store.js';
import { RedisKeyStore } from './redis-key-store.js';

/**
 * EventStoreDB when EVENTSTORE_URL is set; otherwise the embedded file store in DATA_DIR. The EventStoreDB
 * client (gRPC) is loaded only when it is used: loading it slows every start.
 */
export async function openEventStore(config: AppConfig): Promise<SealingEventStore> {
  return new SealingEventStore(await openUnsealedEventStore(config), openKeyStore(config));
}

/** The adapter itself: what it stores of personal fields is sealed (see SealingEventStore). */
async function openUnsealedEventStore(config: AppConfig): Promise<EventStore> {
  if (!config.eventStoreUrl) return new SqliteEventStore(join(config.dataDir, 'events.db'));
  const { EventStoreDbEventStore } = await import('./eventstoredb-event-store.js');
  return new EventStoreDbEventStore(config.eventStoreUrl);
}

/**
 * The data subjects' keys: `KEYS_FILE` when set; else in Redis when REDIS_URL is set (every API node must
 * use the same keys); else `keys.db` beside the events in DATA_DIR.
 */
export function openKeyStore(config: AppConfig): KeyStore {
  if (config.keysFile) return new SqliteKeyStore(config.keysFile);
  if (config.redisUrl) return new RedisKeyStore(config.redisUrl, `${config.redisPrefix}:keys`);
  return new SqliteKeyStore(join(config.dataDir, 'keys.db'));
}

@Global()
@Module({
  providers: [
    { provide: SealingEventStore, inject: [APP_CONFIG], useFactory: openEventStore },
    { provide: EventStore, useExisting: SealingEventStore },
  ],
  exports: [EventStore, SealingEventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.logger.log({ msg: 'Event store opened', adapter: config.eventStoreUrl ? 'eventstoredb' : 'embedded' });
  }

  /** Runs after the HTTP server has finished the requests in flight. */
  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.store.close();
    this.logger.log({ msg: 'Event store closed', signal });
  }
}
