import type { AcademicYear, HalfTerm, IsoDate, Role } from './vocabulary.js';

/** One stream per reminder: appended with `no-stream`, so a reminder is raised once however often it is found due. */
export const reminderStream = (reminderId: string) => `reminder-${reminderId}`;
/** One stream per notification's email: `EmailSent` is appended once. */
export const emailStream = (notificationId: string) => `email-${notificationId}`;
export const publishedReportStream = (academicYear: AcademicYear, halfTerm: HalfTerm) =>
  `half-term-report-${academicYear}-${halfTerm}`;

export const REMINDER_KINDS = ['contact-overdue', 'evaluation-due', 'brokerage-waiting'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface NotificationRecipient {
  notificationId: string;
  userId: string;
  role: Role;
  email: string;
}

/** Something the people concerned should act on, with one notification for each of them. */
export interface ReminderRaised {
  type: 'ReminderRaised';
  data: {
    reminderId: string;
    kind: ReminderKind;
    deploymentId: string;
    schoolUrn: string;
    raisedOn: IsoDate;
    subject: string;
    body: string;
    recipients: NotificationRecipient[];
  };
}

export interface NotificationRead {
  type: 'NotificationRead';
  data: { reminderId: string; notificationId: string; userId: string; readAt: string };
}

export interface EmailSent {
  type: 'EmailSent';
  data: { notificationId: string; reminderId: string; messageId: string; sentAt: string };
}

/** The half-termly report as the core team saw it at the end of the half term, kept even if later events change the live view. */
export interface HalfTermReportPublished {
  type: 'HalfTermReportPublished';
  data: { academicYear: AcademicYear; halfTerm: HalfTerm; publishedOn: IsoDate; report: Record<string, unknown> };
}

export type SchedulingEvent = ReminderRaised | NotificationRead | EmailSent | HalfTermReportPublished;
