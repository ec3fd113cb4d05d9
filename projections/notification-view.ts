import type { IsoDate, NotificationRecipient, RecordedEvent, ReminderKind, SchedulingEvent } from '../events/index.js';

export type NotificationRecipientView = NotificationRecipient & { readAt: string | null; emailSentAt: string | null };

/** A raised reminder and where each of its notifications stands. */
export interface ReminderView {
  reminderId: string;
  kind: ReminderKind;
  deploymentId: string;
  schoolUrn: string;
  raisedOn: IsoDate;
  subject: string;
  body: string;
  recipients: NotificationRecipientView[];
}

export function applyToReminderView(
  view: ReminderView | undefined,
  event: RecordedEvent<SchedulingEvent>,
): ReminderView | undefined {
  switch (event.type) {
    case 'ReminderRaised': {
      const { recipients, ...reminder } = event.data;
      return { ...reminder, recipients: recipients.map((r) => ({ ...r, readAt: null, emailSentAt: null })) };
    }
    case 'NotificationRead':
      return (
        view && {
          ...view,
          recipients: view.recipients.map((r) =>
            r.notificationId === event.data.notificationId && !r.readAt ? { ...r, readAt: event.data.readAt } : r,
          ),
        }
      );
    case 'EmailSent':
      return (
        view && {
          ...view,
          recipients: view.recipients.map((r) =>
            r.notificationId === event.data.notificationId ? { ...r, emailSentAt: event.data.sentAt } : r,
          ),
        }
      );
    default:
      return view;
  }
}
