import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type JSONType,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  EVENT_SCHEMA_VERSIONS,
  isEventType,
  upcast,
  type AllianceEvent,
  type EventMetadata,
  type RecordedEvent,
} from '../../events/index.js';
import {
  EventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './event-store.port.js';

/** How many $all events one page asks for when client-side filtering needs more than one round trip. */
const PAGE_SIZE = 256;
/** How long ping waits for an answer before it rejects. */
const PING_TIMEOUT_MS = 5000;

type StoredEvent = NonNullable<ResolvedEvent['event']>;

/**
 * KurrentDB / EventStoreDB (22.6 or later) over gRPC with the official client, `@kurrent/kurrentdb-client`.
 *
 * Positions: ESDB positions are (commit, prepare) pairs in its transaction log. We use the commit position
 * alone as our global position; it is strictly increasing across $all, and for the events of an ordinary
 * (non-legacy-transaction) append the server reports commit == prepare, so `{ commit: p, prepare: p }`
 * names the same record again when we resume a read from it. Servers from 22.6 on also give each event's
 * position on a stream read.
 *
 * $all also carries system events (`$`-prefixed types and streams) and other applications' events;
 * readAll and headPosition skip every event whose type is not in our catalogue on the client side, which
 * holds whatever a server does with a filtered read's count.
 */
export class EventStoreDbEventStore extends EventStore {
  private readonly client: KurrentDBClient;

  /** `connectionString` like `esdb://localhost:2113?tls=false` (or `kurrentdb://`). */
  constructor(connectionString: string) {
    super();
    this.client = KurrentDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('An append needs at least one event');
    const expected = options.expectedRevision;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            type: event.type,
            data: event.data as unknown as JSONType,
            metadata: { ...options.metadata, schemaVersion: EVENT_SCHEMA_VERSIONS[event.type] },
          }),
        ),
        { streamState: toStreamState(expected) },
      );
      if (!result.position) throw new Error(`EventStoreDB returned no position for the append to ${streamId}`);
      return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position.commit };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualState === NO_STREAM ? 'no-stream' : Number(error.actualState);
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    const fromRevision = options.fromRevision ? BigInt(options.fromRevision) : START;
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision })) {
        // Unknown types are not skipped here: upcast() throws, as the SQLite adapter does.
        if (resolved.event) recorded.push(toRecorded(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return recorded;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after, limit } = options;
    if (limit !== undefined && limit <= 0) return [];
    const recorded: RecordedEvent[] = [];
    // fromPosition is inclusive, so the event at `after` comes back and is dropped below.
    let from: ReadPosition = after === undefined ? START : { commit: after, prepare: after };
    let lastSeen = after;
    for (;;) {
      // Without a limit one read takes everything; with one, page until enough of our events are found.
      const maxCount = limit === undefined ? undefined : Math.max(limit + 1, PAGE_SIZE);
      const page = await collect(this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount }));
      let lastPosition: Position | undefined;
      for (const resolved of page) {
        const event = resolved.event;
        if (!event) continue;
        lastPosition = event.position;
        const position = event.position.commit;
        if (lastSeen !== undefined && position <= lastSeen) continue;
        lastSeen = position;
        if (!isEventType(event.type)) continue; // system events and other applications' events
        recorded.push(toRecorded(event, resolved.commitPosition));
        if (limit !== undefined && recorded.length === limit) return recorded;
      }
      if (maxCount === undefined || page.length < maxCount || !lastPosition) return recorded;
      from = lastPosition;
    }
  }

  async headPosition(): Promise<bigint> {
    // The newest of *our* events, so that a reader of readAll can catch up to it.
    let from: ReadPosition = END;
    let lastSeen: bigint | undefined;
    for (;;) {
      const page = await collect(
        this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: PAGE_SIZE }),
      );
      let lastPosition: Position | undefined;
      for (const resolved of page) {
        const event = resolved.event;
        if (!event) continue;
        lastPosition = event.position;
        if (lastSeen !== undefined && event.position.commit >= lastSeen) continue;
        lastSeen = event.position.commit;
        if (isEventType(event.type)) return event.position.commit;
      }
      if (page.length < PAGE_SIZE || !lastPosition) return 0n;
      from = lastPosition;
    }
  }

  async ping(): Promise<void> {
    // Streaming reads get no deadline from the client, so bound it here.
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void read.return?.(undefined)?.catch(() => undefined);
        reject(new Error(`EventStoreDB did not answer within ${PING_TIMEOUT_MS} ms`));
      }, PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([collect(read), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

async function collect(read: AsyncIterable<AllStreamResolvedEvent>): Promise<AllStreamResolvedEvent[]> {
  const events: AllStreamResolvedEvent[] = [];
  for await (const resolved of read) events.push(resolved);
  return events;
}

function toRecorded(event: StoredEvent, commitPosition: bigint | undefined): RecordedEvent {
  const position = event.position?.commit ?? commitPosition;
  if (position === undefined) throw new Error(`EventStoreDB returned no position for event ${event.id}`);
  const stored = (isRecord(event.metadata) ? event.metadata : {}) as Partial<EventMetadata>;
  const schemaVersion = typeof stored.schemaVersion === 'number' ? stored.schemaVersion : 1;
  const data = event.isJson ? event.data : JSON.parse(Buffer.from(event.data).toString('utf8'));
  const upcasted = upcast(event.type, schemaVersion, data as Record<string, unknown>);
  return {
    ...upcasted,
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    recordedAt: event.created.toISOString(),
    metadata: { ...stored, schemaVersion },
  } as RecordedEvent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
