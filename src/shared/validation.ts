import {
  applyDecorators,
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  isEmail,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IsoDate } from '../../events/index.js';
import { academicYearBounds, academicYearOf, academicYearStarting } from '../calendar/academic-calendar.js';
import type { Clock } from './clock.js';
import { plainMessages } from './plain-messages.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD`. */
export const IsIsoDate = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    Matches(ISO_DATE, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
    ApiProperty({ type: String, format: 'date', example: '2025-10-01', ...options }),
  );

// ---- characters ----

/** Control characters (C0, DEL, C1) and halves of a surrogate pair, which no UTF-8 store keeps intact. */
const FORBIDDEN_IN_ONE_LINE = /[\p{Cc}\p{Cs}]/u;
/** The same, but a tab and line breaks may stay: free text written in a text area. */
const FORBIDDEN_IN_MULTILINE = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;
/**
 * A character a reader can see: not whitespace, not a format character (zero-width space, joiners, bidi
 * marks, byte-order mark, soft hyphen), not a combining mark on its own, not unassigned or private, and not
 * one of the letters that are drawn blank (Hangul fillers, the blank braille pattern).
 */
const VISIBLE = /[^\s\p{C}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

const codePoint = (text: string, pattern: RegExp) => {
  const found = pattern.exec(text)?.[0];
  return found === undefined ? '' : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** Names and one-line fields: no control character at all, line breaks included. */
export const IsOneLine = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isOneLine',
      validator: {
        validate: (value) => typeof value !== 'string' || !FORBIDDEN_IN_ONE_LINE.test(value),
        defaultMessage: (args) =>
          `$property must be one line without control characters (found ${codePoint(String(args?.value), FORBIDDEN_IN_ONE_LINE)})`,
      },
    },
    options,
  );

/** Free text (notes, summaries): line breaks and tabs allowed, other control characters not. */
export const IsMultiline = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMultiline',
      validator: {
        validate: (value) => typeof value !== 'string' || !FORBIDDEN_IN_MULTILINE.test(value),
        defaultMessage: (args) =>
          `$property must not contain control characters other than line breaks and tabs (found ${codePoint(String(args?.value), FORBIDDEN_IN_MULTILINE)})`,
      },
    },
    options,
  );

/** At least one character a reader can see: a name made only of spaces or zero-width characters is blank. */
export const IsNotBlank = () =>
  ValidateBy({
    name: 'isNotBlank',
    validator: {
      validate: (value) => typeof value !== 'string' || VISIBLE.test(value),
      defaultMessage: () => '$property must not be blank',
    },
  });

const text = (lines: 'one' | 'many', maxLength: number) => [
  IsString(),
  lines === 'one' ? IsOneLine() : IsMultiline(),
  IsNotBlank(),
  MaxLength(maxLength),
];

/** A name or other one-line text: non-blank, bounded, no control characters. */
export const IsText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(...text('one', maxLength), ApiProperty({ type: String, maxLength, ...options }));

/** Optional one-line text; when given, as IsText. */
export const IsOptionalText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsOptional(),
    ...text('one', maxLength),
    ApiPropertyOptional({ type: String, maxLength, ...options }),
  );

/** Free text that may run over several lines (notes, summaries, reasons): non-blank and bounded. */
export const IsMultilineText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(...text('many', maxLength), ApiProperty({ type: String, maxLength, ...options }));

/** Optional free text; when given, as IsMultilineText. */
export const IsOptionalMultilineText = (maxLength: number, options: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsOptional(),
    ...text('many', maxLength),
    ApiPropertyOptional({ type: String, maxLength, ...options }),
  );

/**
 * An email address on one line. validator.js's isEmail throws (URIError) on half a surrogate pair, which would
 * be a 500, so such text is left to IsOneLine to name.
 */
export const IsEmailAddress = () =>
  applyDecorators(
    IsOneLine(),
    ValidateBy({
      name: 'isEmailAddress',
      validator: {
        validate: (value) => typeof value === 'string' && !/\p{Cs}/u.test(value) && isEmail(value),
        defaultMessage: () => '$property must be an email',
      },
    }),
    MaxLength(254),
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

// ---- planned dates ----

/** How far ahead a date may be planned: to the end of the academic year this many years from today. */
export const PLANNING_HORIZON_YEARS = 5;

/** The last day a date may be planned for, seen from `today`: 2026-03-02 gives 2031-08-31. */
export function planningHorizonEnd(today: IsoDate): IsoDate {
  const yearNow = Number(academicYearOf(today).slice(0, 4));
  return academicYearBounds(academicYearStarting(yearNow + PLANNING_HORIZON_YEARS)).to;
}

/** Today by the app's Clock, for the validation running now; set by StrictValidationPipe. */
const validationDay = new AsyncLocalStorage<IsoDate>();

function today(): IsoDate {
  const day = validationDay.getStore();
  if (day === undefined)
    throw new Error('A planned date is checked only inside StrictValidationPipe, which knows today');
  return day;
}

/** A date in the plan (an end date, a start date agreed ahead): real, and not beyond the planning horizon. */
export const IsPlannedDate = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    IsIsoDate({
      description: `No later than the end of the academic year ${PLANNING_HORIZON_YEARS} years from today`,
      ...options,
    }),
    ValidateBy({
      name: 'isWithinPlanningHorizon',
      validator: {
        // Malformed dates are named by IsIsoDate; comparing them here would only repeat it.
        validate: (value) => typeof value !== 'string' || !ISO_DATE.test(value) || value <= planningHorizonEnd(today()),
        defaultMessage: () =>
          `$property must be on or before ${planningHorizonEnd(today())}, the end of the academic year ${PLANNING_HORIZON_YEARS} years from today`,
      },
    }),
  );

// ---- the pipe ----

/** Flattens nested validation errors into `field.path: messages`. */
export function fieldMessages(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints)
      // In plain words, and said once however many of the field's rules it breaks the same way (a page of "two"
      // is neither whole nor 1 or more).
      out[path] = [
        ...new Set(
          plainMessages(
            error.property,
            Object.values(error.constraints).map((m) =>
              m.replace(/^property (\S+) should not exist$/, 'is not a known field'),
            ),
          ),
        ),
      ];
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
 * answer names each bad field. A body that is not a JSON object is refused before it reaches a DTO. Rules
 * that depend on the date (planned dates) read today from the app's Clock.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor(private readonly clock: Clock) {
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

  protected override validate(object: object, options?: ValidatorOptions) {
    return validationDay.run(this.clock.today(), () => super.validate(object, options));
  }
}
