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
  /** Drops a projection's documents and checkpoint, so it rebuilds from the first event. */
  abstract reset(projection: string): Promise<void>;
  abstract close(): Promise<void>;
}
