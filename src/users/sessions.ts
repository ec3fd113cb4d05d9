import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AccountDirectory } from './account-directory.js';
import type { Account } from './user.decider.js';
import type { AuthUser } from '../auth/auth-user.js';
import { jwtSecret } from '../auth/jwt-secret.js';

/** The web app's session: the same signed token an API client sends as a bearer token, in an httpOnly cookie. */
export const SESSION_COOKIE = 'sle_session';
/** The double-submit cookie csrf-csrf checks the `X-CSRF-Token` header against. */
export const CSRF_COOKIE = 'sle_csrf';
export const CSRF_HEADER = 'x-csrf-token';

interface SessionClaims {
  sub: string;
  /** The account's session version when the token was issued. */
  sv: number;
  exp?: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `8h` → 28,800,000 */
export const durationMs = (ttl: string) => Number(ttl.slice(0, -1)) * UNITS[ttl.slice(-1)];

const parseCookies = cookieParser();

/**
 * Issues and checks sessions. A token names the user and the account's session version; on every request
 * the account is looked up in the directory (caught up with the store first), so a token of a disabled or
 * unknown account, or of an older session version (password changed or reset, role changed, "sign out
 * everywhere"), is refused at once, whichever process issued it. Tokens always carry an expiry.
 *
 * The web app holds its token in an httpOnly, SameSite=Lax cookie (Secure over https, or always with
 * COOKIE_SECURE=true) and sends a CSRF token (csrf-csrf's double submit, bound to the session) with every
 * change; API clients send the token as a bearer token and need no CSRF token.
 */
@Injectable()
export class Sessions {
  private readonly csrf: ReturnType<typeof doubleCsrf>;
  private readonly ttlMs: number;

  constructor(
    private readonly jwt: JwtService,
    private readonly directory: AccountDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.ttlMs = durationMs(config.tokenTtl);
    const secret = createHmac('sha256', jwtSecret(config)).update('csrf').digest('base64url');
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      // The session the token is for: the cookie being set by this request, else the one it carries.
      getSessionIdentifier: (req) =>
        (req as Request & { startedSession?: string }).startedSession ?? req.cookies?.[SESSION_COOKIE] ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
      getCsrfTokenFromRequest: (req) => req.headers[CSRF_HEADER],
    });
  }

  issue(account: Account): Promise<string> {
    const claims: SessionClaims = { sub: account.userId, sv: account.sessionVersion };
    return this.jwt.signAsync(claims);
  }

  /** The signed-in user a token stands for, or 401. */
  async authenticate(token: string): Promise<{ user: AuthUser; account: Account }> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.sv !== 'number')
      throw new UnauthorizedException('The token is invalid or has expired');
    await this.directory.catchUp();
    const account = this.directory.get(claims.sub);
    if (!account || account.status !== 'active') throw new UnauthorizedException('The token names no account');
    if (account.disabled) throw new UnauthorizedException('This account is disabled');
    if (account.sessionVersion !== claims.sv)
      throw new UnauthorizedException('This session has ended; please sign in again');
    const { userId, role, schoolUrn, sleId } = account;
    return { user: { userId, role, ...(schoolUrn ? { schoolUrn } : {}), ...(sleId ? { sleId } : {}) }, account };
  }

  /** Parses the request's cookies once (`req.cookies`). */
  readCookies(req: Request, res: Response): void {
    if (!req.cookies) parseCookies(req, res, () => undefined);
  }

  sessionCookieOf(req: Request): string | undefined {
    const value = req.cookies?.[SESSION_COOKIE];
    return typeof value === 'string' && value ? value : undefined;
  }

  private secure(req: Request): boolean {
    return this.config.cookieSecure === 'auto' ? req.secure : this.config.cookieSecure;
  }

  /** Starts a web session on this browser; answers the CSRF token that goes with it. */
  startWebSession(req: Request, res: Response, token: string): string {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure(req),
      path: '/',
      maxAge: this.ttlMs,
    });
    (req as Request & { startedSession?: string }).startedSession = token;
    return this.csrfToken(req, res, true);
  }

  endWebSession(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure(req), path: '/' });
    (req as Request & { startedSession?: string }).startedSession = '';
  }

  /** A CSRF token for the browser's current session (or for none, to sign in with). */
  csrfToken(req: Request, res: Response, overwrite = false): string {
    return this.csrf.generateCsrfToken(req, res, {
      overwrite,
      cookieOptions: { sameSite: 'lax', path: '/', secure: this.secure(req), httpOnly: true },
    });
  }

  /** Whether the request carries the CSRF token of the session it comes with. */
  csrfValid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }
}
