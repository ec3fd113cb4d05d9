import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { WrongExpectedRevisionError } from './event-store/event-store.port.js';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from './shared/domain-errors.js';

/** Turns domain errors into the statuses of the HTTP contract; anything unexpected is a logged 500 that reveals nothing. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = toHttpAnswer(error);
    if (status >= 500)
      this.logger.error({ msg: 'Unhandled error', error: error instanceof Error ? error.stack : String(error) });
    // A throttled or locked-out attempt says when to try again.
    if (status === 429 && typeof body.retryAfterSeconds === 'number')
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    response.status(status).json(body);
  }
}

/** The status and body the contract gives for an error; shared with idempotent replays. */
export function toHttpAnswer(error: unknown): [number, Record<string, unknown>] {
  if (error instanceof InvalidCommandError) {
    const fields = Object.fromEntries(Object.entries(error.fields).map(([f, m]) => [f, [m]]));
    return [
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: Object.entries(error.fields).map(([f, m]) => `${f}: ${m}`),
        fields,
      },
    ];
  }
  if (error instanceof ConflictError || error instanceof WrongExpectedRevisionError) {
    const details = error instanceof ConflictError ? error.details : {};
    return [409, { ...details, statusCode: 409, error: 'Conflict', message: error.message }];
  }
  if (error instanceof NotFoundError) return [404, { statusCode: 404, error: 'Not Found', message: error.message }];
  if (error instanceof ForbiddenError) return [403, { statusCode: 403, error: 'Forbidden', message: error.message }];
  // Body-parser refusals (malformed JSON, too large, unknown charset) arrive wrapped by Nest, or raw.
  const parserError = bodyParserErrorOf(error);
  if (parserError) {
    const status = parserError.status;
    const problem = bodyParserProblem(parserError);
    return [
      status,
      {
        statusCode: status,
        error: STATUS_NAMES[status] ?? 'Bad Request',
        message: [`body: ${problem}`],
        fields: { body: [problem] },
      },
    ];
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    return [
      error.getStatus(),
      typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : (body as Record<string, unknown>),
    ];
  }
  return [
    500,
    { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong; it has been logged' },
  ];
}

type BodyParserError = Error & { status: number; type: string; limit?: number };

function bodyParserErrorOf(error: unknown): BodyParserError | undefined {
  const candidate = (error instanceof HttpException ? error.cause : error) as Partial<BodyParserError> | undefined;
  const { status, type } = candidate ?? {};
  return typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500
    ? (candidate as BodyParserError)
    : undefined;
}

const STATUS_NAMES: Record<number, string> = { 413: 'Payload Too Large', 415: 'Unsupported Media Type' };

function bodyParserProblem(error: BodyParserError): string {
  if (error.type === 'entity.parse.failed') return 'is not valid JSON';
  if (error.type === 'entity.too.large') return `is larger than ${error.limit} bytes`;
  return error.message;
}
