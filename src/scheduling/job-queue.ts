/** A job that failed every attempt, for the facilitator's dead-letter list. */
export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  failedReason: string;
  failedAt: string | null;
}

export interface JobHandlers {
  scan(): Promise<{ emailsToSend: string[] }>;
  sendEmail(notificationId: string): Promise<unknown>;
}

export const EMAIL_ATTEMPTS = 5;

/**
 * Where jobs run: BullMQ on Redis when REDIS_URL is set, in this process otherwise. The same handlers run
 * either way; a periodic scan raises reminders and queues every email not yet sent.
 */
export abstract class JobQueue {
  abstract start(handlers: JobHandlers): Promise<void>;
  /** Queues one notification's email; queuing the same one twice runs it once. */
  abstract enqueueEmail(notificationId: string): Promise<void>;
  abstract failedJobs(): Promise<FailedJob[]>;
  abstract stop(): Promise<void>;
}
