import type { ReviewEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError, InvalidCommandError } from '../shared/domain-errors.js';
import {
  halfTermReviewDecider,
  type AmendHalfTermReview,
  type HoldHalfTermReview,
} from './half-term-review.decider.js';

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

const amend = (extra: Partial<Omit<AmendHalfTermReview, 'type'>> = {}): AmendHalfTermReview => {
  const { type: _type, ...command } = hold();
  return {
    ...command,
    type: 'AmendHalfTermReview',
    attendees: [...command.attendees, { name: 'Sam Lee', role: 'SLE facilitator' }],
    reason: 'Sam Lee was there but left off the list',
    ...extra,
  };
};

describe('half-term review decider', () => {
  it('holds the review, recording neither the clock nor the calendar lookup', () => {
    given(halfTermReviewDecider).when(hold()).then([held]);
  });

  it("keeps an attendee's link to their account or SLE record, so that their name is erased with them", () => {
    const attendees = [
      { name: 'Ali Khan', role: 'Core team lead', userId: 'u1' },
      { name: 'Sam Patel', role: 'SLE', sleId: 's1' },
    ];
    given(halfTermReviewDecider)
      .when(hold({ attendees }))
      .then([{ ...held, data: { ...held.data, attendees } } as ReviewEvent]);
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

  it('amends a held review: the whole record as it now stands, with the reason', () => {
    given(halfTermReviewDecider, [held])
      .when(amend())
      .then([
        {
          type: 'HalfTermReviewAmended',
          data: {
            ...held.data,
            attendees: [...held.data.attendees, { name: 'Sam Lee', role: 'SLE facilitator' }],
            reason: 'Sam Lee was there but left off the list',
          },
        },
      ]);
  });

  it('amends an amended review again, from the record as last amended', () => {
    const first = halfTermReviewDecider.decide(amend(), halfTermReviewDecider.evolve({ status: 'not-held' }, held));
    given(halfTermReviewDecider, [held, ...first])
      .when(amend({ notes: 'Two deployments at risk; one to end early', reason: 'Notes completed' }))
      .then([
        {
          type: 'HalfTermReviewAmended',
          data: {
            ...held.data,
            attendees: [...held.data.attendees, { name: 'Sam Lee', role: 'SLE facilitator' }],
            notes: 'Two deployments at risk; one to end early',
            reason: 'Notes completed',
          },
        },
      ]);
  });

  it('rejects amending a review that has not been held', () => {
    given(halfTermReviewDecider)
      .when(amend())
      .thenRejects(ConflictError, /has not been held yet/);
  });

  it('rejects an amendment that changes nothing', () => {
    const { type: _type, ...same } = hold();
    given(halfTermReviewDecider, [held])
      .when({ ...same, type: 'AmendHalfTermReview', reason: 'No reason' })
      .thenRejects(InvalidCommandError, { reason: /nothing was changed/ });
  });

  it('holds an amendment to the same rules as the review: not in the future, each school once', () => {
    given(halfTermReviewDecider, [held])
      .when(amend({ heldOn: '2025-12-16' }))
      .thenRejects(InvalidCommandError, { heldOn: /future/ });
    given(halfTermReviewDecider, [held])
      .when(
        amend({
          areasOfConcern: [
            { schoolUrn: '100001', concern: 'Reasoning' },
            { schoolUrn: '100001', concern: 'Attendance' },
          ],
        }),
      )
      .thenRejects(InvalidCommandError, { areasOfConcern: /each school once/ });
  });
});
