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
  DEFAULT_HALF_TERMS,
  halfTermDates,
  halfTermOf,
  isAcademicYear,
  validateHalfTermCalendar,
  type HalfTermBounds,
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

describe('halfTermDates with the default calendar', () => {
  it.each([
    ['autumn-1', '2025-09-01', '2025-10-31'],
    ['autumn-2', '2025-11-01', '2025-12-31'],
    ['spring-1', '2026-01-01', '2026-02-14'],
    ['spring-2', '2026-02-15', '2026-04-14'],
    ['summer-1', '2026-04-15', '2026-05-31'],
    ['summer-2', '2026-06-01', '2026-08-31'],
  ] as const)('%s of 2025-26 runs %s to %s', (halfTerm, from, to) => {
    expect(halfTermDates('2025-26', halfTerm)).toEqual({ from, to });
  });

  it('throws for a half term missing from a configured calendar', () => {
    expect(() => halfTermDates('2025-26', 'summer-2', DEFAULT_HALF_TERMS.slice(0, 5))).toThrow(
      /summer-2 is not in the calendar/,
    );
  });

  it('uses the dates of a configured calendar', () => {
    const calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS.map((b) =>
      b.halfTerm === 'autumn-1' ? { ...b, from: '09-03', to: '10-24' } : b,
    );
    expect(halfTermDates('2025-26', 'autumn-1', calendar)).toEqual({ from: '2025-09-03', to: '2025-10-24' });
  });
});

describe('halfTermOf', () => {
  it.each([
    ['2025-09-01', '2025-26', 'autumn-1'],
    ['2025-10-31', '2025-26', 'autumn-1'],
    ['2025-11-01', '2025-26', 'autumn-2'],
    ['2026-01-01', '2025-26', 'spring-1'],
    ['2026-02-14', '2025-26', 'spring-1'],
    ['2026-02-15', '2025-26', 'spring-2'],
    ['2026-04-15', '2025-26', 'summer-1'],
    ['2026-06-01', '2025-26', 'summer-2'],
    ['2026-08-31', '2025-26', 'summer-2'],
    ['2026-09-01', '2026-27', 'autumn-1'],
  ] as const)('%s is in %s %s', (date, academicYear, halfTerm) => {
    expect(halfTermOf(date)).toEqual({ academicYear, halfTerm });
  });

  it('answers undefined for a date in a holiday between configured half terms', () => {
    const calendar: HalfTermBounds[] = [
      { halfTerm: 'autumn-1', from: '09-03', to: '10-24' },
      { halfTerm: 'autumn-2', from: '11-03', to: '12-19' },
      { halfTerm: 'spring-1', from: '01-05', to: '02-13' },
      { halfTerm: 'spring-2', from: '02-23', to: '03-27' },
      { halfTerm: 'summer-1', from: '04-13', to: '05-22' },
      { halfTerm: 'summer-2', from: '06-01', to: '07-22' },
    ];
    expect(halfTermOf('2025-10-27', calendar)).toBeUndefined();
    expect(halfTermOf('2026-08-10', calendar)).toBeUndefined();
    expect(halfTermOf('2025-11-03', calendar)).toEqual({ academicYear: '2025-26', halfTerm: 'autumn-2' });
    expect(halfTermOf('2026-02-23', calendar)).toEqual({ academicYear: '2025-26', halfTerm: 'spring-2' });
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
    expect(validateHalfTermCalendar(DEFAULT_HALF_TERMS)).toEqual([]);
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

  it('leaves out days that fall outside every half term of the calendar', () => {
    const calendar = DEFAULT_HALF_TERMS.map((h) =>
      h.halfTerm === 'autumn-1' ? { ...h, to: '10-17' } : h.halfTerm === 'autumn-2' ? { ...h, from: '10-27' } : h,
    );
    expect(schoolDaysBetween('2025-10-15', '2025-10-28', calendar)).toBe(4);
  });

  it('counts as going day by day would, across weekends, holidays, leap days and academic years', () => {
    // The definition itself, one day at a time: the oracle for the half-term-by-half-term count.
    const dayByDay = (from: string, to: string, calendar: typeof DEFAULT_HALF_TERMS) => {
      let count = 0;
      for (
        const day = new Date(`${from}T00:00:00Z`), end = new Date(`${to}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() + 1) && day <= end;
      ) {
        if (day.getUTCDay() % 6 !== 0 && halfTermOf(day.toISOString().slice(0, 10), calendar)) count++;
      }
      return count;
    };
    const withHolidays = DEFAULT_HALF_TERMS.map((h) => ({
      ...h,
      from: h.halfTerm === 'autumn-1' ? '09-03' : h.from,
      to: h.halfTerm === 'summer-2' ? '07-22' : h.halfTerm === 'spring-1' ? '02-10' : h.to,
    }));
    const dayOf = (n: number) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let i = 0; i < 400; i++) {
      const from = dayOf(next() % 1200);
      const to = dayOf(next() % 1200);
      for (const calendar of [DEFAULT_HALF_TERMS, withHolidays])
        expect([from, to, schoolDaysBetween(from, to, calendar)]).toEqual([from, to, dayByDay(from, to, calendar)]);
    }
  });

  it('counts the same from many dates to one through schoolDaysUntil, each date once', () => {
    const sinceTo = schoolDaysUntil('2026-03-02');
    for (const from of ['2025-09-29', '2025-12-19', '2026-02-27', '2025-09-29', '2026-03-02', '2026-04-01'])
      expect(sinceTo(from)).toBe(schoolDaysBetween(from, '2026-03-02'));
  });

  it('counts the same for many pairs of dates through schoolDaysCounter, in its calendar, each pair apart', () => {
    const calendar = DEFAULT_HALF_TERMS.map((h) =>
      h.halfTerm === 'autumn-1' ? { ...h, to: '10-17' } : h.halfTerm === 'autumn-2' ? { ...h, from: '10-27' } : h,
    );
    const count = schoolDaysCounter(calendar);
    const dates = ['2025-09-29', '2025-10-15', '2025-10-28', '2026-03-02', '2025-10-15'];
    for (const from of dates)
      for (const to of dates)
        expect([from, to, count(from, to)]).toEqual([from, to, schoolDaysBetween(from, to, calendar)]);
    expect(count('2025-10-15', '2025-10-28')).toBe(4);
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
