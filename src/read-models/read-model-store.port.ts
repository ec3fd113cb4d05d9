/** Where a projection stands: the last event folded in, and the code version that folded it. */
export interface Checkpoint {
  position: bigint;
  version: number;
}

/** One projection's changes in a commit: the documents to write (null deletes) and its new checkpoint. */
export interface ProjectionCommit {
  projection: string;
  documents: Map<string, unknown>;
  checkpoint: Checkpoint;
  /** True when `documents` holds the whole projection, so the store may start it afresh. */
  complete: boolean;
  /** A short form of each document, stored beside it where the store reads by key (`reader`), so that `summaries` need not parse the documents. */
  summarise?: (doc: unknown) => unknown;
}

/**
 * One projection's stored documents, read at once (synchronously) by key: what an in-process store offers, so
 * that a process need not hold every document in memory. Sees what was committed, never a commit under way.
 */
export interface StoredDocumentReader {
  get(key: string): unknown;
  count(): number;
  /** Every stored document with its key, in the store's order. */
  entries(): IterableIterator<[string, unknown]>;
  /**
   * The summary stored with each document (see `ProjectionCommit.summarise`) with its key, in the store's order.
   * A projection that starts keeping summaries changes its version, so that every document is written with one.
   */
  summaries(): IterableIterator<[string, unknown]>;
}

/** The store no longer holds a projection it stored before (a Redis restarted without persistence). */
export class ReadModelsLostError extends Error {
  constructor(readonly projections: string[]) {
    super(`The read-model store lost ${projections.join(', ')}`);
  }
}

/**
 * Durable storage of projected documents. A commit writes documents and checkpoints together or not at
 * all, so after a crash a projection resumes exactly after the last event it stored.
 */
export abstract class ReadModelStore {
  abstract checkpoint(projection: string): Promise<Checkpoint | undefined>;
  /** A projection's documents; `each` is given every document as it is read, before the next one is. */
  abstract documents(projection: string, each?: (doc: unknown) => void): Promise<Map<string, unknown>>;
  /**
   * Stores each projection's documents and checkpoint, all or none; a projection whose stored checkpoint
   * is already further (another process folded more) is left as it is, so several processes can share a store.
   */
  abstract commit(commits: ProjectionCommit[]): Promise<void>;
  /**
   * A reader of the projection's documents by key, where the store can read them synchronously (the embedded
   * SQLite file); undefined where it cannot (Redis, over the network), and the runner then holds them all in memory.
   * Only for a store one process writes: another process's newer documents would be read as if folded here.
   */
  reader(_projection: string): StoredDocumentReader | undefined {
    return undefined;
  }
  /** The snapshot last saved of a projection if it was taken at `checkpoint`; undefined where there is none, or the store keeps none. */
  snapshot(_projection: string, _checkpoint: Checkpoint): Promise<Uint8Array | undefined> {
    return Promise.resolve(undefined);
  }
  /**
   * Keeps the snapshot `take` makes of a projection as it was at `checkpoint`, in place of any before, where the
   * store keeps snapshots (the embedded SQLite file, whose documents a process reads at start); elsewhere `take`
   * is not called. A snapshot is a block a process made of the documents (the deployments' facts, say) so that
   * the next start can read it instead of every document; opaque to the store. True when kept.
   */
  saveSnapshot(_projection: string, _checkpoint: Checkpoint, _take: () => Uint8Array): Promise<boolean> {
    return Promise.resolve(false);
  }
  /** Drops these projections' documents, checkpoints and snapshots, all or none, so that each rebuilds from the first event. */
  abstract reset(projections: readonly string[]): Promise<void>;
  abstract close(): Promise<void>;
}
