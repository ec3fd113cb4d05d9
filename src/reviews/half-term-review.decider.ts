import type { AcademicYear, Attendee, HalfTerm, IsoDate, ReviewEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems } from '../shared/domain-errors.js';

export interface HoldHalfTermReview {
  type: 'HoldHalfTermReview';
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** First day of the half term under review, from the configured calendar. */
  halfTermStartsOn: IsoDate;
  heldOn: IsoDate;
  attendees: Attendee[];
  areasOfConcern: { schoolUrn: string; concern: string }[];
  notes: string;
  today: IsoDate;
}

export interface ReviewState {
  held: boolean;
}

function decide(command: HoldHalfTermReview, state: ReviewState): ReviewEvent[] {
  if (state.held)
    throw new ConflictError(`The ${command.halfTerm} ${command.academicYear} review has already been held`);
  const urns = command.areasOfConcern.map((a) => a.schoolUrn);
  new FieldProblems()
    .check(
      command.heldOn >= command.halfTermStartsOn,
      'heldOn',
      `must not be before the half term starts (${command.halfTermStartsOn})`,
    )
    .check(command.heldOn <= command.today, 'heldOn', 'must not be in the future')
    .check(new Set(urns).size === urns.length, 'areasOfConcern', 'name each school once')
    .throwIfAny();
  const { type: _type, today: _today, halfTermStartsOn: _starts, ...data } = command;
  return [{ type: 'HalfTermReviewHeld', data }];
}

export const halfTermReviewDecider: Decider<HoldHalfTermReview, ReviewState, ReviewEvent> = {
  initialState: { held: false },
  decide,
  evolve: (_state, event) => (event.type === 'HalfTermReviewHeld' ? { held: true } : _state),
};
