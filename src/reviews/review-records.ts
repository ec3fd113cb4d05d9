import { Injectable } from '@nestjs/common';
import { HALF_TERMS, type AcademicYear, type Attendee, type HalfTerm, type IsoDate } from '../../events/index.js';
import type { HalfTermReviewView, ReviewChange } from '../../projections/review-view.js';
import { ReadModels } from '../read-models/read-models.js';
import { AccountDirectory } from '../users/account-directory.js';

/** A held review as people read it: schools and the people who recorded or corrected it named. */
export interface KeptReview {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  heldOn: IsoDate;
  attendees: Attendee[];
  areasOfConcern: { schoolUrn: string; schoolName: string; concern: string }[];
  notes: string;
  /** Held, then each amendment, oldest first; `by` is the person's name (or email), null when not known. */
  history: (Omit<ReviewChange, 'byUserId'> & { by: string | null })[];
}

/** The held reviews, with names: what the review page, its print and the report's CSV show. */
@Injectable()
export class HalfTermReviewRecords {
  constructor(
    private readonly readModels: ReadModels,
    private readonly directory: AccountDirectory,
  ) {}

  /** The review of the half term, or undefined when it has not been held. */
  async of(academicYear: string, halfTerm: HalfTerm): Promise<KeptReview | undefined> {
    await Promise.all([this.readModels.catchUp(), this.directory.catchUp()]);
    const review = this.readModels.reviews.get(`${academicYear}-${halfTerm}`);
    return review && this.named(review);
  }

  /** The reviews held in an academic year, in the order of its half terms. */
  async ofYear(academicYear: string): Promise<KeptReview[]> {
    await Promise.all([this.readModels.catchUp(), this.directory.catchUp()]);
    return HALF_TERMS.flatMap((halfTerm) => {
      const review = this.readModels.reviews.get(`${academicYear}-${halfTerm}`);
      return review ? [this.named(review)] : [];
    });
  }

  private named(review: HalfTermReviewView): KeptReview {
    const person = (userId: string | null) => {
      const account = userId ? this.directory.get(userId) : undefined;
      return account ? (account.name ?? account.email) : null;
    };
    return {
      academicYear: review.academicYear,
      halfTerm: review.halfTerm,
      heldOn: review.heldOn,
      attendees: review.attendees,
      areasOfConcern: review.areasOfConcern.map((a) => ({
        ...a,
        schoolName: this.readModels.schools.get(a.schoolUrn)?.name ?? `School ${a.schoolUrn}`,
      })),
      notes: review.notes,
      history: review.history.map(({ byUserId, ...change }) => ({ ...change, by: person(byUserId) })),
    };
  }
}
