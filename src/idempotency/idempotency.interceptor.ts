import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  ServiceUnavailableException,
  SetMetadata,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, defer, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';
import { jwtSecret } from '../auth/jwt-secret.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { toHttpAnswer } from '../http-error.filter.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';

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
 * `Idempotency-Key` on a POST by a signed-in user: the first request runs; a repeat with the same key and
 * body gets the same status and answer without running again, on whichever node it lands; the same key with
 * a different body is refused. A sign-in is never recorded (its answer is a token).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
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
    const userId = request.user?.userId;
    if (!userId) return next.handle();
    const fingerprint = createHash('sha256')
      .update(
        `${request.method} ${request.originalUrl}\n${request.header('if-match') ?? ''}\n${JSON.stringify(this.fingerprintable(request.body ?? null))}`,
      )
      .digest('hex');
    return from(this.claim(userId, key, fingerprint)).pipe(
      mergeMap((earlier) => {
        if (earlier === 'claimed') {
          const secrets = this.reflector.get<string[] | undefined>(REDACTED, context.getHandler()) ?? [];
          return this.run(next, response, userId, key, secrets);
        }
        if (earlier.fingerprint !== fingerprint)
          throw new UnprocessableEntityException('This Idempotency-Key was used for a different request');
        if (earlier.status === 0)
          throw new ConflictException('A request with this Idempotency-Key is still in progress');
        response.setHeader('Idempotent-Replayed', 'true');
        // A remembered refusal is thrown again with its original body; the filter writes it unchanged.
        if (earlier.status >= 400) throw new HttpException(earlier.body as Record<string, unknown>, earlier.status);
        return of(earlier.body);
      }),
    );
  }

  private async claim(userId: string, key: string, fingerprint: string): Promise<StoredAnswer | 'claimed'> {
    try {
      return await this.store.claim(userId, key, fingerprint);
    } catch (error) {
      this.logger.error({ msg: 'Idempotency records unavailable', error: (error as Error).message });
      throw new ServiceUnavailableException('Idempotency-Key cannot be checked right now; try again shortly');
    }
  }

  /** Runs the request and records its answer before it is sent, so a repeat sent after it finds it. */
  private run(
    next: CallHandler,
    response: Response,
    userId: string,
    key: string,
    secrets: readonly string[],
  ): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((body) =>
        defer(() => this.record(userId, key, response.statusCode, redact(body, secrets))).pipe(
          mergeMap(() => of(body)),
        ),
      ),
      catchError((error) => {
        const [status, body] = toHttpAnswer(error);
        // A refusal is remembered so that the repeat is answered the same; a server error may be retried.
        const kept = status < 500 ? this.record(userId, key, status, body) : this.forget(userId, key);
        return from(kept).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  private async record(userId: string, key: string, status: number, body: unknown): Promise<void> {
    try {
      await this.store.complete(userId, key, status, body);
    } catch (error) {
      // The command has run: answer it; a repeat finds the claim until its lease runs out.
      this.logger.warn({ msg: 'Idempotent answer not recorded', error: (error as Error).message });
    }
  }

  private async forget(userId: string, key: string): Promise<void> {
    try {
      await this.store.release(userId, key);
    } catch (error) {
      this.logger.warn({ msg: 'Idempotency claim not released', error: (error as Error).message });
    }
  }
}
