import type { AllianceEvent, RecordedEvent } from '../../events/index.js';
import { readAllInPages, type EventStore } from '../event-store/event-store.port.js';

/**
 * Copies every event, in global order, into an empty store whose sealing layer seals what `PERSONAL_FIELDS`
 * declares: how events written before sealing (their personal fields in clear) become erasable. Each event is
 * read as the current contract (upcast) and appended to the same stream at the same revision, with its
 * metadata; a field already erased in the source stays erased. Answers how many events were copied.
 */
export async function copySealed(from: EventStore, to: EventStore): Promise<number> {
  if ((await to.headPosition()) !== 0n) throw new Error('The store to copy into must be empty');
  let copied = 0;
  for await (const page of readAllInPages(from))
    for (const run of byStreamRuns(page)) {
      const [first] = run;
      await to.append(
        first.streamId,
        run.map(({ type, data }) => ({ type, data }) as AllianceEvent),
        {
          expectedRevision: first.revision === 0 ? 'no-stream' : first.revision - 1,
          metadata: { actorUserId: first.metadata.actorUserId, correlationId: first.metadata.correlationId },
        },
      );
      copied += run.length;
    }
  return copied;
}

/** Consecutive events of one stream with the same metadata, appended together. */
function* byStreamRuns(events: RecordedEvent[]): Iterable<RecordedEvent[]> {
  let run: RecordedEvent[] = [];
  for (const event of events) {
    const last = run[run.length - 1];
    const joins =
      last &&
      last.streamId === event.streamId &&
      last.metadata.actorUserId === event.metadata.actorUserId &&
      last.metadata.correlationId === event.metadata.correlationId;
    if (!joins && run.length) {
      yield run;
      run = [];
    }
    run.push(event);
  }
  if (run.length) yield run;
}
