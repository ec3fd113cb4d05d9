import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../events/index.js';

/** The signed-in user, as their account stands now (see Sessions). */
export interface AuthUser {
  userId: string;
  role: Role;
  schoolUrn?: string;
  sleId?: string;
}

export const PUBLIC_ROUTE = 'auth:public';
export const ROLES = 'auth:roles';
export const STARTS_WEB_SESSION = 'auth:starts-web-session';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** A public route that may set the web app's session cookie: it needs the browser's CSRF token. */
export const StartsWebSession = () => SetMetadata(STARTS_WEB_SESSION, true);
/** Only these roles (admin is always allowed). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

/** Roles that read across the whole alliance. */
export const STAFF: Role[] = ['facilitator', 'core-team'];
