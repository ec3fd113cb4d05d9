import { Logger } from '@nestjs/common';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { EMAIL_ATTEMPTS, JobQueue, type FailedJob, type JobHandlers } from './job-queue.js';

export const JOBS_QUEUE = 'sle-jobs';
const SCAN_SCHEDULER = 'scan-reminders';

/** Redis connection options from REDIS_URL; workers need maxRetriesPerRequest null (BullMQ's rule). */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Jobs on BullMQ: a job scheduler runs the scan on every worker's behalf (one scan per period however many
 * workers there are), and each email is a job whose id is its notification id, so it is queued once.
 */
export class BullMqJobQueue extends JobQueue {
  private readonly logger = new Logger('Jobs');
  private worker?: Worker;
  private schedulerTimer?: NodeJS.Timeout;

  constructor(
    private readonly queue: Queue,
    private readonly connection: ConnectionOptions,
    private readonly scanEveryMs: number,
    private readonly options: {
      runWorker: boolean;
      backoffMs: number;
      lockDurationMs?: number;
      stalledIntervalMs?: number;
    },
  ) {
    super();
    // Reported once per outage by the worker below; without a listener BullMQ prints every reconnect attempt.
    this.queue.on('error', () => undefined);
  }

  async start(handlers: JobHandlers): Promise<void> {
    await this.upsertScheduler();
    // A Redis that restarted without its data has lost the scheduler too: put it back now and then.
    this.schedulerTimer = setInterval(
      () => void this.upsertScheduler().catch(() => undefined),
      Math.max(this.scanEveryMs, 1_000) * 2,
    );
    this.schedulerTimer.unref();
    if (!this.options.runWorker) return;
    this.worker = new Worker(
      this.queue.name,
      async (job: Job) => {
        if (job.name === 'scan') {
          const { emailsToSend } = await handlers.scan();
          for (const id of emailsToSend) await this.enqueueEmail(id);
          return { queued: emailsToSend.length };
        }
        if (job.name === 'send-email')
          return handlers.sendEmail((job.data as { notificationId: string }).notificationId);
        throw new Error(`Unknown job ${job.name}`);
      },
      {
        connection: this.connection,
        prefix: this.queue.opts.prefix,
        concurrency: 4,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn({
        msg: 'Job failed',
        job: job?.name,
        id: job?.id,
        attempt: job?.attemptsMade,
        error: error.message,
      }),
    );
    this.worker.on('error', (error) => this.logger.warn({ msg: 'Worker error', error: error.message }));
  }

  private upsertScheduler() {
    return this.queue.upsertJobScheduler(
      SCAN_SCHEDULER,
      { every: this.scanEveryMs },
      { name: 'scan', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async enqueueEmail(notificationId: string): Promise<void> {
    await this.queue.add(
      'send-email',
      { notificationId },
      {
        jobId: `email-${notificationId}`,
        attempts: EMAIL_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.options.backoffMs },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: false,
      },
    );
  }

  async failedJobs(): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, 199);
    return jobs.map((job) => ({
      id: job.id ?? '',
      name: job.name,
      data: job.data,
      attempts: job.attemptsMade,
      failedReason: job.failedReason,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  }

  async stop(): Promise<void> {
    clearInterval(this.schedulerTimer);
    await this.worker?.close();
  }
}
