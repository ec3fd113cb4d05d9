import type { ReviewEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import { halfTermReviewDecider, type HoldHalfTermReview } from './half-term-review.decider.js';

const hold = (extra: Partial<Omit<HoldHalfTermReview, 'type'>> = {}): HoldHalfTermReview => ({
  type: 'HoldHalfTermReview',
  academicYear: '2025-26',
  halfTerm: 'autumn-2',
  halfTermStartsOn: '2025-11-01',
  heldOn: '2025-12-10',
  attendees: [
    { name: 'Ali Khan', role: 'Core team lead' },
    { name: 'Jo Head', role: 'Headteacher' },
  ],
  areasOfConcern: [
    { schoolUrn: '100001', concern: 'KS2 reasoning below floor' },
    { schoolUrn: '100003', concern: 'Attendance falling' },
  ],
  notes: 'Two deployments at risk',
  today: '2025-12-15',
  ...extra,
});

const held: ReviewEvent = {
  type: 'HalfTermReviewHeld',
  data: {
    academicYear: '2025-26',
    halfTerm: 'autumn-2',
    heldOn: '2025-12-10',
    attendees: [
      { name: 'Ali Khan', role: 'Core team lead' },
      { name: 'Jo Head', role: 'Headteacher' },
    ],
    areasOfConcern: [
      { schoolUrn: '100001', concern: 'KS2 reasoning below floor' },
      { schoolUrn: '100003', concern: 'Attendance falling' },
    ],
    notes: 'Two deployments at risk',
  },
};

describe('half-term review decider', () => {
  it('holds the review, recording neither the clock nor the calendar lookup', () => {
    given(halfTermReviewDecider).when(hold()).then([held]);
  });

  it('holds a review on the first day of the half term and with no areas of concern', () => {
    given(halfTermReviewDecider)
      .when(hold({ heldOn: '2025-11-01', areasOfConcern: [] }))
      .then([{ type: 'HalfTermReviewHeld', data: { ...held.data, heldOn: '2025-11-01', areasOfConcern: [] } }]);
  });

  it('rejects holding the same review twice', () => {
    given(halfTermReviewDecider, [held])
      .when(hold())
      .thenRejects(ConflictError, /autumn-2 2025-26 review has already been held/);
  });

  it('rejects a review held before the half term starts', () => {
    given(halfTermReviewDecider)
      .when(hold({ heldOn: '2025-10-31' }))
      .thenRejects(InvalidCommandError, { heldOn: /before the half term starts \(2025-11-01\)/ });
  });

  it('rejects a review dated in the future', () => {
    given(halfTermReviewDecider)
      .when(hold({ heldOn: '2025-12-16' }))
      .thenRejects(InvalidCommandError, { heldOn: /future/ });
  });

  it('rejects a school named twice as an area of concern', () => {
    given(halfTermReviewDecider)
      .when(
        hold({
          areasOfConcern: [
            { schoolUrn: '100001', concern: 'Reasoning' },
            { schoolUrn: '100001', concern: 'Attendance' },
          ],
        }),
      )
      .thenRejects(InvalidCommandError, { areasOfConcern: /each school once/ });
  });
});
