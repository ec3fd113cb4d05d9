import { programmesOf, type Programme, type ProgrammeView } from '../../projections/programmes.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import type { AppConfig } from '../config/app-config.js';

/** The alliance's programmes as the rules take them: the SLE programme (with SPECIALISMS until defined) and the rest. */
export const programmeCatalogue = (
  views: { programmes: ReadonlyMap<string, ProgrammeView> },
  config: Pick<AppConfig, 'specialisms'>,
): Programme[] => programmesOf(views.programmes, config.specialisms);

/** A report's `?programme=`: answered 400 naming the field when no such programme is defined. */
export function checkProgrammeFilter(
  views: { programmes: ReadonlyMap<string, ProgrammeView> },
  config: Pick<AppConfig, 'specialisms'>,
  programme: string | undefined,
): void {
  if (programme === undefined) return;
  const known = programmeCatalogue(views, config).map((p) => p.programmeId);
  if (!known.includes(programme))
    throw InvalidCommandError.field('programme', `must be one of the programmes ${known.join(', ')}`);
}
