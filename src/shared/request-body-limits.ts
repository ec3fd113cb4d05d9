import { HttpException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestValidationError } from './validation.js';

/** How deep a body may nest, counting each object and array: the deepest request (a review's attendees) needs 3. */
export const MAX_BODY_DEPTH = 8;
/** How many members and items a body may hold in all: the largest review (500 areas of concern) holds about 1,700. */
export const MAX_BODY_VALUES = 10_000;
/** Keys that reach an object's prototype when the body is copied into a class; no request has such a field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class BodyTooLargeError extends HttpException {
  constructor(message: string) {
    super(
      { statusCode: 413, error: 'Payload Too Large', message: [`body: ${message}`], fields: { body: [message] } },
      413,
    );
  }
}

/**
 * Refuses a parsed body whose shape no request has, before anything copies, hashes or validates it: nested
 * deeper than MAX_BODY_DEPTH (class-transformer copies recursively and overflows the stack), holding more than
 * MAX_BODY_VALUES values, or with a prototype key anywhere, which is named like any unknown field. Walks the
 * body with its own stack, so the check cannot overflow either. Undefined when the body is fine.
 */
export function bodyShapeProblem(body: unknown): HttpException | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const pending: { value: object; depth: number; path: string }[] = [{ value: body, depth: 1, path: '' }];
  let values = 0;
  while (pending.length) {
    const { value, depth, path } = pending.pop()!;
    if (depth > MAX_BODY_DEPTH)
      return new RequestValidationError({ body: [`is nested more than ${MAX_BODY_DEPTH} levels deep`] });
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key))
        return new RequestValidationError({ [at]: ['is not a known field'] });
      if (++values > MAX_BODY_VALUES) return new BodyTooLargeError(`holds more than ${MAX_BODY_VALUES} values`);
      const child: unknown = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: depth + 1, path: at });
    }
  }
  return undefined;
}

/** Express middleware, placed right after the body parsers. */
export function refuseUnsafeBodies(req: Request, _res: Response, next: NextFunction): void {
  next(bodyShapeProblem(req.body));
}
