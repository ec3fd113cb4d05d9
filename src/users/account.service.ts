import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SignInLockout, TooManyAttempts } from '../auth/throttling.js';
import { normaliseEmail } from '../email-reservations/email-reservation.js';
import { ReadModels } from '../read-models/read-models.js';
import { AggregateRunner } from '../commands/aggregate-runner.js';
import { Clock } from '../shared/clock.js';
import { AccountDirectory } from './account-directory.js';
import { AccountCommands, type NewAccount } from './account.commands.js';
import { AccountMail, type LinkDelivery } from './one-time-links.js';
import type { Account } from './user.decider.js';

/** An account as the API shows it: never a hash. */
export interface UserSummary {
  id: string;
  email: string;
  name: string | null;
  role: Account['role'];
  schoolUrn?: string;
  sleId?: string;
  status: 'invited' | 'active' | 'disabled';
  invitedOn?: string;
  /** While invited: when the current link stops working. */
  invitationExpiresAt?: string;
  activatedAt?: string;
  signsInWith: string[];
  /** The names of the school or SLE linked, so that a page of people reads no list of every school or SLE. */
  schoolName?: string;
  sleName?: string;
}

export function summaryOf(account: Account): UserSummary {
  const { userId, email, name, role, schoolUrn, sleId, invitedOn, activatedAt } = account;
  return {
    id: userId,
    email,
    name,
    role,
    ...(schoolUrn ? { schoolUrn } : {}),
    ...(sleId ? { sleId } : {}),
    status: account.disabled ? 'disabled' : account.status,
    ...(invitedOn ? { invitedOn } : {}),
    ...(account.status === 'invited' && account.invitation
      ? { invitationExpiresAt: account.invitation.expiresAt }
      : {}),
    ...(activatedAt ? { activatedAt } : {}),
    signsInWith: [...(account.passwordHash ? ['password'] : []), ...account.signInProviders],
  };
}

/** The account commands as the API runs them, with signing in and the mails that links go out in. */
@Injectable()
export class AccountService {
  private readonly logger = new Logger('Accounts');
  readonly commands: AccountCommands;
  // Verifying against a real hash when there is no account keeps every failure equally slow.
  private readonly decoyHash = PasswordHasher.hash(randomBytes(16).toString('hex'));

  constructor(
    runner: AggregateRunner,
    private readonly readModels: ReadModels,
    private readonly directory: AccountDirectory,
    clock: Clock,
    private readonly mail: AccountMail,
    private readonly lockout: SignInLockout,
  ) {
    this.commands = new AccountCommands(runner, readModels, directory, clock);
  }

  /** Accounts as the API shows them, each with the name of the school or SLE it is linked to. */
  async summaries(accounts: readonly Account[]): Promise<UserSummary[]> {
    await this.readModels.catchUp();
    return accounts.map((account) => {
      const summary = summaryOf(account);
      const schoolName = summary.schoolUrn && this.readModels.schoolNameOf(summary.schoolUrn);
      const sleName = summary.sleId && this.readModels.sleNameOf(summary.sleId);
      return { ...summary, ...(schoolName ? { schoolName } : {}), ...(sleName ? { sleName } : {}) };
    });
  }

  async summary(account: Account): Promise<UserSummary> {
    return (await this.summaries([account]))[0];
  }

  /** The active account with this email and password, or 401 (429 while locked out). */
  async signIn(email: string, password: string): Promise<Account> {
    await this.directory.catchUp();
    const account = this.directory.byEmailAddress(email);
    const version = account?.passwordVersion ?? 0;
    const locked = await this.lockout.lockedFor(email, version);
    if (locked) throw new TooManyAttempts(locked);
    const ok = await PasswordHasher.verify(account?.passwordHash ?? (await this.decoyHash), password);
    if (!ok || !account || account.status !== 'active') {
      await this.lockout.failed(email, version);
      throw new UnauthorizedException('Email or password is wrong');
    }
    await this.lockout.succeeded(email, version);
    if (account.disabled) throw new UnauthorizedException('This account is disabled');
    return account;
  }

  async invite(input: NewAccount & { name: string }, actor: AuthUser) {
    const { userId, token, expiresAt } = await this.commands.invite(input, actor);
    const delivery = await this.mail.sendInvitation(
      { email: normaliseEmail(input.email), name: input.name, userId },
      token,
      expiresAt,
      this.nameOf(actor),
    );
    return { id: userId, expiresAt, ...delivery };
  }

  async reissueInvitation(userId: string, actor: AuthUser): Promise<LinkDelivery & { expiresAt: string }> {
    const { account, token, expiresAt } = await this.commands.reissueInvitation(userId, actor);
    const delivery = await this.mail.sendInvitation(
      { email: account.email, name: account.name ?? account.email, userId },
      token,
      expiresAt,
      this.nameOf(actor),
    );
    return { expiresAt, ...delivery };
  }

  /** Mails `token`'s invitation for an account the import created. */
  mailInvitation(
    account: { userId: string; email: string; name: string },
    token: string,
    expiresAt: string,
    actor: AuthUser,
  ) {
    return this.mail.sendInvitation(account, token, expiresAt, this.nameOf(actor));
  }

  /**
   * Sends a reset link if an active account has this email. Runs after the answer has gone, so that the
   * answer (and its timing) is the same whether or not the account exists.
   */
  requestResetLater(email: string): void {
    setImmediate(() => {
      this.commands
        .requestReset(email)
        .then((issued) => issued && this.mail.sendReset(issued.account, issued.token, issued.expiresAt))
        .catch((error: Error) => this.logger.warn({ msg: 'Could not start a password reset', error: error.message }));
    });
  }

  private nameOf(actor: AuthUser): string {
    const account = this.directory.get(actor.userId);
    return account?.name ?? account?.email ?? 'The alliance';
  }
}
