import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../../events/index.js';

/** The signed-in user, as carried by the bearer token. */
export interface AuthUser {
  userId: string;
  role: Role;
  schoolUrn?: string;
  sleId?: string;
}

export const PUBLIC_ROUTE = 'auth:public';
export const ROLES = 'auth:roles';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Only these roles (admin is always allowed). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

/** Roles that read across the whole alliance. */
export const STAFF: Role[] = ['facilitator', 'core-team'];
