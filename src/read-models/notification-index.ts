import type { NotificationRecipient } from '../../events/index.js';

/**
 * Which reminder each notification belongs to, and which reminders concern each user, kept as reminders are
 * raised: the email job, marking a notification read and a user's own list each look for a few notifications
 * among every one raised (tens of thousands in a national network), which a search of every reminder made a
 * cost per notification that grew with all of them.
 */
export class NotificationIndex {
  private readonly reminderIdByNotification = new Map<string, string>();
  private readonly reminderIdsByUser = new Map<string, Set<string>>();

  /** Files a raised reminder's notifications (again for one already filed: nothing changes). */
  raised(reminderId: string, recipients: readonly Pick<NotificationRecipient, 'notificationId' | 'userId'>[]): void {
    for (const { notificationId, userId } of recipients) {
      this.reminderIdByNotification.set(notificationId, reminderId);
      const ids = this.reminderIdsByUser.get(userId) ?? this.reminderIdsByUser.set(userId, new Set()).get(userId)!;
      ids.add(reminderId);
    }
  }

  reminderIdOf(notificationId: string): string | undefined {
    return this.reminderIdByNotification.get(notificationId);
  }

  /** The ids of the reminders with a notification for the user, in the order they were raised. */
  reminderIdsOf(userId: string): readonly string[] {
    return [...(this.reminderIdsByUser.get(userId) ?? [])];
  }
}
