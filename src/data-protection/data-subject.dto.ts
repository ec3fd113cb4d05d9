import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsMultilineText, IsText } from '../shared/validation.js';

export class DataSubjectParams {
  @IsText(320, { description: 'An SLE id, a user id or an email address' }) id!: string;
}

export class EraseDataSubjectDto {
  @IsMultilineText(1000, { example: 'Asked to be forgotten, letter of 2 January 2026' }) reason!: string;
  @ApiPropertyOptional({ description: 'Erase although the person has an active (brokered or deployed) deployment' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
