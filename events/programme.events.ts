import type { IsoDate } from './vocabulary.js';

/** The programme every deployment and designation belonged to before programmes: specialist leaders of education. */
export const SLE_PROGRAMME = 'sle';

/** One stream per programme the alliance deploys specialists through. */
export const programmeStream = (programmeId: string) => `programme-${programmeId}`;

/**
 * A kind of specialist the alliance deploys (SLE, RISE adviser, hub specialist, trust improvement partner), in
 * its own words, with the specialisms it covers and the days a specialist in it gives in a year. Defined again
 * to edit.
 */
export interface ProgrammeDefined {
  type: 'ProgrammeDefined';
  data: {
    programmeId: string;
    /** "SLE", "RISE adviser". */
    singular: string;
    /** "SLEs", "RISE advisers". */
    plural: string;
    specialisms: string[];
    /** Days a specialist in the programme gives in an academic year, unless their designation says otherwise. */
    yearlyDays: number;
    definedOn: IsoDate;
  };
}

export type ProgrammeEvent = ProgrammeDefined;
