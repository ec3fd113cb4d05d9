import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsObject, IsOptional, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { PageQuery, sortMessage, sortsOf } from '../shared/paging.js';
import {
  KEY_JUDGEMENT_AREAS,
  KEY_JUDGEMENT_SAFEGUARDING,
  OFSTED_CATEGORIES,
  OFSTED_FRAMEWORKS,
  OFSTED_GRADES,
  PHASES,
  REPORT_CARD_AREAS,
  REPORT_CARD_CATEGORIES,
  REPORT_CARD_GRADES,
  REPORT_CARD_SAFEGUARDING,
  type OfstedCategory,
  type OfstedFramework,
  type OfstedGrade,
  type Phase,
} from '../../events/index.js';
import { IsIsoDate, IsText, IsUrn } from '../shared/validation.js';

/** An object whose values are all strings (at most 40 keys), as a grade by area is. */
const IsStringValues = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isStringValues',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.keys(value).length <= 40 &&
          Object.values(value).every((v) => typeof v === 'string'),
        defaultMessage: () => '$property must give each area a grade written as text',
      },
    },
    options,
  );

export class RegisterSchoolDto {
  @IsUrn() urn!: string;
  @IsText(200, { example: 'Pioneer Primary School' }) name!: string;
  @ApiProperty({ enum: PHASES }) @IsIn(PHASES) phase!: Phase;
  @IsText(100, { example: 'Buckinghamshire' }) localAuthority!: string;
  @ApiPropertyOptional({ enum: OFSTED_GRADES }) @IsOptional() @IsIn(OFSTED_GRADES) ofstedGrade?: OfstedGrade;
  @ApiPropertyOptional({ enum: OFSTED_CATEGORIES })
  @IsOptional()
  @IsIn(OFSTED_CATEGORIES)
  ofstedCategory?: OfstedCategory;
  /** Required with a grade, and only with one. */
  @ValidateIf((o: RegisterSchoolDto) => o.ofstedGrade !== undefined || o.ofstedInspectedOn !== undefined)
  @IsIsoDate({ required: false, description: 'Required with ofstedGrade' })
  ofstedInspectedOn?: string;
}

/**
 * One inspection's judgement, of the generation its date implies (docs/ofsted.md): `grade` (and `category`)
 * before September 2024; `areas` (and optional `safeguarding`, `category`) to 9 November 2025; `areas` and
 * `safeguarding` from 10 November 2025, the category then following from the grades. The grades and areas
 * are checked against that generation's lists when the judgement is decided, naming the field.
 */
export class OfstedJudgementDto {
  @IsIsoDate() inspectedOn!: string;
  @ApiPropertyOptional({ enum: OFSTED_FRAMEWORKS, description: 'Taken from inspectedOn when absent' })
  @IsOptional()
  @IsIn(OFSTED_FRAMEWORKS)
  framework?: OfstedFramework;
  @ApiPropertyOptional({ enum: OFSTED_GRADES, description: 'Overall effectiveness, before September 2024' })
  @IsOptional()
  @IsIn(OFSTED_GRADES)
  grade?: OfstedGrade;
  @ApiPropertyOptional({ enum: [...OFSTED_CATEGORIES, ...REPORT_CARD_CATEGORIES] })
  @IsOptional()
  @IsIn([...OFSTED_CATEGORIES, ...REPORT_CARD_CATEGORIES], {
    message: `category must be one of ${OFSTED_CATEGORIES.join(', ')}`,
  })
  category?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `Grade by area: ${KEY_JUDGEMENT_AREAS.join(', ')} (September 2024 to 9 November 2025, graded ${OFSTED_GRADES.join(' / ')}); ${REPORT_CARD_AREAS.join(', ')} (report cards, graded ${REPORT_CARD_GRADES.join(' / ')}). Early years and sixth form where they apply.`,
    example: { inclusion: 'expected-standard', achievement: 'needs-attention' },
  })
  @IsOptional()
  @IsObject()
  @IsStringValues()
  areas?: Record<string, string>;
  @ApiPropertyOptional({ enum: [...KEY_JUDGEMENT_SAFEGUARDING, ...REPORT_CARD_SAFEGUARDING] })
  @IsOptional()
  @IsIn([...KEY_JUDGEMENT_SAFEGUARDING, ...REPORT_CARD_SAFEGUARDING], {
    message: 'safeguarding must be met or not met on a report card (effective or not effective from September 2024)',
  })
  safeguarding?: string;
}

export class SchoolDataPointDto {
  @IsText(300, { example: 'KS2 reading expected standard' }) measure!: string;
  @IsText(50, { example: '%' }) unit!: string;
  @ApiProperty({ example: 62 }) @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
  @IsIsoDate() recordedOn!: string;
}

/** What the schools list sorts by. */
export const SCHOOL_SORTS = ['name', 'urn', 'localAuthority', 'phase'] as const;
export type SchoolSort = ReturnType<typeof sortsOf<(typeof SCHOOL_SORTS)[number]>>[number];

export class ListSchoolsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: sortsOf(SCHOOL_SORTS), default: 'name' })
  @IsOptional()
  @IsIn(sortsOf(SCHOOL_SORTS), { message: sortMessage(SCHOOL_SORTS) })
  sort?: SchoolSort;
}
