import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, ValidateIf } from 'class-validator';
import { PageQuery, sortMessage, sortsOf } from '../shared/paging.js';
import {
  OFSTED_CATEGORIES,
  OFSTED_GRADES,
  PHASES,
  type OfstedCategory,
  type OfstedGrade,
  type Phase,
} from '../../events/index.js';
import { IsIsoDate, IsText, IsUrn } from '../shared/validation.js';

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

export class OfstedJudgementDto {
  @ApiProperty({ enum: OFSTED_GRADES }) @IsIn(OFSTED_GRADES) grade!: OfstedGrade;
  @ApiPropertyOptional({ enum: OFSTED_CATEGORIES }) @IsOptional() @IsIn(OFSTED_CATEGORIES) category?: OfstedCategory;
  @IsIsoDate() inspectedOn!: string;
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
