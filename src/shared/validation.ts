import {
  applyDecorators,
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD`. */
export const IsIsoDate = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    Matches(ISO_DATE, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
    ApiProperty({ type: String, format: 'date', example: '2025-10-01', ...options }),
  );

/** Non-blank text of bounded length. */
export const IsText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(maxLength),
    ApiProperty({ type: String, maxLength, ...options }),
  );

/** Optional non-blank text. */
export const IsOptionalText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsOptional(),
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(maxLength),
    ApiPropertyOptional({ type: String, maxLength, ...options }),
  );

/** The six-digit unique reference number of a school in England. */
export const IsUrn = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    Matches(/^\d{6}$/, { message: '$property must be a six-digit URN' }),
    ApiProperty({ type: String, example: '100001', ...options }),
  );

/** A whole or half number of days. */
export const isHalfDays = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value * 2);

/** Flattens nested validation errors into `field.path: messages`. */
export function fieldMessages(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints)
      out[path] = Object.values(error.constraints).map((m) =>
        m.replace(/^property (\S+) should not exist$/, 'is not a known field'),
      );
    Object.assign(out, fieldMessages(error.children ?? [], path));
  }
  return out;
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly fields: Record<string, string[]>) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: Object.entries(fields).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`)),
      fields,
    });
  }
}

/**
 * Validates every body, query and parameter DTO: unknown fields are refused, nothing is coerced, and the
 * answer names each bad field. A body that is not a JSON object is refused before it reaches a DTO.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(fieldMessages(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError({ body: ['must be a JSON object'] });
      }
    }
    return super.transform(value, metadata);
  }
}
