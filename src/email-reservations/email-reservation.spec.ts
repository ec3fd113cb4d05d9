import type { EmailReservationEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { ConflictError } from '../shared/domain-errors.js';
import { emailReservationDecider, RESERVATION_GRACE_MS, type ReservationCommand } from './email-reservation.js';

const email = 'sam@school.test';
const T0 = '2026-03-02T12:00:00.000Z';
const within = new Date(Date.parse(T0) + RESERVATION_GRACE_MS - 1).toISOString();
const after = new Date(Date.parse(T0) + RESERVATION_GRACE_MS).toISOString();
const reserved = (ownerId: string, reservedAt = T0): EmailReservationEvent => ({
  type: 'EmailReserved',
  data: { email, holder: 'sle', ownerId, reservedAt },
});
const reserve = (ownerId: string, now: string, currentOwner?: 'holds' | 'released' | 'absent'): ReservationCommand => ({
  type: 'ReserveEmail',
  email,
  holder: 'sle',
  ownerId,
  now,
  ...(currentOwner ? { currentOwner } : {}),
});

describe('email reservation decider', () => {
  it('reserves a free address', () => {
    given(emailReservationDecider)
      .when(reserve('a', T0))
      .then([reserved('a')]);
  });

  it('refuses an address its owner holds', () => {
    given(emailReservationDecider, [reserved('a')])
      .when(reserve('b', after, 'holds'))
      .thenRejects(ConflictError, /already used by another SLE/);
  });

  it('refuses an address whose owner has not appeared yet, within the grace period', () => {
    given(emailReservationDecider, [reserved('a')])
      .when(reserve('b', within, 'absent'))
      .thenRejects(ConflictError, /being registered right now/);
  });

  it('takes over an address whose owner never appeared, after the grace period', () => {
    given(emailReservationDecider, [reserved('a')])
      .when(reserve('b', after, 'absent'))
      .then([reserved('b', after)]);
  });

  it('takes over an address its owner released (an SLE whose designation ended), at once', () => {
    given(emailReservationDecider, [reserved('a')])
      .when(reserve('b', within, 'released'))
      .then([reserved('b', within)]);
  });

  it('records nothing when the owner asks again for what it holds', () => {
    given(emailReservationDecider, [reserved('a')])
      .when(reserve('a', within))
      .then([]);
  });

  it('releases only for the owner that holds it', () => {
    const release = (ownerId: string): ReservationCommand => ({
      type: 'ReleaseEmail',
      email,
      holder: 'sle',
      ownerId,
      now: after,
    });
    given(emailReservationDecider, [reserved('a')])
      .when(release('b'))
      .then([]);
    const released = given(emailReservationDecider, [reserved('a')])
      .when(release('a'))
      .then([{ type: 'EmailReleased', data: { email, holder: 'sle', ownerId: 'a', releasedAt: after } }]);
    given(emailReservationDecider, [reserved('a'), ...released])
      .when(reserve('b', after))
      .then([reserved('b', after)]);
  });
});
