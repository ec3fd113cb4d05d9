import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateBy } from 'class-validator';
import { HALF_TERMS, type HalfTerm } from '../../events/index.js';
import { isAcademicYear } from '../calendar/academic-calendar.js';
import { IsIsoDate, IsOptionalText } from '../shared/validation.js';

export class HalfTermParams {
  @ApiProperty({ example: '2025-26', description: 'Academic year, 1 September to 31 August' })
  @ValidateBy({
    name: 'isAcademicYear',
    validator: {
      validate: (value) => typeof value === 'string' && isAcademicYear(value),
      defaultMessage: () => '$property must be an academic year such as 2025-26',
    },
  })
  academicYear!: string;

  @ApiProperty({ enum: HALF_TERMS })
  @IsIn(HALF_TERMS, { message: `$property must be one of ${HALF_TERMS.join(', ')}` })
  halfTerm!: HalfTerm;
}

export class HalfTermReportQuery {
  @IsOptionalText(100, {
    example: 'Buckinghamshire',
    description: "Only this local authority's schools (a hub's own review); every school when absent",
  })
  localAuthority?: string;
  @IsOptionalText(50, {
    example: 'sle',
    description: "Only this programme's deployments; every programme's when absent",
  })
  programme?: string;
}

export class ImpactQuery {
  @IsOptionalText(50, {
    example: 'sle',
    description: "Only this programme's deployments; every programme's when absent",
  })
  programme?: string;
  @IsIsoDate({ description: 'First evaluation date counted' }) from!: string;

  @IsIsoDate({ example: '2026-08-31', description: 'Last evaluation date counted; not before from' })
  @ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (value, args) => {
        const from = (args?.object as ImpactQuery | undefined)?.from;
        return typeof value !== 'string' || typeof from !== 'string' || value >= from;
      },
      defaultMessage: () => '$property must not be before from',
    },
  })
  to!: string;
}
