import type { DocumentProjection } from '../../projections/projection.js';

/**
 * How a projection's documents are stored and read back: what the runner and the read-model store need beyond
 * the fold. None of it changes what a document says.
 */
export interface ProjectionStorage<Doc> {
  /** Bumped when what is stored changes form (the documents' summaries, say): the projection is then rebuilt. */
  format: number;
  /**
   * Documents many and large enough to be left in their store and read by key when asked for, where the store
   * can (see `ReadModelStore.reader`); otherwise every one is held in memory.
   */
  readByKey?: boolean;
  /**
   * Makes a document just read back from the store, before anything else holds it, use the one copy `intern`
   * gives of each string that many documents repeat (an SLE's id, a measure, a specialism): JSON.parse makes a
   * new copy of every string longer than ten characters.
   */
  internStrings?(doc: Doc, intern: (text: string) => string): void;
  /** A short form of a document, stored beside it, that a process can read for every document at start without parsing the documents. */
  summarise?(doc: Doc): unknown;
}

/** A projection, and how its documents are stored. */
export interface StoredProjection<Doc = unknown> {
  projection: DocumentProjection<Doc>;
  storage: ProjectionStorage<Doc>;
}

/** Every document held in memory, stored as it is. */
export const PLAIN_STORAGE: ProjectionStorage<unknown> = { format: 0 };

/** A projection whose documents are stored as they are. */
export const storedPlainly = <Doc>(projection: DocumentProjection<Doc>): StoredProjection =>
  ({ projection, storage: PLAIN_STORAGE }) as StoredProjection;

/** The version a checkpoint records: the fold's and the stored form's, so that a change to either rebuilds. */
export const storedVersion = ({ projection, storage }: StoredProjection): number =>
  projection.version * 1000 + storage.format;
