import type { DataSubjectId } from '../../events/index.js';

/** A data subject's key: 32 bytes for AES-256-GCM, or null once erased (deleted for good). */
export type SubjectKey = Buffer | null;

export class MissingKeyError extends Error {
  constructor(readonly subject: DataSubjectId) {
    super(`No key for ${subject}: the key store is not the one these events were sealed with`);
  }
}

/**
 * Told of keys deleted by another process: the subjects, or `any` when some may have been missed (a lost
 * connection), so that every key and state kept in memory is dropped.
 */
export type ErasedElsewhere = (subjects: readonly DataSubjectId[] | 'any') => void;

/**
 * Where the keys of the data subjects are kept, apart from the events they seal: deleting a key erases every
 * field it sealed, in every copy of the events (backups included), without rewriting one.
 */
export abstract class KeyStore {
  /**
   * The keys of these subjects: null for one erased; made for one without a key when `create`, else left out
   * (a sealed field whose subject has no key at all means the wrong key store).
   */
  abstract keysOf(subjects: readonly DataSubjectId[], create: boolean): Promise<Map<DataSubjectId, SubjectKey>>;
  /** Deletes the subjects' keys for good, and refuses them a new one: what is written of them later is erased too. */
  abstract erase(subjects: readonly DataSubjectId[]): Promise<void>;
  abstract close(): Promise<void>;
  /**
   * Calls `listener` whenever another process sharing the store deletes keys. A store only one process opens
   * (the SQLite file beside the events) has no one else to hear from.
   */
  onErasedElsewhere(_listener: ErasedElsewhere): void {}
}
