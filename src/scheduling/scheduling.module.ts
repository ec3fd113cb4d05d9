import {
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  Param,
  Post,
  type DynamicModule,
  type Provider,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { reminderStream } from '../../events/index.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../read-models/read-models.js';
import { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/domain-errors.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { JobQueue } from './job-queue.js';
import { Mailer, NoMailer, SmtpMailer } from '../mail/mailer.js';
import { ReminderService } from './reminder.service.js';

/** Starts the jobs with the reminder handlers once the views are ready, and stops them on shutdown. */
@Injectable()
export class JobsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly jobs: JobQueue,
    private readonly reminders: ReminderService,
    private readonly mailer: Mailer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.start({ scan: () => this.reminders.scan(), sendEmail: (id) => this.reminders.sendEmail(id) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.stop();
    await this.mailer.close();
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
  ) {}

  /** The signed-in user's own notifications, newest first. */
  @Get('notifications')
  async mine(@CurrentUser() user: AuthUser) {
    await this.readModels.catchUp();
    // Named as on the deployment each is about, which its recipient may read: no list of every school is needed.
    return this.notificationsOf(user).map((n) => ({
      ...n,
      schoolName: this.readModels.schoolNameOf(n.schoolUrn) || `School ${n.schoolUrn}`,
    }));
  }

  /** How many of the signed-in user's notifications are unread: what the web app's bell polls. */
  @Get('notifications/unread')
  async unread(@CurrentUser() user: AuthUser) {
    await this.readModels.catchUp();
    return { count: this.notificationsOf(user).filter((n) => !n.readAt).length };
  }

  private notificationsOf(user: AuthUser) {
    return this.readModels
      .remindersOf(user.userId)
      .flatMap((r) =>
        r.recipients
          .filter((n) => n.userId === user.userId)
          .map((n) => ({
            id: n.notificationId,
            kind: r.kind,
            deploymentId: r.deploymentId,
            schoolUrn: r.schoolUrn,
            raisedOn: r.raisedOn,
            subject: r.subject,
            body: r.body,
            readAt: n.readAt,
            emailedAt: n.emailSentAt,
          })),
      )
      .sort((a, b) => (a.raisedOn < b.raisedOn ? 1 : a.raisedOn > b.raisedOn ? -1 : a.id.localeCompare(b.id)));
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  async read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    await this.readModels.catchUp();
    const reminder = this.readModels.reminderOfNotification(id);
    const notification = reminder?.recipients.find((n) => n.notificationId === id && n.userId === user.userId);
    // Someone else's notification is answered like a missing one: it reveals nothing.
    if (!reminder || !notification) throw new NotFoundError(`No notification ${id}`);
    if (!notification.readAt) {
      await this.store.append(
        reminderStream(reminder.reminderId),
        [
          {
            type: 'NotificationRead',
            data: {
              reminderId: reminder.reminderId,
              notificationId: id,
              userId: user.userId,
              readAt: this.clock.now().toISOString(),
            },
          },
        ],
        {
          expectedRevision: 'stream-exists',
          metadata: { actorUserId: user.userId },
        },
      );
    }
    return { id, read: true };
  }

  /** Jobs that failed every attempt: the dead-letter list. */
  @Get('jobs/failed')
  @Roles('facilitator')
  failed() {
    return this.jobs.failedJobs();
  }
}

@Module({})
export class SchedulingModule {
  /**
   * In-process jobs without Redis; BullMQ with it (loaded only then: it slows every start). Global, so that
   * invitations and password resets send through the same Mailer.
   */
  static register(config: AppConfig): DynamicModule | Promise<DynamicModule> {
    const scanEveryMs = config.jobsScanEverySeconds * 1000;
    const mailer = {
      provide: Mailer,
      useFactory: () => (config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new NoMailer()),
    };
    const common = [mailer, ReminderService, JobsLifecycle];
    if (!config.redisUrl) {
      return {
        module: SchedulingModule,
        controllers: [NotificationsController],
        providers: [
          ...common,
          {
            provide: JobQueue,
            useFactory: () => new InProcessJobQueue(scanEveryMs, config.jobsRetryBackoffMs, config.runJobs),
          },
        ],
        exports: [JobQueue, ReminderService, Mailer],
        global: true,
      };
    }
    return SchedulingModule.withBullMq(config, config.redisUrl, scanEveryMs, common);
  }

  private static async withBullMq(
    config: AppConfig,
    redisUrl: string,
    scanEveryMs: number,
    common: Provider[],
  ): Promise<DynamicModule> {
    const [{ BullModule, getQueueToken }, { BullMqJobQueue, JOBS_QUEUE, redisConnection }] = await Promise.all([
      import('@nestjs/bullmq'),
      import('./bullmq-job-queue.js'),
    ]);
    const connection = redisConnection(redisUrl);
    return {
      module: SchedulingModule,
      imports: [
        BullModule.forRoot({ connection, prefix: `${config.redisPrefix}:bull` }),
        BullModule.registerQueue({ name: JOBS_QUEUE }),
      ],
      controllers: [NotificationsController],
      providers: [
        ...common,
        {
          provide: JobQueue,
          inject: [getQueueToken(JOBS_QUEUE), APP_CONFIG],
          useFactory: (queue: Queue, c: AppConfig) =>
            new BullMqJobQueue(queue, connection, scanEveryMs, {
              runWorker: c.runJobs,
              backoffMs: c.jobsRetryBackoffMs,
              lockDurationMs: c.jobsLockSeconds * 1000,
              stalledIntervalMs: c.jobsLockSeconds * 1000,
            }),
        },
      ],
      exports: [JobQueue, ReminderService, Mailer],
      global: true,
    };
  }
}
