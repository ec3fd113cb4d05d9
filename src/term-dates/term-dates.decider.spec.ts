import type { TermDatesEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { typicalTermDates } from '../calendar/academic-calendar.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { termDatesDecider, type DefineTermDates } from './term-dates.decider.js';

const typical = () => typicalTermDates('2025-26').map((h) => ({ ...h }));
const define = (extra: Partial<DefineTermDates> = {}): DefineTermDates => ({
  type: 'DefineTermDates',
  academicYear: '2025-26',
  localAuthority: null,
  halfTerms: typical(),
  today: '2025-07-01',
  ...extra,
});
const defined = (halfTerms = typical(), localAuthority: string | null = null): TermDatesEvent => ({
  type: 'TermDatesDefined',
  data: { academicYear: '2025-26', localAuthority, halfTerms, definedOn: '2025-07-01' },
});

describe('term dates decider', () => {
  it('defines a year that had only the default', () => {
    given(termDatesDecider).when(define()).then([defined()]);
  });

  it("defines a local authority's own dates", () => {
    given(termDatesDecider)
      .when(define({ localAuthority: 'Milton Keynes' }))
      .then([defined(typical(), 'Milton Keynes')]);
  });

  it('edits a defined year by defining it again', () => {
    const later = typical().map((h, i) => (i === 5 ? { ...h, to: '2026-07-17' } : h));
    given(termDatesDecider, [defined()])
      .when(define({ halfTerms: later }))
      .then([defined(later)]);
  });

  it('decides nothing for the same dates again', () => {
    given(termDatesDecider, [defined()]).when(define()).then([]);
  });

  it('refuses overlapping half terms, naming the field', () => {
    const overlapping = typical().map((h, i) => (i === 2 ? { ...h, from: '2025-12-19' } : h));
    given(termDatesDecider)
      .when(define({ halfTerms: overlapping }))
      .thenRejects(InvalidCommandError, { 'halfTerms.2.from': /may not overlap/ });
  });

  it('refuses half terms out of order and a half term ending before it starts', () => {
    const swapped = typical();
    [swapped[4], swapped[5]] = [swapped[5], swapped[4]];
    given(termDatesDecider)
      .when(define({ halfTerms: swapped }))
      .thenRejects(InvalidCommandError, {
        'halfTerms.4.halfTerm': /must be summer-1/,
        'halfTerms.5.halfTerm': /must be summer-2/,
        'halfTerms.5.from': /may not overlap/,
      });
    const backwards = typical().map((h, i) => (i === 0 ? { ...h, to: '2025-09-01' } : h));
    given(termDatesDecider)
      .when(define({ halfTerms: backwards }))
      .thenRejects(InvalidCommandError, { 'halfTerms.0.to': /not be before its first day/ });
  });

  it('refuses a year that is not an academic year, and dates outside it', () => {
    given(termDatesDecider)
      .when(define({ academicYear: '2025-2026' }))
      .thenRejects(InvalidCommandError, { academicYear: /academic year/ });
    given(termDatesDecider)
      .when(define({ academicYear: '2026-27' }))
      .thenRejects(InvalidCommandError, {
        'halfTerms.0.from': /2026-27/,
        'halfTerms.0.to': /2026-27/,
        'halfTerms.1.from': /2026-27/,
        'halfTerms.1.to': /2026-27/,
        'halfTerms.2.from': /2026-27/,
        'halfTerms.2.to': /2026-27/,
        'halfTerms.3.from': /2026-27/,
        'halfTerms.3.to': /2026-27/,
        'halfTerms.4.from': /2026-27/,
        'halfTerms.4.to': /2026-27/,
        'halfTerms.5.from': /2026-27/,
        'halfTerms.5.to': /2026-27/,
      });
  });
});
