import { Logger } from '@nestjs/common';
import { EMAIL_ATTEMPTS, JobQueue, type FailedJob, type JobHandlers } from './job-queue.js';

/** Jobs in this process: a timer for the scan, and emails retried with exponential backoff. */
export class InProcessJobQueue extends JobQueue {
  private readonly logger = new Logger('Jobs');
  private handlers?: JobHandlers;
  private timer?: NodeJS.Timeout;
  private readonly queued = new Set<string>();
  private readonly failed = new Map<string, FailedJob>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private scanning?: Promise<void>;

  constructor(
    private readonly scanEveryMs: number,
    private readonly backoffMs: number,
    /** RUN_JOBS: false keeps this process to the API, with no scans of its own. */
    private readonly runJobs = true,
  ) {
    super();
  }

  async start(handlers: JobHandlers): Promise<void> {
    this.handlers = handlers;
    if (!this.runJobs) {
      this.logger.warn({ msg: 'RUN_JOBS=false: this process raises no reminders and sends no email' });
      return;
    }
    this.timer = setInterval(() => void this.scanNow(), this.scanEveryMs);
    this.timer.unref();
    void this.scanNow();
  }

  /** Runs a scan now and queues what it found; overlapping calls share one scan. */
  scanNow(): Promise<void> {
    this.scanning ??= (async () => {
      try {
        const { emailsToSend } = await this.handlers!.scan();
        for (const id of emailsToSend) await this.enqueueEmail(id);
      } catch (error) {
        this.logger.warn({ msg: 'Reminder scan failed; the next one will retry', error: (error as Error).message });
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  async enqueueEmail(notificationId: string): Promise<void> {
    if (this.queued.has(notificationId) || this.failed.has(notificationId)) return;
    this.queued.add(notificationId);
    void this.attempt(notificationId, 1);
  }

  private async attempt(notificationId: string, attempt: number): Promise<void> {
    try {
      await this.handlers!.sendEmail(notificationId);
      this.queued.delete(notificationId);
    } catch (error) {
      if (attempt >= EMAIL_ATTEMPTS) {
        this.queued.delete(notificationId);
        this.failed.set(notificationId, {
          id: notificationId,
          name: 'send-email',
          data: { notificationId },
          attempts: attempt,
          failedReason: (error as Error).message,
          failedAt: new Date().toISOString(),
        });
        return;
      }
      const retry = setTimeout(
        () => {
          this.retries.delete(retry);
          void this.attempt(notificationId, attempt + 1);
        },
        this.backoffMs * 2 ** (attempt - 1),
      );
      retry.unref();
      this.retries.add(retry);
    }
  }

  /** Resolves once nothing is queued (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.scanning;
    while (this.queued.size) await new Promise((r) => setTimeout(r, 10));
  }

  async failedJobs(): Promise<FailedJob[]> {
    return [...this.failed.values()];
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.retries.forEach(clearTimeout);
    await this.scanning;
  }
}
