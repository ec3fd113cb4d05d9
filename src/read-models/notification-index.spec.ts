import { NotificationIndex } from './notification-index.js';

describe('NotificationIndex', () => {
  const index = new NotificationIndex();
  index.raised('r1', [
    { notificationId: 'n1', userId: 'facilitator' },
    { notificationId: 'n2', userId: 'sle' },
  ]);
  index.raised('r2', [{ notificationId: 'n3', userId: 'facilitator' }]);
  // Raised twice (a scan in another process found it too): filed once.
  index.raised('r1', [
    { notificationId: 'n1', userId: 'facilitator' },
    { notificationId: 'n2', userId: 'sle' },
  ]);

  it('finds the reminder of each notification, and none for one never raised', () => {
    expect(['n1', 'n2', 'n3', 'n4'].map((n) => index.reminderIdOf(n))).toEqual(['r1', 'r1', 'r2', undefined]);
  });

  it('gives the reminders concerning each user once, in the order raised, and none to a user with none', () => {
    expect(index.reminderIdsOf('facilitator')).toEqual(['r1', 'r2']);
    expect(index.reminderIdsOf('sle')).toEqual(['r1']);
    expect(index.reminderIdsOf('school')).toEqual([]);
  });
});
