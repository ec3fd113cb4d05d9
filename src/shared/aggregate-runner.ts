import { Injectable } from '@nestjs/common';
import type { AllianceEvent, RecordedEvent } from '../../events/index.js';
import { EventStore, WrongExpectedRevisionError, type AppendResult } from '../event-store/event-store.port.js';
import { fold, type Decider } from './decider.js';
import { ConflictError } from './domain-errors.js';

export interface CommandContext {
  actorUserId?: string;
  /** The version the caller last read (`If-Match`); the command is refused if the stream moved since. */
  expectedVersion?: number;
}

export interface CommandResult extends AppendResult {
  events: AllianceEvent[];
}

/**
 * The one way commands change state: load the stream, fold it, decide, and append with the revision that
 * was read, so a concurrent writer makes this append fail instead of being overwritten.
 */
@Injectable()
export class AggregateRunner {
  constructor(private readonly store: EventStore) {}

  async run<Command, State, Event extends AllianceEvent>(
    streamId: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State) => Command | Promise<Command>),
    context: CommandContext = {},
  ): Promise<CommandResult> {
    const history = (await this.store.readStream(streamId)) as RecordedEvent<Event>[];
    const state = fold(decider, history);
    const revision = history.length ? history[history.length - 1].revision : undefined;
    if (context.expectedVersion !== undefined && context.expectedVersion !== revision) {
      throw new ConflictError(`Version ${context.expectedVersion} is stale: ${streamId} is at version ${revision ?? 'none'}; reload and try again`);
    }
    const resolved = typeof command === 'function' ? await (command as (s: State) => Command | Promise<Command>)(state) : command;
    const events = decider.decide(resolved, state);
    try {
      const result = await this.store.append(streamId, events, {
        expectedRevision: revision ?? 'no-stream',
        metadata: context.actorUserId ? { actorUserId: context.actorUserId } : undefined,
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
