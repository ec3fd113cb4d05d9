import type { AllianceEvent, EventMetadata, RecordedEvent } from '../../events/index.js';

/**
 * What the writer believes about the stream: `no-stream` to create it, `stream-exists`, `any`, or the
 * 0-based revision of its last event (optimistic concurrency).
 */
export type ExpectedRevision = 'any' | 'no-stream' | 'stream-exists' | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  metadata?: Omit<EventMetadata, 'schemaVersion'>;
}

export interface AppendResult {
  /** Revision of the last event written, to pass as the expected revision of the next append. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: bigint;
}

export interface ReadStreamOptions {
  fromRevision?: number;
}

export interface ReadAllOptions {
  /** Read events strictly after this global position; from the start when absent. */
  after?: bigint;
  /** At most this many events. */
  limit?: number;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(`Stream ${streamId} is at ${actual}, expected ${expected}`);
  }
}

/**
 * The port every store adapter implements. An append is atomic (all of its events or none) and is
 * answered only once it is durable.
 */
export abstract class EventStore {
  abstract append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * The stream's events in revision order, from `fromRevision` on (0-based; the whole stream when absent);
   * empty when the stream does not exist or has nothing at or after it.
   */
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global order. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event, or 0n when the store is empty. */
  abstract headPosition(): Promise<bigint>;
  /** Resolves when the store answers; rejects otherwise. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

/** Every event of the store in global order, a page at a time: for a pass over the whole history. */
export async function* readAllInPages(store: EventStore, pageSize = 2_000): AsyncGenerator<RecordedEvent[]> {
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}
