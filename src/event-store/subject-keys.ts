import { ERASED, type DataSubjectId } from '../../events/index.js';
import { KeyStore, MissingKeyError, type SubjectKey } from './key-store.port.js';
import { isSealed, seal, subjectsSealing, unseal } from './sealing.js';

/**
 * The data subjects' keys as this process uses them: read from the key store once and kept, dropped when
 * erased here or (heard from the key store) by another process. Seals and opens values with them, for the
 * sealing event store and for anything else kept outside the events that must be erasable (replay answers).
 */
export class SubjectKeys {
  private readonly keys = new Map<DataSubjectId, SubjectKey>();
  private readonly erasedElsewhere: (() => void)[] = [];

  constructor(private readonly store: KeyStore) {
    store.onErasedElsewhere((subjects) => {
      if (subjects === 'any') this.keys.clear();
      else for (const subject of subjects) this.keys.set(subject, null);
      this.heardOfErasure();
    });
  }

  /**
   * Calls `listener` after keys were erased by another process: heard from the key store, or found on reading
   * an erasure whose keys this process still held. What was worked out from them must go too.
   */
  onErasedElsewhere(listener: () => void): void {
    this.erasedElsewhere.push(listener);
  }

  /** Tells the listeners that keys were erased other than by this process's own erasure. */
  heardOfErasure(): void {
    for (const listener of this.erasedElsewhere) listener();
  }

  /** The key of a subject loaded: a key, null once erased, undefined when not loaded (or there is none). */
  get(subject: DataSubjectId): SubjectKey | undefined {
    return this.keys.get(subject);
  }

  /** Whether the subject's key (or its erasure) is known here. */
  has(subject: DataSubjectId): boolean {
    return this.keys.has(subject);
  }

  /** Reads the keys not yet known; with `create`, makes those the store has none of. */
  async load(subjects: Iterable<DataSubjectId>, create: boolean): Promise<void> {
    const missing = [...subjects].filter((subject) => !this.keys.has(subject));
    if (!missing.length) return;
    for (const [subject, key] of await this.store.keysOf(missing, create)) this.keys.set(subject, key);
  }

  /** Deletes the subjects' keys for good: what they sealed reads as erased from now on. */
  async erase(subjects: readonly DataSubjectId[]): Promise<void> {
    await this.store.erase(subjects);
    for (const subject of subjects) this.keys.set(subject, null);
  }

  /** The value sealed with the keys of its subjects (loaded first), or `ERASED` if any of them is erased. */
  seal(value: unknown, subjects: readonly DataSubjectId[], where: string): unknown {
    const keys = subjects.map((subject) => this.keys.get(subject));
    // Nothing more is kept of a person erased.
    if (!keys.every((key): key is Buffer => !!key)) return ERASED;
    return seal(value, keys, subjects, where);
  }

  /** The value opened (its keys loaded first); `ERASED` if any of its keys is; as it is if it was never sealed. */
  open(value: unknown, where: string): unknown {
    if (!isSealed(value)) return value;
    const keys: Buffer[] = [];
    for (const subject of subjectsSealing(value)) {
      const key = this.keys.get(subject);
      if (key === undefined) throw new MissingKeyError(subject);
      if (key === null) return ERASED;
      keys.push(key);
    }
    return unseal(value, keys, where);
  }

  /** The subjects a value sealed needs keys of, and are not known here yet. */
  unknownOf(value: unknown): DataSubjectId[] {
    return isSealed(value) ? subjectsSealing(value).filter((subject) => !this.keys.has(subject)) : [];
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
