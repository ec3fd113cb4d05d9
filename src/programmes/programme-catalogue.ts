import { programmesOf, type Programme, type ProgrammeView } from '../../projections/programmes.js';
import type { AppConfig } from '../config/app-config.js';

/** The alliance's programmes as the rules take them: the SLE programme (with SPECIALISMS until defined) and the rest. */
export const programmeCatalogue = (
  views: { programmes: ReadonlyMap<string, ProgrammeView> },
  config: Pick<AppConfig, 'specialisms'>,
): Programme[] => programmesOf(views.programmes, config.specialisms);
