import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  emailStream,
  ERASED,
  publishedReportStream,
  reminderStream,
  type HalfTerm,
  type IsoDate,
  type NotificationRecipient,
} from '../../events/index.js';
import { halfTermReport, withoutNames } from '../../projections/half-term-report.js';
import { academicYearOf, academicYearStarting, termDatesOf, type TermCalendar } from '../calendar/academic-calendar.js';
import { termCalendar } from '../term-dates/term-calendar.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';
import { AccountDirectory } from '../users/account-directory.js';
import { Clock } from '../shared/clock.js';
import { isDueForSettling, SleCapacityLedger } from '../sles/sle-capacity-ledger.js';
import { DataSubjects } from '../data-protection/data-subjects.service.js';
import { Mailer } from '../mail/mailer.js';
import { AUDIENCE, dueReminders, type DueReminder } from './reminder-rules.js';

export const notificationIdOf = (reminderId: string, userId: string) =>
  createHash('sha256').update(`${reminderId}\n${userId}`).digest('hex').slice(0, 32);

/** Appends to a stream that must not exist yet; false when it already does (the work was done before). */
async function appendOnce(store: EventStore, ...args: Parameters<EventStore['append']>): Promise<boolean> {
  try {
    await store.append(...args);
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}

/**
 * The work the jobs do, written so that running any of it twice, or in two workers at once, has the effect
 * of running it once: a reminder, a snapshot and a sent email are each an event in a stream of their own,
 * appended only if that stream does not exist yet.
 */
@Injectable()
export class ReminderService {
  private readonly logger = new Logger('Reminders');
  /** The published reports' streams this process has seen stand. */
  private readonly published = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly directory: AccountDirectory,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: AggregateRunner,
    private readonly dataSubjects: DataSubjects,
  ) {}

  /**
   * Raises what is due, publishes the half term that has just ended, settles the reservations of SLE days a
   * stopped process left unsettled, erases what the retention rule says is kept no longer, and returns the
   * emails still to send.
   */
  async scan(): Promise<{
    raised: string[];
    published: string | null;
    settled: number;
    retained: string[];
    emailsToSend: string[];
  }> {
    await Promise.all([this.readModels.catchUp(), this.directory.catchUp()]);
    const today = this.clock.today();
    const raised: string[] = [];
    const settings = {
      today,
      contactOverdueDays: this.config.contactOverdueDays,
      evaluationDueWithinDays: this.config.evaluationDueWithinDays,
      brokerageTargetSchoolDays: this.config.brokerageTargetSchoolDays,
      calendar: termCalendar(this.readModels, this.config),
    };
    for (const reminder of dueReminders(this.readModels, settings, (reminderId) =>
      this.readModels.reminders.has(reminderId),
    )) {
      if (await this.raise(reminder, today)) raised.push(reminder.reminderId);
    }
    const published = await this.publishEndedHalfTerm(today);
    const settled = await this.settleReservations();
    const retained = await this.dataSubjects.applyRetention(this.config.retention);
    if (retained.length) this.logger.log({ msg: 'Retention applied', deployments: retained.length });
    await this.readModels.catchUp();
    return { raised, published, settled, retained, emailsToSend: this.unsentEmails() };
  }

  /** Confirms or releases each reservation of SLE days left unsettled for longer than any step takes. */
  private async settleReservations(): Promise<number> {
    // Wall time, not the alliance's clock: how long a reservation has waited is an operational matter.
    const now = new Date();
    const due = [...this.readModels.reservations.values()].filter((r) => isDueForSettling(r, now));
    if (!due.length) return 0;
    const ledger = new SleCapacityLedger(this.runner, this.readModels);
    for (const reservation of due) {
      const outcome = await ledger.settle(reservation, this.store);
      this.logger.warn({ msg: 'Settled a reservation of SLE days left unsettled', ...reservation, outcome });
    }
    return due.length;
  }

  private raise(reminder: DueReminder, today: IsoDate): Promise<boolean> {
    const audience = AUDIENCE[reminder.kind];
    // People who have accepted their invitation and are not disabled.
    const recipients: NotificationRecipient[] = this.directory
      .all()
      .filter((u) => u.status === 'active' && !u.disabled)
      .filter(
        (u) =>
          u.role === 'facilitator' ||
          (audience.sle && u.role === 'sle' && !!reminder.sleId && u.sleId === reminder.sleId) ||
          (audience.school && u.role === 'school' && u.schoolUrn === reminder.schoolUrn),
      )
      .sort((a, b) => a.userId.localeCompare(b.userId))
      .map((u) => ({
        notificationId: notificationIdOf(reminder.reminderId, u.userId),
        userId: u.userId,
        role: u.role,
        email: u.email,
      }));
    const { sleId: _sleId, ...data } = reminder;
    return appendOnce(
      this.store,
      reminderStream(reminder.reminderId),
      [{ type: 'ReminderRaised', data: { ...data, raisedOn: today, recipients } }],
      {
        expectedRevision: 'no-stream',
      },
    );
  }

  /**
   * Freezes the report of the latest half term that has ended, once. The report is worked out only for a
   * half term this process has not seen published: working it out every minute would cost a national network's
   * server a long pause each time.
   */
  private async publishEndedHalfTerm(today: IsoDate): Promise<string | null> {
    const calendar = termCalendar(this.readModels, this.config);
    const ended = lastEndedHalfTerm(today, calendar);
    if (!ended) return null;
    const stream = publishedReportStream(ended.academicYear, ended.halfTerm);
    if (this.published.has(stream)) return null;
    const report = halfTermReport(this.readModels, { ...ended, calendar, today });
    const done = await appendOnce(
      this.store,
      stream,
      [
        {
          type: 'HalfTermReportPublished',
          data: { ...ended, publishedOn: today, report: withoutNames(report) as unknown as Record<string, unknown> },
        },
      ],
      {
        expectedRevision: 'no-stream',
      },
    );
    // Published now or before (by this process or another): either way it stands.
    this.published.add(stream);
    return done ? stream : null;
  }

  private unsentEmails(): string[] {
    if (!this.mailer.enabled) return [];
    return [...this.readModels.reminders.values()].flatMap((r) =>
      // An erased recipient is mailed no more.
      r.recipients.filter((n) => !n.emailSentAt && n.email !== ERASED).map((n) => n.notificationId),
    );
  }

  /** Sends one notification's email unless it was sent before, then records that it was sent. */
  async sendEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'erased'> {
    await this.readModels.catchUp();
    const reminder = this.readModels.reminderOfNotification(notificationId);
    const recipient = reminder?.recipients.find((n) => n.notificationId === notificationId);
    if (!reminder || !recipient) throw new Error(`No notification ${notificationId}`);
    if (recipient.emailSentAt) return 'already-sent';
    if (recipient.email === ERASED) return 'erased';
    const messageId = `<${notificationId}@sle-brokerage>`;
    await this.mailer.send({
      to: recipient.email,
      subject: reminder.subject,
      text: `${reminder.body}\n\nDeployment ${reminder.deploymentId}`,
      messageId,
    });
    // Recorded the moment the SMTP server accepted it; a retry after this finds it sent.
    await appendOnce(
      this.store,
      emailStream(notificationId),
      [
        {
          type: 'EmailSent',
          data: { notificationId, reminderId: reminder.reminderId, messageId, sentAt: this.clock.now().toISOString() },
        },
      ],
      {
        expectedRevision: 'no-stream',
      },
    );
    this.logger.log({ msg: 'Email sent', notificationId, kind: reminder.kind });
    return 'sent';
  }
}

/** The latest half term whose last day is before today (today's own half term has not ended yet). */
export function lastEndedHalfTerm(
  today: IsoDate,
  calendar: TermCalendar,
): { academicYear: string; halfTerm: HalfTerm } | undefined {
  const start = Number(academicYearOf(today).slice(0, 4));
  const years = [start - 1, start].map(academicYearStarting);
  let latest: { academicYear: string; halfTerm: HalfTerm; to: IsoDate } | undefined;
  for (const academicYear of years) {
    for (const { halfTerm, to } of termDatesOf(academicYear, calendar)) {
      if (to < today && (!latest || to > latest.to)) latest = { academicYear, halfTerm, to };
    }
  }
  return latest && { academicYear: latest.academicYear, halfTerm: latest.halfTerm };
}
