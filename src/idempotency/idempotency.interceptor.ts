import {
  Inject,
  SetMetadata,
  CallHandler,
  ConflictException,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, createHmac } from 'node:crypto';
import { jwtSecret } from '../auth/jwt-secret.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Request, Response } from 'express';
import { catchError, of, tap, throwError, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { toHttpAnswer } from '../shared/http-error.filter.js';
import { IdempotencyStore } from './idempotency.store.js';

const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

const REDACTED = 'idempotency:redacted';

/**
 * Fields of the answer that are secrets shown once (a token, a link): they are left out of the answer kept
 * for a repeat, so no secret is ever written to the idempotency store, and a repeat answers without them.
 */
export const RedactedOnReplay = (...fields: string[]) => SetMetadata(REDACTED, fields);

/** Body fields that carry a secret: kept out of the stored fingerprint as they are (a plain hash of a password can be guessed offline). */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'token']);

/** `body` without the named fields, at any depth. */
export function redact(body: unknown, fields: readonly string[]): unknown {
  if (!fields.length || body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.map((item) => redact(item, fields));
  return Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => !fields.includes(key))
      .map(([key, value]) => [key, redact(value, fields)]),
  );
}

/**
 * `Idempotency-Key` on a POST: the first request runs; a repeat with the same key and body gets the same
 * status and answer without running again; the same key with a different body is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly fingerprintKey: string;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.fingerprintKey = createHmac('sha256', jwtSecret(config)).update('idempotency').digest('hex');
  }

  /** The body as fingerprinted: each secret field replaced by its HMAC under the server's key. */
  private fingerprintable(body: unknown): unknown {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    return Object.fromEntries(
      Object.entries(body).map(([key, value]) => [
        key,
        SECRET_FIELDS.has(key) && typeof value === 'string'
          ? createHmac('sha256', this.fingerprintKey).update(value).digest('hex')
          : value,
      ]),
    );
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY.test(key)) {
      return throwError(
        () => new InvalidCommandError({ 'Idempotency-Key': 'must be 1 to 200 letters, digits or _.:-' }),
      );
    }
    const scope = request.user?.userId ?? 'anonymous';
    const fingerprint = createHash('sha256')
      .update(
        `${request.method} ${request.originalUrl}\n${request.header('if-match') ?? ''}\n${JSON.stringify(this.fingerprintable(request.body ?? null))}`,
      )
      .digest('hex');
    const earlier = this.store.claim(scope, key, fingerprint);
    if (earlier !== 'claimed') {
      if (earlier.fingerprint !== fingerprint) {
        return throwError(
          () => new UnprocessableEntityException('This Idempotency-Key was used for a different request'),
        );
      }
      if (earlier.status === 0)
        return throwError(() => new ConflictException('A request with this Idempotency-Key is still in progress'));
      response.setHeader('Idempotent-Replayed', 'true');
      // A remembered refusal is thrown again with its original body; the filter writes it unchanged.
      if (earlier.status >= 400)
        return throwError(() => new HttpException(earlier.body as Record<string, unknown>, earlier.status));
      return of(earlier.body);
    }
    const secrets = this.reflector.get<string[] | undefined>(REDACTED, context.getHandler()) ?? [];
    return next.handle().pipe(
      tap((body) => this.store.complete(scope, key, response.statusCode, redact(body, secrets))),
      catchError((error) => {
        const [status, body] = toHttpAnswer(error);
        // A refusal is remembered so that the repeat is answered the same; a server error may be retried.
        if (status < 500) this.store.complete(scope, key, status, body);
        else this.store.release(scope, key);
        return throwError(() => error);
      }),
    );
  }
}
