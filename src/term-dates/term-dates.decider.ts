import type { AcademicYear, HalfTerm, IsoDate, TermDatesEvent } from '../../events/index.js';
import { isAcademicYear, termDatesProblems } from '../calendar/academic-calendar.js';
import type { Decider } from '../shared/decider.js';
import { InvalidCommandError } from '../shared/domain-errors.js';

type HalfTermDates = { halfTerm: HalfTerm; from: IsoDate; to: IsoDate };

export interface DefineTermDates {
  type: 'DefineTermDates';
  academicYear: AcademicYear;
  localAuthority: string | null;
  halfTerms: HalfTermDates[];
  today: IsoDate;
}

/** A year with no dates of its own follows the default (a typical English year); defining them again edits them. */
export type TermDatesState = { kind: 'default' } | { kind: 'defined'; halfTerms: HalfTermDates[] };

const sameDates = (a: HalfTermDates[], b: HalfTermDates[]) =>
  a.length === b.length && a.every((h, i) => h.halfTerm === b[i].halfTerm && h.from === b[i].from && h.to === b[i].to);

function decide(command: DefineTermDates, state: TermDatesState): TermDatesEvent[] {
  if (!isAcademicYear(command.academicYear))
    throw InvalidCommandError.field('academicYear', 'must be an academic year such as 2025-26');
  const problems = termDatesProblems(command.academicYear, command.halfTerms);
  if (Object.keys(problems).length) throw new InvalidCommandError(problems);
  // The same dates again (a retried form, a re-imported sheet) change nothing.
  if (state.kind === 'defined' && sameDates(state.halfTerms, command.halfTerms)) return [];
  const halfTerms = command.halfTerms.map(({ halfTerm, from, to }) => ({ halfTerm, from, to }));
  return [
    {
      type: 'TermDatesDefined',
      data: {
        academicYear: command.academicYear,
        localAuthority: command.localAuthority,
        halfTerms,
        definedOn: command.today,
      },
    },
  ];
}

export const termDatesDecider: Decider<DefineTermDates, TermDatesState, TermDatesEvent> = {
  initialState: { kind: 'default' },
  decide,
  evolve: (_state, event) => ({ kind: 'defined', halfTerms: event.data.halfTerms }),
};
