import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CONTACT_CHANNELS,
  DEPLOYMENT_STATUSES,
  PROGRESS_STATUSES,
  REQUEST_SOURCES,
  type ContactChannel,
  type DeploymentStatus,
  type ProgressStatus,
  type RequestSource,
} from '../../events/index.js';
import { MAX_MATCHES } from '../../projections/match-score.js';
import { PageQuery, sortMessage, sortsOf } from '../shared/paging.js';
import { DEPLOYMENT_SORTS } from './deployment-list.js';
import {
  IsIsoDate,
  IsMultilineText,
  IsOptionalMultilineText,
  IsOptionalText,
  IsPlannedDate,
  IsText,
  IsUrn,
  isHalfDays,
} from '../shared/validation.js';

const FINITE = { allowNaN: false, allowInfinity: false };
const HalfDays = () =>
  ValidateBy({
    name: 'isHalfDays',
    validator: { validate: isHalfDays, defaultMessage: () => '$property must be a whole or half number of days' },
  });

/** An attendee; `userId` or `sleId` says which person it is, so that their name is erased with them. */
export class AttendeeDto {
  @IsText(200, { example: 'Jo Smith' }) name!: string;
  @IsText(200, { example: 'Headteacher' }) role!: string;
  @IsOptionalText(100, { description: "The attendee's account, when they have one" }) userId?: string;
  @IsOptionalText(100, { description: "The attendee's SLE record, when they are an SLE" }) sleId?: string;
}

export class ExpectedOutcomeDto {
  @IsText(300, { example: '% of Y2 teaching judged good or better' }) measure!: string;
  @IsText(50, { example: '%' }) unit!: string;
  @ApiProperty({ example: 40 }) @IsNumber(FINITE) baseline!: number;
  @ApiProperty({ example: 75 }) @IsNumber(FINITE) target!: number;
}

export class RequestSupportDto {
  @IsUrn() schoolUrn!: string;
  @IsOptionalText(50, { example: 'sle', description: 'The programme: `sle` when absent' }) programme?: string;
  @IsText(100, { example: 'maths-primary', description: 'One of the configured specialisms' }) specialism!: string;
  @IsMultilineText(2000, { example: 'Raise attainment in KS2 reasoning' }) areaOfNeed!: string;
  @ApiProperty({ enum: REQUEST_SOURCES }) @IsIn(REQUEST_SOURCES) source!: RequestSource;
  @IsIsoDate() requestedOn!: string;
}

export class BrokerageMeetingDto {
  @IsText(100) sleId!: string;
  @IsIsoDate() heldOn!: string;
  @ApiProperty({ type: [AttendeeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees!: AttendeeDto[];
  @IsMultilineText(2000) areaOfNeed!: string;
  @IsPlannedDate() startDate!: string;
  @IsPlannedDate() endDate!: string;
  @ApiProperty({ example: 5, description: 'Days commissioned; whole or half days' })
  @IsNumber(FINITE)
  @Min(0.5)
  @Max(190)
  @HalfDays()
  daysCommissioned!: number;
  @ApiProperty({ type: [ExpectedOutcomeDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExpectedOutcomeDto)
  expectedOutcomes!: ExpectedOutcomeDto[];
  @IsOptionalMultilineText(1000, {
    description: "Give a reason to commission beyond the SLE's remaining capacity knowingly",
  })
  capacityOverrideReason?: string;
}

export class DeployDto {
  @IsIsoDate() startedOn!: string;
}

export class ContactDto {
  @IsIsoDate() on!: string;
  @ApiProperty({ enum: CONTACT_CHANNELS }) @IsIn(CONTACT_CHANNELS) channel!: ContactChannel;
  @ApiProperty({ enum: [0, 0.5, 1], description: '0 for a call or email, 0.5 or 1 for a visit' })
  @IsIn([0, 0.5, 1])
  daysUsed!: number;
  @ApiProperty({ enum: PROGRESS_STATUSES }) @IsIn(PROGRESS_STATUSES) status!: ProgressStatus;
  @IsMultilineText(4000) note!: string;
}

export class ExtensionDto {
  @IsIsoDate() on!: string;
  @ApiProperty({ example: 3 }) @IsNumber(FINITE) @Min(0) @Max(190) @HalfDays() additionalDays!: number;
  @IsPlannedDate() newEndDate!: string;
  @IsMultilineText(2000) focus!: string;
  @IsOptionalMultilineText(1000) capacityOverrideReason?: string;
}

export class OutcomeActualDto {
  @IsText(300) measure!: string;
  @ApiProperty({ example: 70 }) @IsNumber(FINITE) actual!: number;
}

export class ImpactEvaluationDto {
  @IsIsoDate() heldOn!: string;
  @ApiProperty({ type: [OutcomeActualDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OutcomeActualDto)
  outcomes!: OutcomeActualDto[];
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) schoolRating!: number;
  @IsMultilineText(4000) summary!: string;
}

export class CancellationDto {
  @IsIsoDate() on!: string;
  @IsMultilineText(2000) reason!: string;
}

export class WithdrawalDto {
  @IsIsoDate() on!: string;
  @IsMultilineText(2000) reason!: string;
}

export class ListDeploymentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: sortsOf(DEPLOYMENT_SORTS), default: '-requestedOn' })
  @IsOptional()
  @IsIn(sortsOf(DEPLOYMENT_SORTS), { message: sortMessage(DEPLOYMENT_SORTS) })
  sort?: (typeof DEPLOYMENT_SORTS)[number] | `-${(typeof DEPLOYMENT_SORTS)[number]}`;

  @ApiPropertyOptional({ enum: DEPLOYMENT_STATUSES })
  @IsOptional()
  @IsIn(DEPLOYMENT_STATUSES)
  status?: DeploymentStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() schoolUrn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() sleId?: string;
}

/** Matches listed when the caller does not say: a shortlist for the brokerage meeting. */
export const DEFAULT_MATCHES = 10;

export class MatchesQuery {
  @ApiPropertyOptional({ description: 'Also list ineligible SLEs with the reasons' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeIneligible?: 'true' | 'false';

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_MATCHES,
    default: DEFAULT_MATCHES,
    description: 'How many of the best matches (and of the ineligible SLEs) to list; the counts say how many there are',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATCHES)
  limit?: number;
}

/** Reads `If-Match` as the deployment version; a quoted ETag is accepted too. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return match ? Number(match[1]) : Number.NaN;
}
