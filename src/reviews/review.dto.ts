import { ApiProperty, PickType } from '@nestjs/swagger';
import { HalfTermParams } from '../shared/half-term-params.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { HALF_TERMS, type HalfTerm } from '../../events/index.js';
import { AttendeeDto } from '../deployments/deployment.dto.js';
import { IsIsoDate, IsMultiline, IsMultilineText, IsOneLine, IsUrn } from '../shared/validation.js';

export class AreaOfConcernDto {
  @IsUrn() schoolUrn!: string;
  @IsMultilineText(2000) concern!: string;
}

/** The record of a review: when, who was there, the schools it named and its notes. */
export class ReviewRecordDto {
  @IsIsoDate() heldOn!: string;
  @ApiProperty({ type: [AttendeeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees!: AttendeeDto[];
  @ApiProperty({ type: [AreaOfConcernDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AreaOfConcernDto)
  areasOfConcern!: AreaOfConcernDto[];
  @ApiProperty({ maxLength: 20000 }) @IsString() @IsMultiline() @MaxLength(20000) notes!: string;
}

export class HalfTermReviewDto extends ReviewRecordDto {
  @ApiProperty({ example: '2025-26' }) @IsString() @IsOneLine() academicYear!: string;
  @ApiProperty({ enum: HALF_TERMS }) @IsIn(HALF_TERMS) halfTerm!: HalfTerm;
}

/** A correction of a held review: the whole record as it should stand, and why it changed. */
export class ReviewAmendmentDto extends ReviewRecordDto {
  @IsMultilineText(2000) reason!: string;
}

export class ReviewsQuery extends PickType(HalfTermParams, ['academicYear'] as const) {}
