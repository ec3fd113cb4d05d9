import type { AcademicYear, Attendee, HalfTerm, HalfTermReviewHeld, IsoDate, ReviewEvent } from '../../events/index.js';
import type { Decider } from '../shared/decider.js';
import { ConflictError, FieldProblems, InvalidCommandError } from '../shared/domain-errors.js';

/** What the core team records of a review: when, who was there, the schools it named and its notes. */
interface ReviewRecord {
  heldOn: IsoDate;
  attendees: Attendee[];
  areasOfConcern: { schoolUrn: string; concern: string }[];
  notes: string;
}

interface ReviewCommandBase extends ReviewRecord {
  academicYear: AcademicYear;
  halfTerm: HalfTerm;
  /** First day of the half term under review, from the configured calendar. */
  halfTermStartsOn: IsoDate;
  today: IsoDate;
}

export interface HoldHalfTermReview extends ReviewCommandBase {
  type: 'HoldHalfTermReview';
}

/** A correction of a held review: the whole record as it should stand, and why. */
export interface AmendHalfTermReview extends ReviewCommandBase {
  type: 'AmendHalfTermReview';
  reason: string;
}

export type ReviewCommand = HoldHalfTermReview | AmendHalfTermReview;

export type ReviewState = { status: 'not-held' } | { status: 'held'; record: ReviewRecord };

/** The same rules for a review held and one corrected. */
function checkRecord(command: ReviewCommandBase): void {
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
}

const recordOf = ({ heldOn, attendees, areasOfConcern, notes }: ReviewRecord): ReviewRecord => ({
  heldOn,
  // A row's link to the person is kept: their name is erased with them.
  attendees: attendees.map(({ name, role, userId, sleId }) => ({
    name,
    role,
    ...(userId === undefined ? {} : { userId }),
    ...(sleId === undefined ? {} : { sleId }),
  })),
  areasOfConcern: areasOfConcern.map(({ schoolUrn, concern }) => ({ schoolUrn, concern })),
  notes,
});

function hold(command: HoldHalfTermReview, state: ReviewState): ReviewEvent[] {
  if (state.status === 'held')
    throw new ConflictError(
      `The ${command.halfTerm} ${command.academicYear} review has already been held; amend it instead`,
    );
  checkRecord(command);
  const { academicYear, halfTerm } = command;
  return [{ type: 'HalfTermReviewHeld', data: { academicYear, halfTerm, ...recordOf(command) } }];
}

function amend(command: AmendHalfTermReview, state: ReviewState): ReviewEvent[] {
  if (state.status === 'not-held')
    throw new ConflictError(
      `The ${command.halfTerm} ${command.academicYear} review has not been held yet; record it first`,
    );
  checkRecord(command);
  const record = recordOf(command);
  if (JSON.stringify(record) === JSON.stringify(state.record))
    throw InvalidCommandError.field('reason', 'nothing was changed: change the record before amending it');
  const { academicYear, halfTerm, reason } = command;
  return [{ type: 'HalfTermReviewAmended', data: { academicYear, halfTerm, ...record, reason } }];
}

function decide(command: ReviewCommand, state: ReviewState): ReviewEvent[] {
  return command.type === 'HoldHalfTermReview' ? hold(command, state) : amend(command, state);
}

function evolve(_state: ReviewState, event: ReviewEvent): ReviewState {
  const data: HalfTermReviewHeld['data'] = event.data;
  return { status: 'held', record: recordOf(data) };
}

export const halfTermReviewDecider: Decider<ReviewCommand, ReviewState, ReviewEvent> = {
  initialState: { status: 'not-held' },
  decide,
  evolve,
};
