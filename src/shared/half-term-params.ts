import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateBy } from 'class-validator';
import { HALF_TERMS, type HalfTerm } from '../../events/index.js';
import { isAcademicYear } from '../calendar/academic-calendar.js';

/** `:academicYear/:halfTerm` in a route: the half-termly report's and the half-term review's. */
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
