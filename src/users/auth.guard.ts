import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '../../events/index.js';
import { PUBLIC_ROUTE, ROLES, STARTS_WEB_SESSION, type AuthUser } from '../auth/auth-user.js';
import { Sessions } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs a session unless marked @Public; @Roles narrows who may call it. A session is a bearer
 * token (API clients) or the web app's cookie; a change sent with the cookie must carry its CSRF token, and
 * so must a public route that starts a web session (signing in must not be forged either).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly sessions: Sessions,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthUser; sessionVia?: 'bearer' | 'cookie' }>();
    this.sessions.readCookies(request, http.getResponse<Response>());
    const unsafe = !SAFE_METHODS.has(request.method);

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (unsafe && this.reflector.getAllAndOverride<boolean>(STARTS_WEB_SESSION, targets)) this.requireCsrf(request);
      return true;
    }

    const authorization = request.headers.authorization;
    let token: string | undefined;
    if (authorization !== undefined) {
      const [scheme, value] = String(authorization).split(' ');
      if (scheme !== 'Bearer' || !value) throw new UnauthorizedException('A bearer token is required');
      token = value;
      request.sessionVia = 'bearer';
    } else {
      token = this.sessions.sessionCookieOf(request);
      request.sessionVia = 'cookie';
    }
    if (!token) throw new UnauthorizedException('Sign in first: a bearer token or a session cookie is required');
    const { user } = await this.sessions.authenticate(token);
    if (request.sessionVia === 'cookie' && unsafe) this.requireCsrf(request);
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && user.role !== 'admin' && !roles.includes(user.role)) {
      throw new ForbiddenException(`The ${user.role} role may not do this`);
    }
    return true;
  }

  private requireCsrf(request: Request): void {
    if (!this.sessions.csrfValid(request))
      throw new ForbiddenException('The CSRF token is missing or does not match this session; reload the page');
  }
}
