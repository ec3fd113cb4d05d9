import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a mail system that sees it twice can drop the copy. */
  messageId: string;
}

/** Sends mail through SMTP_URL; without it nothing is emailed (notifications stay in the app). */
export abstract class Mailer {
  abstract readonly enabled: boolean;
  abstract send(email: OutgoingEmail): Promise<void>;
  abstract close(): Promise<void>;
}

export class SmtpMailer extends Mailer {
  readonly enabled = true;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    // Loaded here, only when SMTP is configured: loading nodemailer slows every start.
    const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
    this.transport = nodemailer.createTransport(url);
  }

  async send({ to, subject, text, messageId }: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject, text, messageId });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

export class NoMailer extends Mailer {
  readonly enabled = false;
  async send(): Promise<void> {
    throw new Error('No SMTP_URL is configured');
  }
  async close(): Promise<void> {}
}
