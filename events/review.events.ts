import type { Attendee } from './deployment.events.js';
import type { AcademicYear, HalfTerm, IsoDate } from './vocabulary.js';

export const reviewStream = (academicYear: AcademicYear, halfTerm: HalfTerm) => `review-${academicYear}-${halfTerm}`;

export interface HalfTermReviewHeld {
  type: 'HalfTermReviewHeld';
  data: {
    academicYear: AcademicYear;
    halfTerm: HalfTerm;
    heldOn: IsoDate;
    attendees: Attendee[];
    areasOfConcern: { schoolUrn: string; concern: string }[];
    notes: string;
  };
}

/**
 * A correction of a held review: the record as it now stands, whole, and why it changed. Who corrected it and
 * when are the event's metadata (actorUserId) and recordedAt.
 */
export interface HalfTermReviewAmended {
  type: 'HalfTermReviewAmended';
  data: {
    academicYear: AcademicYear;
    halfTerm: HalfTerm;
    heldOn: IsoDate;
    attendees: Attendee[];
    areasOfConcern: { schoolUrn: string; concern: string }[];
    notes: string;
    reason: string;
  };
}

export type ReviewEvent = HalfTermReviewHeld | HalfTermReviewAmended;
