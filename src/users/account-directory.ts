import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { ACCOUNT_EVENT_TYPES, ERASED, type RecordedEvent, type AccountEvent } from '../../events/index.js';
import type { DocumentProjection } from '../../projections/projection.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { normaliseEmail } from '../email-reservations/email-reservation.js';
import { EventStore } from '../event-store/event-store.port.js';
import { foldAgainOnErasure } from '../read-models/erasures.js';
import { ProjectionRunner } from '../read-models/projection-runner.js';
import { storedPlainly } from '../read-models/projection-storage.js';
import type { ReadModelStore } from '../read-models/read-model-store.port.js';
import { RedisReadModelStore } from '../read-models/redis-read-model-store.js';
import { SqliteReadModelStore } from '../read-models/sqlite-read-model-store.js';
import { isAccount, userDecider, type Account } from './user.decider.js';

const USER_EVENTS = new Set<string>(ACCOUNT_EVENT_TYPES);
const isAccountEvent = (event: RecordedEvent): event is RecordedEvent<AccountEvent> => USER_EVENTS.has(event.type);

/** Every account, folded by the account decider's own `evolve`, so that the directory and the commands agree. */
export const ACCOUNTS_PROJECTION: DocumentProjection<Account> = {
  name: 'accounts',
  version: 1,
  keyOf: (event) => (isAccountEvent(event) ? event.data.userId : undefined),
  apply: (doc, event) => {
    if (!isAccountEvent(event)) return doc;
    const next = userDecider.evolve(doc ?? userDecider.initialState, event);
    return isAccount(next) ? next : doc;
  },
};

/** What an account is found by besides its id. */
interface Keys {
  email: string;
  invitation?: string;
  reset?: string;
  calendarFeed?: string;
}

/**
 * The accounts, kept in memory from the user streams' events, with the lookups sign-in needs: by email and
 * by the hash of a pending invitation or reset link. Every request's session check reads it once caught up
 * with the store, so a disable, a role change or a "sign out everywhere" made by any process is seen on the
 * very next request.
 *
 * It runs its own projection runner and store (`accounts.db`, or the `accounts` prefix in Redis) beside the
 * alliance's views, whose `users` view knows only the first event of each account.
 */
@Injectable()
export class AccountDirectory implements OnModuleInit, OnApplicationShutdown {
  private readonly store: ReadModelStore;
  private readonly runner: ProjectionRunner;
  private readonly byEmail = new Map<string, string>();
  private readonly byInvitation = new Map<string, string>();
  private readonly byReset = new Map<string, string>();
  private readonly byCalendarFeed = new Map<string, string>();
  private readonly keys = new Map<string, Keys>();
  private readonly erasures: () => Promise<void>;

  constructor(events: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    this.store = config.redisUrl
      ? new RedisReadModelStore(config.redisUrl, `${config.redisPrefix}:accounts`)
      : new SqliteReadModelStore(join(config.dataDir, 'accounts.db'));
    this.runner = new ProjectionRunner(events, this.store, [storedPlainly(ACCOUNTS_PROJECTION)]);
    this.runner.onApplied((event) => {
      if (isAccountEvent(event)) this.index(event.data.userId);
    });
    this.erasures = foldAgainOnErasure(this.runner, (refolded) => {
      for (const userId of refolded.get(ACCOUNTS_PROJECTION.name) ?? []) this.index(userId);
    });
  }

  /** Resolves once the erasures applied so far reached the accounts. */
  erasuresApplied(): Promise<void> {
    return this.erasures();
  }

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    for (const userId of this.accounts.keys()) this.index(userId);
    await this.runner.catchUp();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
    await this.store.close();
  }

  private get accounts(): ReadonlyMap<string, Account> {
    return this.runner.docs<Account>(ACCOUNTS_PROJECTION.name);
  }

  /** Folds in every event appended before the call. */
  catchUp(): Promise<void> {
    // An erasure among the events is folded in before anything is read.
    return this.runner.catchUp().then(this.erasures);
  }

  get(userId: string): Account | undefined {
    return this.accounts.get(userId);
  }

  byEmailAddress(email: string): Account | undefined {
    const userId = this.byEmail.get(normaliseEmail(email));
    return userId === undefined ? undefined : this.get(userId);
  }

  /** The account whose current invitation link has this token hash (expired or not). */
  invitedWith(tokenHash: string): Account | undefined {
    const userId = this.byInvitation.get(tokenHash);
    return userId === undefined ? undefined : this.get(userId);
  }

  /** The account whose current reset link has this token hash (expired or not). */
  resettingWith(tokenHash: string): Account | undefined {
    const userId = this.byReset.get(tokenHash);
    return userId === undefined ? undefined : this.get(userId);
  }

  /** The account whose current calendar feed has this token hash. */
  withCalendarFeed(tokenHash: string): Account | undefined {
    const userId = this.byCalendarFeed.get(tokenHash);
    return userId === undefined ? undefined : this.get(userId);
  }

  all(): Account[] {
    return [...this.accounts.values()];
  }

  get size(): number {
    return this.accounts.size;
  }

  private index(userId: string): void {
    const before = this.keys.get(userId);
    if (before) {
      this.byEmail.delete(before.email);
      if (before.invitation) this.byInvitation.delete(before.invitation);
      if (before.reset) this.byReset.delete(before.reset);
      if (before.calendarFeed) this.byCalendarFeed.delete(before.calendarFeed);
    }
    const account = this.get(userId);
    if (!account) return;
    const keys: Keys = {
      email: normaliseEmail(account.email),
      invitation: account.invitation?.tokenHash,
      reset: account.reset?.tokenHash,
      calendarFeed: account.calendarFeed?.tokenHash,
    };
    // An erased address belongs to no one: nobody signs in or is found by it.
    if (keys.email !== ERASED) this.byEmail.set(keys.email, userId);
    if (keys.invitation) this.byInvitation.set(keys.invitation, userId);
    if (keys.reset) this.byReset.set(keys.reset, userId);
    if (keys.calendarFeed) this.byCalendarFeed.set(keys.calendarFeed, userId);
    this.keys.set(userId, keys);
  }
}
