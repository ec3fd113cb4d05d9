import { randomBytes, randomUUID } from 'node:crypto';
import { userStream, type AccountAccess, type SignInProvider } from '../../events/index.js';
import type { SleView } from '../../projections/sle-view.js';
import type { AuthUser } from '../auth/auth-user.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { passwordProblem } from '../auth/password-policy.js';
import { normaliseEmail, reserveEmail } from '../email-reservations/email-reservation.js';
import type { AggregateRunner } from '../commands/aggregate-runner.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from '../shared/domain-errors.js';
import type { AccountDirectory } from './account-directory.js';
import { hashToken, INVITATION_TTL_MS, isTokenShaped, newOneTimeLink, RESET_TTL_MS } from './one-time-links.js';
import { FACILITATOR_INVITES, userDecider, type Account, type UserCommand } from './user.decider.js';

/** What the account commands read of the alliance's views: the schools and SLEs an account may be linked to. */
export interface LinkableViews {
  schools: ReadonlyMap<string, unknown>;
  sles: ReadonlyMap<string, SleView>;
  catchUp(): Promise<void>;
}

export interface NewAccount extends AccountAccess {
  email: string;
  name?: string;
}

/** A one-time link's token, to mail; never recorded. */
export interface IssuedLink {
  token: string;
  expiresAt: string;
}

const expiredLink = (field: 'token', what: string) =>
  InvalidCommandError.field(field, `this ${what} link has expired or has already been used`);

/**
 * Every change to an account, each one event (or two) on the user's stream through the aggregate runner. The
 * CSV import builds one with its planning runner and planned views, so an imported invitation passes the
 * very same rules; everything else gets the Nest-built one (`AccountService`).
 */
export class AccountCommands {
  constructor(
    private readonly runner: AggregateRunner,
    private readonly views: LinkableViews,
    private readonly directory: AccountDirectory,
    private readonly clock: Clock,
  ) {}

  private now = () => this.clock.now().toISOString();

  private run(
    userId: string,
    command: UserCommand | ((account: Account) => UserCommand | Promise<UserCommand>),
    actor?: string,
  ) {
    return this.runner.run(
      userStream(userId),
      userDecider,
      typeof command === 'function'
        ? async (state) => {
            if (state.status !== 'invited' && state.status !== 'active') throw new NotFoundError(`No user ${userId}`);
            return command(state);
          }
        : command,
      { actorUserId: actor },
    );
  }

  /** The account, or 404. */
  async account(userId: string): Promise<Account> {
    await this.directory.catchUp();
    const account = this.directory.get(userId);
    if (!account) throw new NotFoundError(`No user ${userId}`);
    return account;
  }

  /** Checks the school or SLE an account is linked to exists; names the field otherwise. */
  private async checkLinks({ schoolUrn, sleId }: AccountAccess): Promise<void> {
    await this.views.catchUp();
    const problems: Record<string, string> = {};
    if (schoolUrn && !this.views.schools.has(schoolUrn))
      problems.schoolUrn = `no school with URN ${schoolUrn} is registered`;
    if (sleId && !this.views.sles.has(sleId)) problems.sleId = `no SLE ${sleId} is designated`;
    if (Object.keys(problems).length) throw new InvalidCommandError(problems);
  }

  /**
   * Takes the address for a new account, or throws ConflictError. The command is decided first (against no
   * stream, as it will be), so that input the account would refuse never holds an address.
   */
  private async reserveFor(
    command: Extract<UserCommand, { type: 'RegisterUser' | 'InviteUser' }>,
    actor?: string,
  ): Promise<void> {
    const { email, userId } = command;
    userDecider.decide(command, userDecider.initialState);
    await this.checkLinks(command);
    await this.directory.catchUp();
    // Accounts made before addresses were reserved hold theirs in the directory alone.
    if (this.directory.byEmailAddress(email)) throw new ConflictError(`A user with the email ${email} already exists`);
    await reserveEmail(this.runner, {
      holder: 'user',
      email,
      ownerId: userId,
      ownerStream: userStream,
      ownerStatus: async (ownerId) => {
        await this.directory.catchUp();
        return this.directory.get(ownerId) ? 'holds' : 'absent';
      },
      now: this.now(),
      actorUserId: actor,
    });
  }

  /** An account with a password, made by an admin (`POST /api/users`) or at first start. */
  async register(
    input: NewAccount & { password: string },
    actor?: string,
    { checkPolicy = true } = {},
  ): Promise<{ userId: string }> {
    const email = normaliseEmail(input.email);
    const problem = checkPolicy && passwordProblem(input.password, [email]);
    if (problem) throw InvalidCommandError.field('password', problem);
    const userId = randomUUID();
    const { role, schoolUrn, sleId } = input;
    const command: UserCommand = {
      type: 'RegisterUser',
      userId,
      email,
      name: input.name ?? null,
      passwordHash: await PasswordHasher.hash(input.password),
      role,
      schoolUrn,
      sleId,
    };
    await this.reserveFor(command, actor);
    await this.run(userId, command, actor);
    return { userId };
  }

  /** An invited account and its first invitation link. Facilitators may invite school and SLE users only. */
  async invite(input: NewAccount & { name: string }, actor: AuthUser): Promise<{ userId: string } & IssuedLink> {
    if (actor.role !== 'admin' && !FACILITATOR_INVITES.includes(input.role))
      throw new ForbiddenError(`A ${actor.role} may invite school and SLE users only`);
    const email = normaliseEmail(input.email);
    const userId = randomUUID();
    const { token, link } = newOneTimeLink(this.clock.now(), INVITATION_TTL_MS);
    const { role, schoolUrn, sleId, name } = input;
    const command: UserCommand = {
      type: 'InviteUser',
      userId,
      email,
      name,
      role,
      schoolUrn,
      sleId,
      invitedOn: this.clock.today(),
      link,
    };
    await this.reserveFor(command, actor.userId);
    await this.run(userId, command, actor.userId);
    return { userId, token, expiresAt: link.expiresAt };
  }

  /** A new invitation link for someone who has not accepted yet; the older link stops working. */
  async reissueInvitation(userId: string, actor: AuthUser): Promise<{ account: Account } & IssuedLink> {
    const account = await this.account(userId);
    if (actor.role !== 'admin' && !FACILITATOR_INVITES.includes(account.role))
      throw new ForbiddenError(`A ${actor.role} may invite school and SLE users only`);
    const { token, link } = newOneTimeLink(this.clock.now(), INVITATION_TTL_MS);
    await this.run(userId, { type: 'ReissueInvitation', link, now: this.now() }, actor.userId);
    return { account, token, expiresAt: link.expiresAt };
  }

  /** The invitation a link's token opens, if it still does. */
  async invitationOf(token: unknown): Promise<Account | undefined> {
    if (!isTokenShaped(token)) return undefined;
    await this.directory.catchUp();
    const account = this.directory.invitedWith(hashToken(token));
    const open =
      account?.status === 'invited' && !account.disabled && (account.invitation?.expiresAt ?? '') > this.now();
    return open ? account : undefined;
  }

  /** Sets the invited person's password: the account is active. */
  async acceptInvitation(token: string, password: string): Promise<Account> {
    const account = await this.invitationOf(token);
    if (!account) throw expiredLink('token', 'invitation');
    const problem = passwordProblem(password, [account.email]);
    if (problem) throw InvalidCommandError.field('password', problem);
    const passwordHash = await PasswordHasher.hash(password);
    await this.run(account.userId, {
      type: 'AcceptInvitation',
      tokenHash: hashToken(token),
      passwordHash,
      now: this.now(),
    });
    return this.account(account.userId);
  }

  /** An invited person signed in with a provider that verified their email: the account is active. */
  async acceptWithProvider(userId: string, provider: SignInProvider): Promise<Account> {
    await this.run(userId, { type: 'AcceptInvitationWithProvider', provider, now: this.now() });
    return this.account(userId);
  }

  /** A reset link for an active account with this email; undefined (and nothing recorded) for any other email. */
  async requestReset(email: string): Promise<({ account: Account } & IssuedLink) | undefined> {
    await this.directory.catchUp();
    const account = this.directory.byEmailAddress(email);
    if (!account || account.status !== 'active' || account.disabled) return undefined;
    const { token, link } = newOneTimeLink(this.clock.now(), RESET_TTL_MS);
    await this.run(account.userId, { type: 'RequestPasswordReset', link, now: this.now() });
    return { account, token, expiresAt: link.expiresAt };
  }

  /** The account a reset link's token opens, if it still does. */
  async resetOf(token: unknown): Promise<Account | undefined> {
    if (!isTokenShaped(token)) return undefined;
    await this.directory.catchUp();
    const account = this.directory.resettingWith(hashToken(token));
    const open = account?.status === 'active' && !account.disabled && (account.reset?.expiresAt ?? '') > this.now();
    return open ? account : undefined;
  }

  async resetPassword(token: string, password: string): Promise<Account> {
    const account = await this.resetOf(token);
    if (!account) throw expiredLink('token', 'reset');
    const problem = passwordProblem(password, [account.email]);
    if (problem) throw InvalidCommandError.field('password', problem);
    const passwordHash = await PasswordHasher.hash(password);
    await this.run(account.userId, {
      type: 'ResetPassword',
      tokenHash: hashToken(token),
      passwordHash,
      now: this.now(),
    });
    return this.account(account.userId);
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<Account> {
    const account = await this.account(userId);
    const problem = passwordProblem(newPassword, [account.email]);
    if (problem) throw InvalidCommandError.field('newPassword', problem);
    const passwordHash = await PasswordHasher.hash(newPassword);
    await this.run(
      userId,
      async (state) => ({
        type: 'ChangePassword',
        currentPasswordMatches:
          !!state.passwordHash && (await PasswordHasher.verify(state.passwordHash, currentPassword)),
        passwordHash,
        now: this.now(),
      }),
      userId,
    );
    return this.account(userId);
  }

  /** A new role or linked school/SLE (admin). The last admin keeps the admin role. */
  async changeAccess(userId: string, access: AccountAccess, actor: AuthUser): Promise<Account> {
    const account = await this.account(userId);
    await this.checkLinks(access);
    if (account.role === 'admin' && access.role !== 'admin') this.keepAnAdmin(account, 'change the role of');
    await this.run(userId, { type: 'ChangeAccess', access, now: this.now() }, actor.userId);
    return this.account(userId);
  }

  async disable(userId: string, actor: AuthUser): Promise<Account> {
    const account = await this.account(userId);
    if (userId === actor.userId) throw new ConflictError('You cannot disable your own account');
    if (account.role === 'admin') this.keepAnAdmin(account, 'disable');
    await this.run(userId, { type: 'DisableUser', now: this.now() }, actor.userId);
    return this.account(userId);
  }

  async reenable(userId: string, actor: AuthUser): Promise<Account> {
    await this.account(userId);
    await this.run(userId, { type: 'ReenableUser', now: this.now() }, actor.userId);
    return this.account(userId);
  }

  async signOutEverywhere(userId: string): Promise<Account> {
    await this.run(userId, { type: 'SignOutEverywhere', now: this.now() }, userId);
    return this.account(userId);
  }

  /** A new calendar feed token for the person (the old address stops working); returns the token, shown once. */
  async issueCalendarFeed(userId: string): Promise<{ token: string; account: Account }> {
    const token = randomBytes(32).toString('base64url');
    await this.run(userId, { type: 'IssueCalendarFeed', tokenHash: hashToken(token), now: this.now() }, userId);
    return { token, account: await this.account(userId) };
  }

  private keepAnAdmin(account: Account, doing: string): void {
    const others = this.directory
      .all()
      .filter((a) => a.role === 'admin' && a.status === 'active' && !a.disabled && a.userId !== account.userId);
    if (!others.length) throw new ConflictError(`You cannot ${doing} the last active admin; make another admin first`);
  }
}
