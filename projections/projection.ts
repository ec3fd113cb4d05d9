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
}
