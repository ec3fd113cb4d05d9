import type { RecordedEvent } from '../events/index.js';

/**
 * A projection of documents: which document an event changes (`keyOf`, undefined when it changes none) and
 * the pure fold of the event into that document. Bump `version` when the fold changes: the runner then
 * rebuilds this projection from the first event on its next start.
 */
export interface DocumentProjection<Doc> {
  name: string;
  version: number;
  keyOf(event: RecordedEvent): string | undefined;
  apply(doc: Doc | undefined, event: RecordedEvent): Doc | undefined;
  /**
   * Makes a document just read back from the store, before anything else holds it, use the one copy `same`
   * gives of each string that many documents repeat (an SLE's id, a measure, a specialism). JSON.parse makes
   * a new copy of every string longer than ten characters: at a national network's size, some 40 MB of the
   * deployments' views.
   */
  shareStrings?(doc: Doc, same: (text: string) => string): void;
  /**
   * Documents many and large enough to be left in their store and read by key when asked for, where the store
   * can (see `ReadModelStore.reader`); otherwise every one is held in memory.
   */
  onDemand?: boolean;
  /** A short form of a document, stored beside it, that a process can read for every document at start without parsing the documents. */
  summarise?(doc: Doc): unknown;
}
