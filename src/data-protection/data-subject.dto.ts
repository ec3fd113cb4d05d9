import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
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

/** Someone held only as a name in text: sent in the body, so that the name is in no address or log. */
export class NamedPersonDto {
  @IsText(200, { example: 'Jo Head', description: 'Their name as staff would have written it' })
  @MinLength(4, { message: '$property must be at least 4 letters long, so that it names one person' })
  name!: string;
}

export class EraseNamedPersonDto extends NamedPersonDto {
  @IsMultilineText(1000, { example: 'Asked to be forgotten, letter of 2 January 2026' }) reason!: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'The records to erase, from the search (`notes:…`, `attendees:…`, `review:…`); all when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  records?: string[];
  @ApiPropertyOptional({ description: 'Erase although a record belongs to an active deployment' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}
