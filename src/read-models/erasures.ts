import { Logger } from '@nestjs/common';
import { subjectsOf, type DataSubjectId, type RecordedEvent } from '../../events/index.js';
import type { ProjectionRunner } from './projection-runner.js';

const logger = new Logger('Erasures');

/**
 * Whenever the runner applies a `DataSubjectErased` (written here or by another process), folds again the
 * documents that held the erased subjects' data, which now read as erased, and calls `refolded` with their
 * keys by projection, to forget what was worked out from them. Returns what resolves once every erasure
 * applied so far has reached the documents.
 */
export function foldAgainOnErasure(
  runner: ProjectionRunner,
  refolded: (keys: Map<string, Set<string>>) => void,
): () => Promise<void> {
  let applied: Promise<void> = Promise.resolve();
  runner.onApplied((event) => {
    if (event.type !== 'DataSubjectErased') return;
    const subjects = new Set<DataSubjectId>(event.data.subjects);
    const names = (e: RecordedEvent) => [...subjectsOf(e)].some((subject) => subjects.has(subject));
    applied = applied
      .then(async () => refolded(await runner.refold(names)))
      .catch((error: unknown) => {
        // The stored views keep what they held until the next start, which folds the erasure in again.
        logger.error({ msg: 'Could not apply an erasure to the views', error: (error as Error).message });
      });
  });
  return () => applied;
}
