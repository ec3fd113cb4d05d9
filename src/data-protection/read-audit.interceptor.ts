import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { tap, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../shared/clock.js';
import { ReadAudit } from './read-audit.js';

/** The reads of a school's or a person's data that are audited, by the first part of the route after /api. */
const AUDITED = new Set([
  'schools',
  'sles',
  'deployments',
  'support-requests',
  'reports',
  'half-term-reviews',
  'users',
  'data-subjects',
]);

/** Whose data a route's parameter names. */
const PARAM_SUBJECTS: Record<string, Record<string, string>> = {
  schools: { urn: 'school' },
  sles: { sleId: 'sle' },
  deployments: { id: 'deployment' },
  'support-requests': { id: 'deployment' },
  users: { id: 'user' },
  'data-subjects': { id: 'person' },
};

/** What a handler sets on the request when it knows better whose data was read (a person found by email). */
export type AuditedRequest = Request & { user?: AuthUser; auditSubject?: string };

/**
 * Records each successful GET of those routes in the read audit, once answered: who read, and whose data (the
 * school, SLE, deployment or person the route names; the list or report otherwise). A read sent as a POST (a
 * search by name, whose name stays out of the address) is recorded when its handler names whose data it read.
 */
@Injectable()
export class ReadAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: ReadAudit,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const route = (request.route as { path?: string } | undefined)?.path;
    const user = request.user;
    if (!route || !user) return next.handle();
    const [capability, ...rest] = route.replace(/^\/api\//, '').split('/');
    const audited = request.method === 'GET' && AUDITED.has(capability);
    const params = request.params as Record<string, string>;
    const named = Object.entries(PARAM_SUBJECTS[capability] ?? {}).find(([param]) => params[param] !== undefined);
    const subject = named ? `${named[1]}:${params[named[0]]}` : [capability, ...rest].join('/');
    return next.handle().pipe(
      tap(() => {
        if (!audited && request.auditSubject === undefined) return;
        this.audit.record({
          at: this.clock.now().toISOString(),
          userId: user.userId,
          role: user.role,
          route,
          subject: request.auditSubject ?? subject,
        });
      }),
    );
  }
}
