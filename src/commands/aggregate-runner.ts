import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AllianceEvent, RecordedEvent } from '../../events/index.js';
import { EventStore, WrongExpectedRevisionError, type AppendResult } from '../event-store/event-store.port.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError } from '../shared/domain-errors.js';
import { KeyedLock } from '../shared/keyed-lock.js';

export interface CommandContext {
  actorUserId?: string;
  /** The version the caller last read (`If-Match`); the command is refused if the stream moved since. */
  expectedVersion?: number;
}

export interface CommandResult extends AppendResult {
  events: AllianceEvent[];
}

/** A stream's state as folded up to `revision`, by the decider that folded it. */
interface FoldedStream {
  decider: unknown;
  revision: number;
  state: unknown;
}

/** Streams whose folded state is kept between commands; beyond this the least recently used are dropped. */
const FOLDED_STREAMS = 20_000;

/**
 * How a command sent without `If-Match` is tried again when another writer appended to its stream between
 * its read and its append: up to `retries` more times, waiting `minDelayMs`, then `factor` times longer each
 * time (each wait drawn between half and all of that, so that racing writers spread out).
 */
export interface ConflictRetry {
  retries: number;
  minDelayMs: number;
  factor: number;
}

/**
 * As emmett's command handler retries a version conflict (3 retries from 100 ms), but starting sooner and
 * going on longer: 8 retries from 20 ms, doubling, 2.6 to 5.1 s in all. The loser of a race waits while the
 * other node works through what it has queued on the stream; with 6 retries (at most 0.6 s), 1 of 64
 * contacts split across two nodes on this loaded machine still ran out.
 */
export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { retries: 8, minDelayMs: 20, factor: 2 };
export const CONFLICT_RETRY = Symbol('CONFLICT_RETRY');

/** What an attempt answers when another writer appended to the stream after it was read. */
const CHANGED_MEANWHILE = Symbol('changed meanwhile');

/**
 * The one way commands change state: load the stream, fold it, decide, and append with the revision that
 * was read, so a concurrent writer makes this append fail instead of being overwritten.
 *
 * Commands on one stream run one at a time in this process, so they never race each other; another process
 * can still append in between. A command sent without `If-Match` then starts again (re-read, re-prepare,
 * re-decide, as emmett's command handler does); one sent with it is refused, as the caller asked.
 *
 * The fold of each recently used stream is kept with the revision it reached, and only the events after
 * it are read. A stream only grows, so a kept fold is never wrong, at worst behind: events appended since
 * (by another process too) are read and folded in before deciding. Deciders are pure, so a kept state is
 * never changed in place.
 */
@Injectable()
export class AggregateRunner {
  private readonly folded = new LRUCache<string, FoldedStream>({ max: FOLDED_STREAMS });
  private readonly streams = new KeyedLock();
  private readonly retry: ConflictRetry;

  constructor(
    private readonly store: EventStore,
    @Optional() @Inject(CONFLICT_RETRY) retry?: ConflictRetry,
  ) {
    this.retry = retry ?? DEFAULT_CONFLICT_RETRY;
  }

  /** Drops every fold kept: after an erasure, so that no state folded from what it erased stays in memory. */
  forgetFolded(): void {
    this.folded.clear();
  }

  /**
   * `command` may be a function of the state: it is then called on every attempt, with the state that
   * attempt read, so that whatever it looks up is looked up again after a conflict.
   */
  run<Command, State, Event extends AllianceEvent>(
    streamId: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State) => Command | Promise<Command>),
    context: CommandContext = {},
  ): Promise<CommandResult> {
    return this.streams.run(streamId, async () => {
      for (let attempt = 0; ; attempt++) {
        const result = await this.attempt(streamId, decider, command, context);
        if (result !== CHANGED_MEANWHILE) return result;
        if (context.expectedVersion !== undefined || attempt >= this.retry.retries) {
          throw new ConflictError(`${streamId} was changed by someone else at the same time; reload and try again`);
        }
        const delay = this.retry.minDelayMs * this.retry.factor ** attempt;
        await sleep(delay / 2 + (Math.random() * delay) / 2);
      }
    });
  }

  private async attempt<Command, State, Event extends AllianceEvent>(
    streamId: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State) => Command | Promise<Command>),
    context: CommandContext,
  ): Promise<CommandResult | typeof CHANGED_MEANWHILE> {
    const kept = this.folded.get(streamId);
    const from = kept?.decider === decider ? kept : undefined;
    const tail = (await this.store.readStream(streamId, {
      fromRevision: from ? from.revision + 1 : 0,
    })) as RecordedEvent<Event>[];
    const state = tail.reduce(decider.evolve, from ? (from.state as State) : decider.initialState);
    const revision = tail.length ? tail[tail.length - 1].revision : from?.revision;
    if (revision !== undefined) this.folded.set(streamId, { decider, revision, state });
    if (context.expectedVersion !== undefined && context.expectedVersion !== revision) {
      throw new ConflictError(
        `Version ${context.expectedVersion} is stale: ${streamId} is at version ${revision ?? 'none'}; reload and try again`,
      );
    }
    const resolved =
      typeof command === 'function' ? await (command as (s: State) => Command | Promise<Command>)(state) : command;
    const events = decider.decide(resolved, state);
    // Nothing to record (a command that finds its work already done): nothing is appended.
    if (!events.length) return { events, nextExpectedRevision: revision ?? -1, position: 0n };
    let result: AppendResult;
    try {
      result = await this.store.append(streamId, events, {
        expectedRevision: revision ?? 'no-stream',
        metadata: context.actorUserId ? { actorUserId: context.actorUserId } : undefined,
      });
    } catch (error) {
      // Only this append's own conflict means "try again"; one thrown while preparing the command does not.
      if (error instanceof WrongExpectedRevisionError) return CHANGED_MEANWHILE;
      throw error;
    }
    this.folded.set(streamId, {
      decider,
      revision: result.nextExpectedRevision,
      state: events.reduce(decider.evolve, state),
    });
    return { ...result, events };
  }
}
