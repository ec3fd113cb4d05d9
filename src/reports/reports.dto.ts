import { ValidateBy } from 'class-validator';
import { IsIsoDate, IsOptionalText } from '../shared/validation.js';

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
