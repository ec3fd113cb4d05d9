import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';

/**
 * One structured line per request: method, route pattern, status, duration, user id. No bodies, headers,
 * tokens or query strings, so nothing personal or secret reaches the logs.
 */
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('http');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    return next.handle().pipe(
      finalize(() => {
        const response = context.switchToHttp().getResponse<Response>();
        this.logger.log({
          method: request.method,
          route: request.route?.path ?? 'unknown',
          // On an error the filter sets the status after this runs; the error itself is logged there when it is a 500.
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
          userId: request.user?.userId,
        });
      }),
    );
  }
}
