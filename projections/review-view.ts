import type { RecordedEvent, ReviewEvent } from '../events/index.js';

export type HalfTermReviewView = ReviewEvent['data'];

export const applyToReviewView = (
  _view: HalfTermReviewView | undefined,
  event: RecordedEvent<ReviewEvent>,
): HalfTermReviewView => event.data;
