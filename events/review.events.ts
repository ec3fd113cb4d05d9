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

export type ReviewEvent = HalfTermReviewHeld;
