import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Mailer } from '../mail/mailer.js';
import type { OneTimeLink } from './user.decider.js';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
/** Shorter than an invitation's: a reset link is asked for by someone wanting in now. */
export const RESET_TTL_MS = 3_600_000;

/** A token is 32 random bytes; what is recorded is its SHA-256, so a copy of the events opens no account. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** A token as it came in a request: 43 base64url characters, else nothing could match it. */
export const isTokenShaped = (token: unknown): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

export function newOneTimeLink(now: Date, ttlMs: number): { token: string; link: OneTimeLink } {
  const token = randomBytes(32).toString('base64url');
  return { token, link: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttlMs).toISOString() } };
}

/** A link mailed to a person, or handed to the inviter when no mail could be sent. */
export interface LinkDelivery {
  mailed: boolean;
  /** Only when it was not mailed: shown to the inviter this once, never stored. */
  link?: string;
}

const dateOf = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });

/**
 * Writes and sends the invitation and password reset mails through the app's Mailer (SMTP_URL). The links
 * point at PUBLIC_URL, never at the Host a request named (which a caller chooses). The token travels in the
 * URL's fragment, which browsers send to no server and put in no Referer.
 */
@Injectable()
export class AccountMail {
  private readonly logger = new Logger('AccountMail');

  constructor(
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  invitationUrl = (token: string) => `${this.config.publicUrl}/#/invitation?token=${token}`;
  resetUrl = (token: string) => `${this.config.publicUrl}/#/reset-password?token=${token}`;

  /** Mails the invitation; without SMTP (or when the server refuses it) the link is given back instead. */
  async sendInvitation(
    to: { email: string; name: string; userId: string },
    token: string,
    expiresAt: string,
    invitedBy: string,
  ): Promise<LinkDelivery> {
    const url = this.invitationUrl(token);
    const providers = this.config.signInProviders.map((p) => p.label);
    const text = [
      `Hello ${to.name},`,
      '',
      `${invitedBy} has invited you to the alliance's SLE brokerage service.`,
      '',
      `Open this link to ${providers.length ? `set a password or sign in with ${providers.join(' or ')}` : 'set your password'}:`,
      url,
      '',
      `The link works once and until ${dateOf(expiresAt)}. If you did not expect it, you can ignore this email.`,
    ].join('\n');
    return this.send(to.email, 'You are invited to the SLE brokerage service', text, url, `invitation-${to.userId}`);
  }

  async sendReset(to: { email: string; userId: string }, token: string, expiresAt: string): Promise<boolean> {
    const url = this.resetUrl(token);
    const text = [
      'Someone (we hope you) asked to reset the password of your SLE brokerage account.',
      '',
      'Open this link to choose a new password:',
      url,
      '',
      `The link works once and until ${dateOf(expiresAt)}. If you did not ask, ignore this email: your password stays as it is.`,
    ].join('\n');
    return (await this.send(to.email, 'Reset your SLE brokerage password', text, url, `reset-${to.userId}`)).mailed;
  }

  private async send(to: string, subject: string, text: string, url: string, kind: string): Promise<LinkDelivery> {
    if (!this.mailer.enabled) return { mailed: false, link: url };
    try {
      await this.mailer.send({
        to,
        subject,
        text,
        messageId: `<${kind}-${randomBytes(8).toString('hex')}@sle-brokerage>`,
      });
      return { mailed: true };
    } catch (error) {
      this.logger.warn({ msg: 'Could not send a mail', kind: kind.split('-')[0], error: (error as Error).message });
      return { mailed: false, link: url };
    }
  }
}
