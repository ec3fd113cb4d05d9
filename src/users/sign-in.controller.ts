import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, StartsWebSession, type AuthUser } from '../auth/auth-user.js';
import { Sessions } from './sessions.js';
import { SignInThrottle } from '../auth/throttling.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { RedactedOnReplay } from '../idempotency/idempotency.interceptor.js';
import { AccountService } from './account.service.js';
import {
  ChangePasswordDto,
  LinkTokenDto,
  LoginDto,
  PasswordResetRequestDto,
  SetPasswordWithLinkDto,
} from './user.dto.js';
import type { Account } from './user.decider.js';

/** The signed-in user, as the contract's login answer gives it (with their name, when they have one). */
const userOf = (account: Account) => {
  const { userId: id, email, name, role, schoolUrn, sleId } = account;
  return {
    id,
    email,
    ...(name ? { name } : {}),
    role,
    ...(schoolUrn ? { schoolUrn } : {}),
    ...(sleId ? { sleId } : {}),
  };
};

/**
 * Signing in and out, for API clients (a bearer token) and for the web app (an httpOnly cookie and a CSRF
 * token), password changes and resets, and accepting an invitation.
 */
@ApiTags('accounts')
@Controller()
export class SignInController {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessions: Sessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** For API clients: a bearer token that expires after TOKEN_TTL. */
  @Public()
  @UseGuards(SignInThrottle)
  @Post('auth/login')
  @HttpCode(200)
  @RedactedOnReplay('token')
  async login(@Body() body: LoginDto) {
    const account = await this.accounts.signIn(body.email, body.password);
    return { token: await this.sessions.issue(account), user: userOf(account) };
  }

  /** The web app's session: who is signed in on this browser (or nobody), its CSRF token, and the providers. */
  @Public()
  @Get('auth/session')
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = this.sessions.sessionCookieOf(req);
    let user: ReturnType<typeof userOf> | null = null;
    if (token) {
      try {
        user = userOf((await this.sessions.authenticate(token)).account);
      } catch {
        // An ended session is no session: the browser signs in again.
        this.sessions.endWebSession(req, res);
      }
    }
    return { user, csrfToken: this.sessions.csrfToken(req, res), signInProviders: this.providers() };
  }

  /** Signs this browser in: the session goes in an httpOnly cookie, never to the page's script. */
  @Public()
  @StartsWebSession()
  @UseGuards(SignInThrottle)
  @Post('auth/session')
  @HttpCode(200)
  @RedactedOnReplay('csrfToken')
  async startSession(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const account = await this.accounts.signIn(body.email, body.password);
    const csrfToken = this.sessions.startWebSession(req, res, await this.sessions.issue(account));
    return { user: userOf(account), csrfToken };
  }

  /** Signs this browser out. */
  @Public()
  @StartsWebSession()
  @Delete('auth/session')
  @HttpCode(200)
  endSession(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.sessions.endWebSession(req, res);
    return { user: null, csrfToken: this.sessions.csrfToken(req, res, true) };
  }

  /** Who the session is: the account as it stands now. */
  @ApiBearerAuth()
  @Get('auth/me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    const { userId, role, schoolUrn, sleId } = user;
    return { userId, role, ...(schoolUrn ? { schoolUrn } : {}), ...(sleId ? { sleId } : {}) };
  }

  /** The signed-in person's own account: how they sign in, what they are linked to. */
  @ApiBearerAuth()
  @Get('auth/account')
  async account(@CurrentUser() user: AuthUser) {
    return this.accounts.summary(await this.accounts.commands.account(user.userId));
  }

  /** Ends every session of the signed-in user, on every device, this one included. */
  @ApiBearerAuth()
  @Post('auth/sign-out-everywhere')
  @HttpCode(200)
  async signOutEverywhere(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.accounts.commands.signOutEverywhere(user.userId);
    this.sessions.endWebSession(req, res);
    return { signedOut: true };
  }

  /**
   * A new password, given the current one. Every other session ends; this one goes on with a new token (a
   * new cookie for the web app, a new bearer token for an API client).
   */
  @ApiBearerAuth()
  @Post('auth/password')
  @HttpCode(200)
  @RedactedOnReplay('token', 'csrfToken')
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request & { sessionVia?: string },
    @Res({ passthrough: true }) res: Response,
  ) {
    const account = await this.accounts.commands.changePassword(user.userId, body.currentPassword, body.newPassword);
    const token = await this.sessions.issue(account);
    if (req.sessionVia === 'cookie')
      return { changed: true, csrfToken: this.sessions.startWebSession(req, res, token) };
    return { changed: true, token };
  }

  /** Sends a reset link if an account has this email. The answer is the same either way. */
  @Public()
  @UseGuards(SignInThrottle)
  @Post('auth/password-reset')
  @HttpCode(202)
  requestReset(@Body() body: PasswordResetRequestDto) {
    this.accounts.requestResetLater(body.email);
    return { message: 'If an account has this email, a link to choose a new password is on its way to it.' };
  }

  /** Chooses a new password with a reset link; every session ends and any lockout is lifted. */
  @Public()
  @UseGuards(SignInThrottle)
  @Post('auth/password-reset/complete')
  @HttpCode(200)
  async completeReset(@Body() body: SetPasswordWithLinkDto) {
    const account = await this.accounts.commands.resetPassword(body.token, body.password);
    return { email: account.email };
  }

  /** What an invitation link is for, so that its page can greet the person; 400 if it no longer works. */
  @Public()
  @UseGuards(SignInThrottle)
  @Post('invitations/lookup')
  @HttpCode(200)
  async lookUpInvitation(@Body() body: LinkTokenDto) {
    const account = await this.accounts.commands.invitationOf(body.token);
    if (!account) throw InvalidCommandError.field('token', 'this invitation link has expired or has already been used');
    return {
      email: account.email,
      name: account.name,
      role: account.role,
      expiresAt: account.invitation?.expiresAt,
      signInProviders: this.providers(),
    };
  }

  /** Accepts an invitation by choosing a password; then the person signs in with it. */
  @Public()
  @UseGuards(SignInThrottle)
  @Post('invitations/accept')
  @HttpCode(200)
  async acceptInvitation(@Body() body: SetPasswordWithLinkDto) {
    const account = await this.accounts.commands.acceptInvitation(body.token, body.password);
    return { email: account.email };
  }

  private providers() {
    return this.config.signInProviders.map(({ provider, label }) => ({ provider, label }));
  }
}
