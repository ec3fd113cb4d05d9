import type { HalfTerm } from '../../events/index.js';
import {
  schoolDaysBetween,
  schoolDaysCounter,
  schoolDaysUntil,
  academicYearBounds,
  academicYearOf,
  dateOfDayKey,
  dayKey,
  daysBetween,
  academicYearStarting,
  halfTermDates,
  halfTermOf,
  halfTermSpan,
  isAcademicYear,
  termDatesKey,
  termDatesProblems,
  typicalTermDates,
  TYPICAL_CALENDAR,
  validateHalfTermCalendar,
  type HalfTermBounds,
  type HalfTermDates,
  type TermCalendar,
} from './academic-calendar.js';

describe('academicYearOf', () => {
  it.each([
    ['2025-08-31', '2024-25'],
    ['2025-09-01', '2025-26'],
    ['2025-12-31', '2025-26'],
    ['2026-01-01', '2025-26'],
    ['2026-08-31', '2025-26'],
    ['2026-09-01', '2026-27'],
    ['1999-09-01', '1999-00'],
    ['2009-10-01', '2009-10'],
  ])('%s is in %s', (date, year) => {
    expect(academicYearOf(date)).toBe(year);
  });
});

describe('isAcademicYear and academicYearBounds', () => {
  it.each([
    ['2025-26', true],
    ['1999-00', true],
    ['2025-27', false],
    ['2025-2026', false],
    ['25-26', false],
  ])('%s is an academic year: %s', (value, ok) => {
    expect(isAcademicYear(value)).toBe(ok);
  });

  it('runs from 1 September to 31 August', () => {
    expect(academicYearBounds('2025-26')).toEqual({ from: '2025-09-01', to: '2026-08-31' });
  });
});

/** The calendar before term dates: contiguous periods covering the whole year, as a HALF_TERM_CALENDAR pattern. */
const CONTIGUOUS: HalfTermBounds[] = [
  { halfTerm: 'autumn-1', from: '09-01', to: '10-31' },
  { halfTerm: 'autumn-2', from: '11-01', to: '12-31' },
  { halfTerm: 'spring-1', from: '01-01', to: '02-14' },
  { halfTerm: 'spring-2', from: '02-15', to: '04-14' },
  { halfTerm: 'summer-1', from: '04-15', to: '05-31' },
  { halfTerm: 'summer-2', from: '06-01', to: '08-31' },
];
const contiguous: TermCalendar = { pattern: CONTIGUOUS };

describe('typicalTermDates: a typical English year when the alliance has defined none', () => {
  it.each([
    ['2025-26', 'autumn-1', '2025-09-03', '2025-10-24'],
    ['2025-26', 'autumn-2', '2025-11-03', '2025-12-19'],
    ['2025-26', 'spring-1', '2026-01-05', '2026-02-13'],
    ['2025-26', 'spring-2', '2026-02-23', '2026-03-27'],
    ['2025-26', 'summer-1', '2026-04-13', '2026-05-22'],
    ['2025-26', 'summer-2', '2026-06-01', '2026-07-22'],
    ['2024-25', 'autumn-1', '2024-09-03', '2024-10-25'],
    ['2024-25', 'autumn-2', '2024-11-04', '2024-12-20'],
    ['2024-25', 'spring-1', '2025-01-06', '2025-02-14'],
    ['2024-25', 'spring-2', '2025-02-24', '2025-04-11'],
    ['2024-25', 'summer-1', '2025-04-28', '2025-05-23'],
    ['2024-25', 'summer-2', '2025-06-02', '2025-07-22'],
  ] as const)('%s %s runs %s to %s', (academicYear, halfTerm, from, to) => {
    expect(halfTermDates(academicYear, halfTerm)).toEqual({ from, to });
  });

  it('is six valid half terms every year, autumn 2 ending before Christmas and summer 2 by 22 July', () => {
    for (let year = 2000; year <= 2100; year++) {
      const academicYear = academicYearStarting(year);
      const terms = typicalTermDates(academicYear);
      expect([academicYear, termDatesProblems(academicYear, terms)]).toEqual([academicYear, {}]);
      for (const h of terms) expect([h.from, new Date(h.from).getUTCDay() % 6]).not.toEqual([h.from, 0]);
      expect(terms[1].to.slice(5) <= '12-20').toBe(true);
      expect(terms[5].to.slice(5) >= '07-18' && terms[5].to.slice(5) <= '07-22').toBe(true);
    }
  });
});

describe('termDatesOf and halfTermDates', () => {
  const defined = typicalTermDates('2025-26').map((h) =>
    h.halfTerm === 'autumn-1' ? { ...h, from: '2025-09-01' } : h,
  );
  const leeds = typicalTermDates('2025-26').map((h) => (h.halfTerm === 'autumn-1' ? { ...h, from: '2025-09-04' } : h));
  const calendar: TermCalendar = {
    defined: new Map([
      ['2025-26', defined],
      [termDatesKey('2025-26', 'Leeds'), leeds],
    ]),
    pattern: CONTIGUOUS,
  };

  it("uses a local authority's own dates, else the alliance's for the year, else the pattern", () => {
    expect(halfTermDates('2025-26', 'autumn-1', calendar, 'Leeds').from).toBe('2025-09-04');
    expect(halfTermDates('2025-26', 'autumn-1', calendar, 'York').from).toBe('2025-09-01');
    expect(halfTermDates('2025-26', 'autumn-1', calendar).from).toBe('2025-09-01');
    expect(halfTermDates('2026-27', 'autumn-2', calendar)).toEqual({ from: '2026-11-01', to: '2026-12-31' });
    expect(halfTermDates('2026-27', 'autumn-2')).toEqual({ from: '2026-11-02', to: '2026-12-18' });
  });

  it('throws for a half term missing from a configured pattern', () => {
    expect(() => halfTermDates('2025-26', 'summer-2', { pattern: CONTIGUOUS.slice(0, 5) })).toThrow(
      /summer-2 is not in the calendar/,
    );
  });
});

describe('halfTermSpan: what a half-term report covers', () => {
  it.each([
    ['autumn-1', '2025-09-01', '2025-11-02'],
    ['autumn-2', '2025-11-03', '2026-01-04'],
    ['spring-2', '2026-02-23', '2026-04-12'],
    ['summer-2', '2026-06-01', '2026-08-31'],
  ] as const)('%s of 2025-26 covers %s to %s, the holiday after it included', (halfTerm, from, to) => {
    expect(halfTermSpan('2025-26', halfTerm)).toEqual({ from, to });
  });
});

describe('halfTermOf', () => {
  it.each([
    ['2025-09-03', '2025-26', 'autumn-1'],
    ['2025-10-24', '2025-26', 'autumn-1'],
    ['2025-11-03', '2025-26', 'autumn-2'],
    ['2026-01-05', '2025-26', 'spring-1'],
    ['2026-02-23', '2025-26', 'spring-2'],
    ['2026-07-22', '2025-26', 'summer-2'],
  ] as const)('%s is in %s %s', (date, academicYear, halfTerm) => {
    expect(halfTermOf(date)).toEqual({ academicYear, halfTerm });
  });

  it.each(['2025-09-02', '2025-10-27', '2025-12-31', '2026-02-16', '2026-04-06', '2026-05-26', '2026-08-10'])(
    'answers undefined for %s, in a holiday',
    (date) => {
      expect(halfTermOf(date)).toBeUndefined();
    },
  );

  it('follows a configured pattern', () => {
    expect(halfTermOf('2025-10-31', contiguous)).toEqual({ academicYear: '2025-26', halfTerm: 'autumn-1' });
    expect(halfTermOf('2025-12-31', contiguous)).toEqual({ academicYear: '2025-26', halfTerm: 'autumn-2' });
  });
});

describe('termDatesProblems', () => {
  const year = typicalTermDates('2025-26').map((h) => ({ ...h }));
  const changed = (i: number, change: Partial<HalfTermDates>) =>
    year.map((h, j) => (j === i ? { ...h, ...change } : h));

  it('accepts a typical year', () => {
    expect(termDatesProblems('2025-26', year)).toEqual({});
  });

  it('names a half term that overlaps the one before', () => {
    expect(termDatesProblems('2025-26', changed(3, { from: '2026-02-13' }))).toEqual({
      'halfTerms.3.from': 'must be after spring-1 ends (2026-02-13): half terms may not overlap',
    });
  });

  it('names a half term that ends before it starts', () => {
    expect(termDatesProblems('2025-26', changed(4, { to: '2026-04-10' }))).toEqual({
      'halfTerms.4.to': 'must not be before its first day, 2026-04-13',
    });
  });

  it('names half terms out of order, a date that does not exist, and one outside the year', () => {
    const swapped = [year[1], year[0], ...year.slice(2)];
    expect(Object.keys(termDatesProblems('2025-26', swapped))).toEqual([
      'halfTerms.0.halfTerm',
      'halfTerms.1.halfTerm',
      'halfTerms.1.from',
    ]);
    expect(termDatesProblems('2025-26', changed(2, { to: '2026-02-30' }))).toEqual({
      'halfTerms.2.to': 'must be a date, YYYY-MM-DD',
    });
    expect(termDatesProblems('2025-26', changed(5, { to: '2026-09-02' }))).toEqual({
      'halfTerms.5.to': 'must fall in the academic year 2025-26 (2025-09-01 to 2026-08-31)',
    });
  });

  it('asks for all six half terms', () => {
    expect(termDatesProblems('2025-26', year.slice(0, 5))).toEqual({
      halfTerms: 'must be the six half terms autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2',
    });
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-09-01', '2025-09-01', 0],
    ['2025-09-01', '2025-09-22', 21],
    ['2025-09-22', '2025-09-01', -21],
    ['2025-12-31', '2026-01-01', 1],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
    ['2026-03-28', '2026-03-30', 2],
    ['2025-09-01', '2026-08-31', 364],
  ])('from %s to %s is %p days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('validateHalfTermCalendar', () => {
  const realDates: HalfTermBounds[] = [
    { halfTerm: 'autumn-1', from: '09-03', to: '10-24' },
    { halfTerm: 'autumn-2', from: '11-03', to: '12-19' },
    { halfTerm: 'spring-1', from: '01-05', to: '02-13' },
    { halfTerm: 'spring-2', from: '02-23', to: '03-27' },
    { halfTerm: 'summer-1', from: '04-13', to: '05-22' },
    { halfTerm: 'summer-2', from: '06-01', to: '07-22' },
  ];

  it('accepts the default calendar and a calendar with holidays between half terms', () => {
    expect(validateHalfTermCalendar(CONTIGUOUS)).toEqual([]);
    expect(validateHalfTermCalendar(realDates)).toEqual([]);
  });

  it('reports a half term that overlaps the one before', () => {
    const calendar = realDates.map((b) => (b.halfTerm === 'spring-2' ? { ...b, from: '02-13' } : b));
    expect(validateHalfTermCalendar(calendar)).toEqual(['spring-2 overlaps spring-1']);
  });

  it('reports a half term that ends before it starts', () => {
    const calendar = realDates.map((b) => (b.halfTerm === 'summer-1' ? { ...b, from: '05-22', to: '04-13' } : b));
    expect(validateHalfTermCalendar(calendar)).toEqual(['summer-1 ends before it starts']);
  });

  it('reports half terms out of order', () => {
    const swapped = [realDates[1], realDates[0], ...realDates.slice(2)];
    const problems = validateHalfTermCalendar(swapped);
    expect(problems).toContain(
      'half terms must be autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2 in that order',
    );
    expect(problems).toContain('autumn-1 overlaps autumn-2');
  });

  it('reports a missing half term', () => {
    const withoutSummer2 = realDates.filter((b) => b.halfTerm !== ('summer-2' satisfies HalfTerm));
    expect(validateHalfTermCalendar(withoutSummer2)).toEqual([
      'half terms must be autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2 in that order',
    ]);
  });

  it('reports a date that is not a date', () => {
    const calendar = realDates.map((b) => (b.halfTerm === 'spring-1' ? { ...b, to: '13-40' } : b));
    expect(validateHalfTermCalendar(calendar)).toContain('spring-1 has an invalid date');
  });

  it('reports a day that does not exist in its month, and accepts 29 February', () => {
    const thirtieth = realDates.map((b) => (b.halfTerm === 'spring-1' ? { ...b, to: '02-30' } : b));
    expect(validateHalfTermCalendar(thirtieth)).toContain('spring-1 has an invalid date');
    const leapDay = realDates
      .map((b) => (b.halfTerm === 'spring-1' ? { ...b, to: '02-29' } : b))
      .map((b) => (b.halfTerm === 'spring-2' ? { ...b, from: '03-01' } : b));
    expect(validateHalfTermCalendar(leapDay)).toEqual([]);
  });
});

describe('schoolDaysBetween', () => {
  it('counts weekdays after the first date up to and including the last', () => {
    expect(schoolDaysBetween('2025-09-29', '2025-10-20')).toBe(15);
    expect(schoolDaysBetween('2025-10-17', '2025-10-20')).toBe(1); // Friday to Monday
    expect(schoolDaysBetween('2025-10-20', '2025-10-20')).toBe(0);
    expect(schoolDaysBetween('2025-10-21', '2025-10-20')).toBe(0);
  });

  it('leaves out the holidays of a typical year', () => {
    // Wednesday 15 to Tuesday 28 October 2025: 7 days to the half term (27-31 October) and none in it.
    expect(schoolDaysBetween('2025-10-15', '2025-10-28')).toBe(7);
    // Friday 18 July to Thursday 4 September 2025: 21 and 22 July, 3 and 4 September.
    expect(schoolDaysBetween('2025-07-18', '2025-09-04')).toBe(4);
    // Over Christmas: Friday 19 December 2025 (the last day) to Tuesday 6 January 2026.
    expect(schoolDaysBetween('2025-12-18', '2026-01-06')).toBe(3);
  });

  it('counts as going day by day would, across weekends, holidays, leap days and academic years', () => {
    // The definition itself, one day at a time: the oracle for the half-term-by-half-term count.
    const dayByDay = (from: string, to: string, calendar: TermCalendar) => {
      let count = 0;
      for (
        const day = new Date(`${from}T00:00:00Z`), end = new Date(`${to}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() + 1) && day <= end;
      ) {
        if (day.getUTCDay() % 6 !== 0 && halfTermOf(day.toISOString().slice(0, 10), calendar)) count++;
      }
      return count;
    };
    const dayOf = (n: number) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let i = 0; i < 400; i++) {
      const from = dayOf(next() % 1200);
      const to = dayOf(next() % 1200);
      for (const calendar of [TYPICAL_CALENDAR, contiguous])
        expect([from, to, schoolDaysBetween(from, to, calendar)]).toEqual([from, to, dayByDay(from, to, calendar)]);
    }
  });

  it('counts the same from many dates to one through schoolDaysUntil, each date once', () => {
    const sinceTo = schoolDaysUntil('2026-03-02');
    for (const from of ['2025-09-29', '2025-12-19', '2026-02-27', '2025-09-29', '2026-03-02', '2026-04-01'])
      expect(sinceTo(from)).toBe(schoolDaysBetween(from, '2026-03-02'));
  });

  it('counts the same for many pairs of dates through schoolDaysCounter, in its calendar, each pair apart', () => {
    const count = schoolDaysCounter(contiguous);
    const dates = ['2025-09-29', '2025-10-15', '2025-10-28', '2026-03-02', '2025-10-15'];
    for (const from of dates)
      for (const to of dates)
        expect([from, to, count(from, to)]).toEqual([from, to, schoolDaysBetween(from, to, contiguous)]);
    expect(count('2025-10-15', '2025-10-28')).toBe(9);
    expect(count('2025-10-28', '2025-10-15')).toBe(0);
  });
});

describe('dayKey', () => {
  it('is the date as a number, in the order of the dates, and 0 for no date', () => {
    expect(dayKey('2025-09-22')).toBe(20250922);
    expect([dayKey(null), dayKey(undefined), dayKey('')]).toEqual([0, 0, 0]);
    const dates = ['2024-12-31', '2025-01-01', '2025-09-22', '2025-10-09', '2026-02-28'];
    expect([...dates].reverse().sort((a, b) => dayKey(a) - dayKey(b))).toEqual(dates);
  });

  it('turns back into the date it was made from', () => {
    for (const date of ['2024-02-29', '2025-01-01', '2025-09-22', '2026-12-31'])
      expect(dateOfDayKey(dayKey(date))).toBe(date);
  });
});
