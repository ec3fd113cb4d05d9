import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { RedactedOnReplay } from '../idempotency/idempotency.interceptor.js';
import { ForbiddenError } from '../shared/domain-errors.js';
import { AccountDirectory } from './account-directory.js';
import { AccountService, summaryOf, type UserSummary } from './account.service.js';
import { FACILITATOR_INVITES, type Account } from './user.decider.js';
import { ChangeAccessDto, InviteUserDto, RegisterUserDto, UserIdParams, UserListQuery } from './user.dto.js';

/** A facilitator sees and invites the people of schools and SLEs; an admin everyone. */
const visibleTo = (viewer: AuthUser, account: Account) =>
  viewer.role === 'admin' || FACILITATOR_INVITES.includes(account.role);

/** People: who has access, invitations, roles and links, disabling. Every change is an event on the user's stream. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly accounts: AccountService,
    private readonly directory: AccountDirectory,
  ) {}

  /** An account with a password, made by an admin. */
  @Roles('admin')
  @Post()
  async register(@Body() body: RegisterUserDto, @CurrentUser() actor: AuthUser) {
    const { password, ...account } = body;
    const { userId } = await this.accounts.commands.register({ ...account, password }, actor.userId);
    return { id: userId };
  }

  /** The people, filtered; a search matches part of a name or an email. */
  @Roles('facilitator')
  @Get()
  async list(@Query() query: UserListQuery, @CurrentUser() viewer: AuthUser): Promise<UserSummary[]> {
    await this.directory.catchUp();
    const search = query.search?.trim().toLowerCase();
    const listed = this.directory
      .all()
      .filter((a) => visibleTo(viewer, a))
      .filter((a) => {
        const u = summaryOf(a);
        return (
          (!search || u.email.includes(search) || (u.name ?? '').toLowerCase().includes(search)) &&
          (!query.role || u.role === query.role) &&
          (!query.status || u.status === query.status) &&
          (!query.schoolUrn || u.schoolUrn === query.schoolUrn) &&
          (!query.sleId || u.sleId === query.sleId)
        );
      });
    return (await this.accounts.summaries(listed)).sort(
      (a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email) || a.id.localeCompare(b.id),
    );
  }

  @Roles('facilitator')
  @Get(':id')
  async get(@Param() { id }: UserIdParams, @CurrentUser() viewer: AuthUser): Promise<UserSummary> {
    const account = await this.accounts.commands.account(id);
    if (!visibleTo(viewer, account)) throw new ForbiddenError('A facilitator sees school and SLE users only');
    return this.accounts.summary(account);
  }

  /**
   * Invites a person by email: a one-time link, valid for 7 days. Without SMTP (or when the mail server refuses
   * it) the answer carries the link instead, this once, to hand over.
   */
  @Roles('facilitator')
  @Post('invitations')
  @RedactedOnReplay('link')
  invite(@Body() body: InviteUserDto, @CurrentUser() actor: AuthUser) {
    return this.accounts.invite(body, actor);
  }

  /** A new link for someone who has not accepted yet; the older one stops working. */
  @Roles('facilitator')
  @Post(':id/invitation')
  @RedactedOnReplay('link')
  reinvite(@Param() { id }: UserIdParams, @CurrentUser() actor: AuthUser) {
    return this.accounts.reissueInvitation(id, actor);
  }

  /** A new role, or another school or SLE; the person's sessions end, so it applies from their next request. */
  @Roles('admin')
  @Post(':id/access')
  @HttpCode(200)
  async changeAccess(@Param() { id }: UserIdParams, @Body() body: ChangeAccessDto, @CurrentUser() actor: AuthUser) {
    return this.accounts.summary(await this.accounts.commands.changeAccess(id, body, actor));
  }

  /** The person's very next request is refused, whatever token or cookie they hold. */
  @Roles('admin')
  @Post(':id/disable')
  @HttpCode(200)
  async disable(@Param() { id }: UserIdParams, @CurrentUser() actor: AuthUser) {
    return this.accounts.summary(await this.accounts.commands.disable(id, actor));
  }

  @Roles('admin')
  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param() { id }: UserIdParams, @CurrentUser() actor: AuthUser) {
    return this.accounts.summary(await this.accounts.commands.reenable(id, actor));
  }
}
