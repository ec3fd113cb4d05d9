import type { AllianceEvent, RecordedEvent } from '../../events/index.js';
import { EventStore } from '../event-store/event-store.port.js';
import { AggregateRunner, type CommandContext, type CommandResult } from '../commands/aggregate-runner.js';
import { fold, type Decider } from '../shared/decider.js';
import type { ImportViews } from './import-views.js';

interface PlannedStream {
  streamId: string;
  /** As read from the store when the plan first touched the stream: what the append expects. */
  stored: RecordedEvent[];
  committed: AllianceEvent[];
  staged: AllianceEvent[];
  /** The row that first added events to this stream. */
  firstRow?: number;
}

/** What an import will append, stream by stream, built row by row: a row's events are staged, then committed or rolled back. */
export class ImportPlan {
  private readonly streams = new Map<string, PlannedStream>();
  private readonly committedRecorded: RecordedEvent[] = [];
  private stagedRecorded: RecordedEvent[] = [];

  constructor(private readonly store: EventStore) {}

  async stream(streamId: string): Promise<PlannedStream> {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { streamId, stored: await this.store.readStream(streamId), committed: [], staged: [] };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  /** Stages events after everything stored, committed and staged on the stream; gives them back as if recorded. */
  stage(stream: PlannedStream, events: AllianceEvent[]): RecordedEvent[] {
    const first = stream.stored.length + stream.committed.length + stream.staged.length;
    stream.staged.push(...events);
    const recorded = events.map(
      (event, i) =>
        ({
          ...event,
          eventId: `planned-${stream.streamId}-${first + i}`,
          streamId: stream.streamId,
          revision: first + i,
          position: 0n,
          recordedAt: '',
          metadata: { schemaVersion: 1 },
        }) as RecordedEvent,
    );
    this.stagedRecorded.push(...recorded);
    return recorded;
  }

  commitRow(row: number): void {
    for (const stream of this.streams.values()) {
      if (!stream.staged.length) continue;
      stream.firstRow ??= row;
      stream.committed.push(...stream.staged);
      stream.staged = [];
    }
    this.committedRecorded.push(...this.stagedRecorded);
    this.stagedRecorded = [];
  }

  /** Forgets the row's staged events; answers every committed event, to rebuild the views from. */
  rollbackRow(): RecordedEvent[] {
    for (const stream of this.streams.values()) stream.staged = [];
    this.stagedRecorded = [];
    return [...this.committedRecorded];
  }

  /** The streams with events to append, in the order the rows first touched them. */
  appends(): { streamId: string; events: AllianceEvent[]; expectedRevision: number | 'no-stream'; firstRow: number }[] {
    return [...this.streams.values()]
      .filter((s) => s.committed.length)
      .map((s) => ({
        streamId: s.streamId,
        events: s.committed,
        expectedRevision: s.stored.length ? s.stored[s.stored.length - 1].revision : ('no-stream' as const),
        firstRow: s.firstRow!,
      }))
      .sort((a, b) => a.firstRow - b.firstRow);
  }

  get eventCount(): number {
    return this.committedRecorded.length;
  }
}

/**
 * Runs commands exactly as `AggregateRunner` does (load, fold, decide), but against the stored stream plus
 * the import's earlier rows, and stages the events in the plan instead of appending them. Handing it to the
 * API's own command handlers makes an import row pass through the very same rules as an API call.
 */
export class PlanningRunner extends AggregateRunner {
  constructor(
    eventStore: EventStore,
    private readonly plan: ImportPlan,
    private readonly views: ImportViews,
  ) {
    super(eventStore);
  }

  override async run<Command, State, Event extends AllianceEvent>(
    streamId: string,
    decider: Decider<Command, State, Event>,
    command: Command | ((state: State) => Command | Promise<Command>),
    _context: CommandContext = {},
  ): Promise<CommandResult> {
    const stream = await this.plan.stream(streamId);
    const history = [...stream.stored, ...stream.committed, ...stream.staged] as Event[];
    const state = fold(decider, history);
    const resolved =
      typeof command === 'function' ? await (command as (s: State) => Command | Promise<Command>)(state) : command;
    const events = decider.decide(resolved, state);
    if (events.length) this.views.apply(this.plan.stage(stream, events));
    return { events, nextExpectedRevision: history.length + events.length - 1, position: 0n };
  }
}
