import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PHASES, type Phase } from '../../events/index.js';
import { PageQuery, sortMessage, sortsOf } from '../shared/paging.js';
import { IsEmailAddress, IsIsoDate, IsMultilineText, IsOneLine, IsText, IsUrn } from '../shared/validation.js';

export class DesignateSleDto {
  @IsText(200, { example: 'Sam Patel' }) name!: string;
  @ApiProperty({ example: 'sam.patel@school.example' }) @IsEmailAddress() email!: string;
  @IsUrn() homeSchoolUrn!: string;
  @ApiPropertyOptional({
    example: ['sle'],
    description: "The programmes the specialist belongs to: `['sle']` when absent",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsOneLine({ each: true })
  programmes?: string[];
  @ApiProperty({
    example: ['maths-primary'],
    description: "Each one of the specialisms of the specialist's programmes",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsOneLine({ each: true })
  specialisms!: string[];
  @ApiProperty({ enum: PHASES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PHASES, { each: true })
  phases!: Phase[];
  @ApiProperty({ example: 20, description: 'Days the SLE can give in one academic year' })
  @IsInt()
  @Min(1)
  @Max(190)
  capacityDays!: number;
  @IsIsoDate() designatedOn!: string;
}

export class SleCapacityDto {
  @ApiProperty({ example: 25 }) @IsInt() @Min(0) @Max(190) capacityDays!: number;
  @IsIsoDate() on!: string;
}

export class SleSpecialismsDto {
  @ApiProperty({ example: ['maths-primary', 'assessment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsOneLine({ each: true })
  specialisms!: string[];
  @IsIsoDate() on!: string;
}

export class EndDesignationDto {
  @IsIsoDate() on!: string;
  @IsMultilineText(1000) reason!: string;
}

/** What the SLE list sorts by. */
export const SLE_SORTS = ['name', 'homeSchool', 'capacityDays', 'designatedOn'] as const;
export type SleSort = ReturnType<typeof sortsOf<(typeof SLE_SORTS)[number]>>[number];

export class UtilisationQuery {
  @ApiPropertyOptional({ example: '2025-26', description: 'Academic year; the current one when absent' })
  @IsOptional()
  @IsString()
  academicYear?: string;
}

export class ListSlesQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2025-26', description: 'Academic year; the current one when absent' })
  @IsOptional()
  @IsString()
  academicYear?: string;

  @ApiPropertyOptional({ enum: sortsOf(SLE_SORTS), default: 'name' })
  @IsOptional()
  @IsIn(sortsOf(SLE_SORTS), { message: sortMessage(SLE_SORTS) })
  sort?: SleSort;
}
