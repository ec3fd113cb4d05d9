import type { HalfTermReviewHeld, RecordedEvent, ReviewEvent } from '../events/index.js';

/** One change to a review's record: when it was recorded, by whom (a user id), and why when it was a correction. */
export interface ReviewChange {
  change: 'held' | 'amended';
  at: string;
  byUserId: string | null;
  reason: string | null;
}

/** A half term's review as it now stands, and its history: held once, then each amendment. */
export type HalfTermReviewView = HalfTermReviewHeld['data'] & { history: ReviewChange[] };

export function applyToReviewView(
  view: HalfTermReviewView | undefined,
  event: RecordedEvent<ReviewEvent>,
): HalfTermReviewView {
  const { academicYear, halfTerm, heldOn, attendees, areasOfConcern, notes } = event.data;
  const amended = event.type === 'HalfTermReviewAmended';
  const change: ReviewChange = {
    change: amended ? 'amended' : 'held',
    at: event.recordedAt,
    byUserId: event.metadata.actorUserId ?? null,
    reason: amended ? event.data.reason : null,
  };
  return {
    academicYear,
    halfTerm,
    heldOn,
    attendees,
    areasOfConcern,
    notes,
    history: [...(amended ? (view?.history ?? []) : []), change],
  };
}
