import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '../../events/index.js';
import { PUBLIC_ROUTE, ROLES, type AuthUser } from './auth-user.js';

/** Every route needs a valid bearer token unless marked @Public; @Roles narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const [scheme, token] = String(request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('A bearer token is required');
    let user: AuthUser;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; role: Role; schoolUrn?: string; sleId?: string }>(token);
      user = { userId: claims.sub, role: claims.role, schoolUrn: claims.schoolUrn, sleId: claims.sleId };
    } catch {
      throw new UnauthorizedException('The token is invalid or has expired');
    }
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && user.role !== 'admin' && !roles.includes(user.role)) {
      throw new ForbiddenException(`The ${user.role} role may not do this`);
    }
    return true;
  }
}
