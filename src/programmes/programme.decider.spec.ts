import type { ProgrammeEvent } from '../../events/index.js';
import { given } from '../../test/support/given-when-then.js';
import { InvalidCommandError } from '../shared/domain-errors.js';
import { programmeDecider, type DefineProgramme } from './programme.decider.js';

const define = (extra: Partial<DefineProgramme> = {}): DefineProgramme => ({
  type: 'DefineProgramme',
  programmeId: 'rise',
  singular: 'RISE adviser',
  plural: 'RISE advisers',
  specialisms: ['leadership', 'maths-primary'],
  yearlyDays: 30,
  today: '2026-01-05',
  ...extra,
});
const defined = (extra: Partial<ProgrammeEvent['data']> = {}): ProgrammeEvent => ({
  type: 'ProgrammeDefined',
  data: {
    programmeId: 'rise',
    singular: 'RISE adviser',
    plural: 'RISE advisers',
    specialisms: ['leadership', 'maths-primary'],
    yearlyDays: 30,
    definedOn: '2026-01-05',
    ...extra,
  },
});

describe('programme decider', () => {
  it('defines a programme in its own words, with its specialisms and yearly days', () => {
    given(programmeDecider).when(define()).then([defined()]);
  });

  it('edits a programme by defining it again, and decides nothing for the same definition', () => {
    given(programmeDecider, [defined()])
      .when(define({ yearlyDays: 25, today: '2026-02-02' }))
      .then([defined({ yearlyDays: 25, definedOn: '2026-02-02' })]);
    given(programmeDecider, [defined()])
      .when(define({ today: '2026-02-02' }))
      .then([]);
  });

  it('refuses an id that is not a slug, naming the field', () => {
    given(programmeDecider)
      .when(define({ programmeId: 'RISE Advisers' }))
      .thenRejects(InvalidCommandError, { programmeId: /lower-case/ });
  });

  it('refuses a repeated specialism and one that is not a code', () => {
    given(programmeDecider)
      .when(define({ specialisms: ['leadership', 'leadership'] }))
      .thenRejects(InvalidCommandError, { specialisms: /repeat/ });
    given(programmeDecider)
      .when(define({ specialisms: ['Maths Primary'] }))
      .thenRejects(InvalidCommandError, { specialisms: /lower-case/ });
  });
});
