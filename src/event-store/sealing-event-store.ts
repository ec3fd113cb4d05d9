import {
  mapPersonalFields,
  hasPersonalFields,
  subjectsOf,
  type AllianceEvent,
  type DataSubjectId,
  type RecordedEvent,
} from '../../events/index.js';
import {
  EventStore,
  type AppendOptions,
  type AppendResult,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './event-store.port.js';
import type { KeyStore } from './key-store.port.js';
import { SubjectKeys } from './subject-keys.js';

/**
 * Crypto-shredding around any event store: the personal fields `PERSONAL_FIELDS` declares are sealed with
 * their data subject's key as they are appended, and opened as they are read; a field whose key was deleted
 * reads as `ERASED`. Appending a `DataSubjectErased` deletes its subjects' keys, and so does reading one
 * (which finishes an erasure a crash cut short, and redoes erasures on a key store restored from a backup).
 * Keys are kept in memory once read (see `SubjectKeys`); events of types with no personal field pass through
 * untouched.
 */
export class SealingEventStore extends EventStore {
  readonly keys: SubjectKeys;
  /** Keys deleted by reading an erasure, since the store was opened: a rebuild that saw some runs again. */
  erasedOnRead = 0;

  constructor(
    private readonly inner: EventStore,
    keyStore: KeyStore,
  ) {
    super();
    this.keys = new SubjectKeys(keyStore);
  }

  async append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult> {
    const subjects = new Set<DataSubjectId>();
    for (const event of events) for (const subject of subjectsOf(event)) subjects.add(subject);
    await this.keys.load(subjects, true);
    const sealed = subjects.size
      ? events.map((event) => (hasPersonalFields(event.type) ? this.sealEvent(event) : event))
      : events;
    const result = await this.inner.append(streamId, sealed, options);
    const erased = erasedBy(events);
    if (erased.length) await this.erase(erased);
    return result;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(options));
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.keys.close();
  }

  /** Deletes the subjects' keys (and forgets them here): what they sealed reads as erased from now on. */
  erase(subjects: readonly DataSubjectId[]): Promise<void> {
    return this.keys.erase(subjects);
  }

  private sealEvent(event: AllianceEvent): AllianceEvent {
    const data = mapPersonalFields(event, (value, subjects, field) =>
      this.keys.seal(value, subjects, `${event.type}.${field}`),
    );
    return { ...event, data } as AllianceEvent;
  }

  /** The events with their personal fields opened; the erasures among them applied first. */
  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const erased = erasedBy(events).filter((subject) => this.keys.get(subject) !== null);
    if (erased.length) {
      await this.erase(erased);
      this.erasedOnRead += erased.length;
      this.keys.heardOfErasure();
    }
    const wanted = new Set<DataSubjectId>();
    for (const event of events) {
      if (!hasPersonalFields(event.type)) continue;
      mapPersonalFields(event, (value) => {
        for (const subject of this.keys.unknownOf(value)) wanted.add(subject);
        return value;
      });
    }
    await this.keys.load(wanted, false);
    return events.map((event) => (hasPersonalFields(event.type) ? this.openEvent(event) : event));
  }

  private openEvent(event: RecordedEvent): RecordedEvent {
    const data = mapPersonalFields(event, (value, _subjects, field) => this.keys.open(value, `${event.type}.${field}`));
    return { ...event, data } as RecordedEvent;
  }
}

function erasedBy(events: readonly AllianceEvent[]): DataSubjectId[] {
  return events.flatMap((event) => (event.type === 'DataSubjectErased' ? event.data.subjects : []));
}
