import type { AcademicYear, HalfTerm, IsoDate } from './vocabulary.js';

/** One stream per academic year, and per local authority for one that keeps its own dates. */
export const termDatesStream = (academicYear: AcademicYear, localAuthority: string | null) =>
  localAuthority
    ? `term-dates-${academicYear}-la-${localAuthority.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
    : `term-dates-${academicYear}`;

/** The alliance's term dates for a year: each half term's first and last teaching day. Defined again to edit. */
export interface TermDatesDefined {
  type: 'TermDatesDefined';
  data: {
    academicYear: AcademicYear;
    /** Null for the alliance's own dates; a local authority's name for that authority's schools. */
    localAuthority: string | null;
    halfTerms: { halfTerm: HalfTerm; from: IsoDate; to: IsoDate }[];
    definedOn: IsoDate;
  };
}

export type TermDatesEvent = TermDatesDefined;
