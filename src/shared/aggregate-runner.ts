import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AllianceEvent, RecordedEvent } from '../../events/index.js';
import { EventStore, WrongExpectedRevisionError, type AppendResult } from '../event-store/event-store.port.js';
import type { Decider } from './decider.js';
import { ConflictError } from './domain-errors.js';

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
 * The one way commands change state: load the stream, fold it, decide, and append with the revision that
 * was read, so a concurrent writer makes this append fail instead of being overwritten.
 *
 * The fold of each recently used stream is kept with the revision it reached, and only the events after
 * it are read. A stream only grows, so a kept fold is never wrong, at worst behind: events appended since
 * (by another process too) are read and folded in before deciding. Deciders are pure, so a kept state is
 * never changed in place.
 */
@Injectable()
export class AggregateRunner {
  private readonly folded = new LRUCache<string, FoldedStream>({ max: FOLDED_STREAMS });

  constructor(private readonly store: EventStore) {}

  async run<Command, State, Event extends AllianceEvent>(
    streamId: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State) => Command | Promise<Command>),
    context: CommandContext = {},
  ): Promise<CommandResult> {
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
    // Nothing to record (a reservation already held by the same owner): the stream stays as it is.
    if (!events.length) return { nextExpectedRevision: revision ?? -1, position: 0n, events };
    try {
      const result = await this.store.append(streamId, events, {
        expectedRevision: revision ?? 'no-stream',
        metadata: context.actorUserId ? { actorUserId: context.actorUserId } : undefined,
      });
      this.folded.set(streamId, {
        decider,
        revision: result.nextExpectedRevision,
        state: events.reduce(decider.evolve, state),
      });
      return { ...result, events };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new ConflictError(`${streamId} was changed by someone else at the same time; reload and try again`);
      }
      throw error;
    }
  }
}
