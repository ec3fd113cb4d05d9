import {
  ERASED,
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
import { KeyStore, MissingKeyError, type SubjectKey } from './key-store.port.js';
import { isSealed, seal, subjectsSealing, unseal } from './sealing.js';

/**
 * Crypto-shredding around any event store: the personal fields `PERSONAL_FIELDS` declares are sealed with
 * their data subject's key as they are appended, and opened as they are read; a field whose key was deleted
 * reads as `ERASED`. Appending a `DataSubjectErased` deletes its subjects' keys, and so does reading one
 * (which finishes an erasure a crash cut short, and redoes erasures on a key store restored from a backup).
 * Keys are kept in memory once read; events of types with no personal field pass through untouched.
 */
export class SealingEventStore extends EventStore {
  private readonly keys = new Map<DataSubjectId, SubjectKey>();
  /** Keys deleted by reading an erasure, since the store was opened: a rebuild that saw some runs again. */
  erasedOnRead = 0;

  constructor(
    private readonly inner: EventStore,
    private readonly keyStore: KeyStore,
  ) {
    super();
  }

  async append(streamId: string, events: AllianceEvent[], options: AppendOptions): Promise<AppendResult> {
    const subjects = new Set<DataSubjectId>();
    for (const event of events) for (const subject of subjectsOf(event)) subjects.add(subject);
    const keys = subjects.size ? await this.keysOf([...subjects], true) : this.keys;
    const sealed = subjects.size
      ? events.map((event) => (hasPersonalFields(event.type) ? this.sealEvent(event, keys) : event))
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
    await this.keyStore.close();
  }

  /** Deletes the subjects' keys (and forgets them here): what they sealed reads as erased from now on. */
  async erase(subjects: readonly DataSubjectId[]): Promise<void> {
    await this.keyStore.erase(subjects);
    for (const subject of subjects) this.keys.set(subject, null);
  }

  private sealEvent(event: AllianceEvent, keys: ReadonlyMap<DataSubjectId, SubjectKey>): AllianceEvent {
    const data = mapPersonalFields(event, (value, subjects, field) => {
      const fieldKeys = subjects.map((subject) => keys.get(subject));
      // Nothing more is kept of a person erased.
      if (!fieldKeys.every((key): key is Buffer => !!key)) return ERASED;
      return seal(value, fieldKeys, subjects, `${event.type}.${field}`);
    });
    return { ...event, data } as AllianceEvent;
  }

  /** The events with their personal fields opened; the erasures among them applied first. */
  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const erased = erasedBy(events).filter((subject) => this.keys.get(subject) !== null);
    if (erased.length) {
      await this.erase(erased);
      this.erasedOnRead += erased.length;
    }
    const wanted = new Set<DataSubjectId>();
    for (const event of events) {
      if (!hasPersonalFields(event.type)) continue;
      mapPersonalFields(event, (value) => {
        if (isSealed(value))
          for (const subject of subjectsSealing(value)) if (!this.keys.has(subject)) wanted.add(subject);
        return value;
      });
    }
    if (wanted.size) await this.keysOf([...wanted], false);
    return events.map((event) => (hasPersonalFields(event.type) ? this.openEvent(event) : event));
  }

  private openEvent(event: RecordedEvent): RecordedEvent {
    const data = mapPersonalFields(event, (value, _subject, field) => {
      // A value written before sealing began is read as it is.
      if (!isSealed(value)) return value;
      const keys: Buffer[] = [];
      for (const subject of subjectsSealing(value)) {
        const key = this.keys.get(subject);
        if (key === undefined) throw new MissingKeyError(subject);
        if (key === null) return ERASED;
        keys.push(key);
      }
      return unseal(value, keys, `${event.type}.${field}`);
    });
    return { ...event, data } as RecordedEvent;
  }

  private async keysOf(subjects: DataSubjectId[], create: boolean): Promise<Map<DataSubjectId, SubjectKey>> {
    const missing = subjects.filter((subject) => !this.keys.has(subject));
    if (missing.length)
      for (const [subject, key] of await this.keyStore.keysOf(missing, create)) this.keys.set(subject, key);
    return this.keys;
  }
}

function erasedBy(events: readonly AllianceEvent[]): DataSubjectId[] {
  return events.flatMap((event) => (event.type === 'DataSubjectErased' ? event.data.subjects : []));
}
