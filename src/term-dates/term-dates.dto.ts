import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import { HALF_TERMS, type HalfTerm } from '../../events/index.js';
import { IsIsoDate, IsOneLine, IsOptionalText } from '../shared/validation.js';

export class HalfTermDatesDto {
  @ApiProperty({ enum: HALF_TERMS }) @IsIn(HALF_TERMS) halfTerm!: HalfTerm;
  /** The first teaching day. */
  @IsIsoDate({ example: '2025-09-03' }) from!: string;
  /** The last teaching day. */
  @IsIsoDate({ example: '2025-10-24' }) to!: string;
}

export class DefineTermDatesDto {
  @ApiProperty({ example: '2025-26' }) @IsString() @IsOneLine() academicYear!: string;
  /** Absent for the alliance's own dates; a local authority's name for dates its schools keep instead. */
  @IsOptionalText(100, { example: 'Milton Keynes' }) localAuthority?: string;
  @ApiProperty({ type: [HalfTermDatesDto], minItems: 6, maxItems: 6 })
  @IsArray()
  @ArrayMinSize(6)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => HalfTermDatesDto)
  halfTerms!: HalfTermDatesDto[];
}

export class TermDatesQuery {
  @ApiPropertyOptional({ example: '2025-26', description: 'The current academic year when absent' })
  @IsOptional()
  @IsString()
  academicYear?: string;
  @ApiPropertyOptional({ description: "A local authority's dates (the alliance's where it has none of its own)" })
  @IsOptional()
  @IsString()
  @IsOneLine()
  localAuthority?: string;
}
