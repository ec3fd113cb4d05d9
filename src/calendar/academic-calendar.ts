import { HALF_TERMS, type AcademicYear, type HalfTerm, type IsoDate } from '../../events/index.js';

/** A half term as month-day bounds, e.g. autumn-1 from 09-03 to 10-24: the same dates every year (HALF_TERM_CALENDAR). */
export interface HalfTermBounds {
  halfTerm: HalfTerm;
  from: string; // MM-DD
  to: string; // MM-DD
}

/** A half term of one academic year: its first and last teaching day. The days between half terms are holidays. */
export interface HalfTermDates {
  halfTerm: HalfTerm;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The term dates the rules count school days and half terms by, as plain data. A year the alliance has
 * defined (`defined`, keyed by `termDatesKey`) has its own dates; any other year follows `pattern` when one
 * is configured, or else is a typical English year (`typicalTermDates`).
 */
export interface TermCalendar {
  readonly defined?: ReadonlyMap<string, readonly HalfTermDates[]>;
  readonly pattern?: readonly HalfTermBounds[];
}

/** No year defined, no pattern: every year a typical English year. */
export const TYPICAL_CALENDAR: TermCalendar = Object.freeze({});

/** The key of a year's term dates in `TermCalendar.defined`: the year, or the year and one local authority's name. */
export const termDatesKey = (academicYear: AcademicYear, localAuthority?: string | null): string =>
  localAuthority ? `${academicYear}/${localAuthority}` : academicYear;

/**
 * The six half terms of a year: the local authority's own dates when it has them, else the alliance's for
 * that year, else the pattern's or a typical year's.
 */
export function termDatesOf(
  academicYear: AcademicYear,
  calendar: TermCalendar = TYPICAL_CALENDAR,
  localAuthority?: string | null,
): readonly HalfTermDates[] {
  const defined =
    (localAuthority ? calendar.defined?.get(termDatesKey(academicYear, localAuthority)) : undefined) ??
    calendar.defined?.get(academicYear);
  if (defined) return defined;
  if (calendar.pattern) return datedPattern(academicYear, calendar.pattern);
  return typicalTermDates(academicYear);
}

const datedPattern = (academicYear: AcademicYear, pattern: readonly HalfTermBounds[]): HalfTermDates[] => {
  const start = Number(academicYear.slice(0, 4));
  const dated = (monthDay: string) => `${monthDay >= '09-01' ? start : start + 1}-${monthDay}`;
  return pattern.map((b) => ({ halfTerm: b.halfTerm, from: dated(b.from), to: dated(b.to) }));
};

/**
 * A typical English school year, for a year the alliance has not defined: autumn from the first weekday on or
 * after 3 September, half term the week of the last Monday in October, Christmas from the last Friday on or
 * before 20 December for two weeks, February half term the week of the third Monday, Easter the two weeks
 * from the Monday before Easter Sunday, May half term the week of the spring bank holiday (the last Monday
 * in May), and the summer from after the last weekday on or before 22 July.
 */
export function typicalTermDates(academicYear: AcademicYear): readonly HalfTermDates[] {
  let dates = typicalByYear.get(academicYear);
  if (!dates) {
    const start = Number(academicYear.slice(0, 4));
    const next = start + 1;
    const octoberHalfTerm = lastMondayOf(start, 10);
    const christmasFrom = weekdayOnOrBefore(utc(start, 12, 20), 5);
    const februaryHalfTerm = utc(next, 2, 1 + ((8 - new Date(utc(next, 2, 1)).getUTCDay()) % 7) + 14);
    const easter = easterSunday(next);
    const mayHalfTerm = lastMondayOf(next, 5);
    let summerEnds = utc(next, 7, 22);
    while (isWeekendMs(summerEnds)) summerEnds -= DAY_MS;
    let autumnStarts = utc(start, 9, 3);
    while (isWeekendMs(autumnStarts)) autumnStarts += DAY_MS;
    const bounds: [HalfTerm, number, number][] = [
      ['autumn-1', autumnStarts, octoberHalfTerm - 3 * DAY_MS],
      ['autumn-2', octoberHalfTerm + 7 * DAY_MS, christmasFrom],
      ['spring-1', christmasFrom + 17 * DAY_MS, februaryHalfTerm - 3 * DAY_MS],
      ['spring-2', februaryHalfTerm + 7 * DAY_MS, easter - 9 * DAY_MS],
      ['summer-1', easter + 8 * DAY_MS, mayHalfTerm - 3 * DAY_MS],
      ['summer-2', mayHalfTerm + 7 * DAY_MS, summerEnds],
    ];
    dates = Object.freeze(
      bounds.map(([halfTerm, from, to]) => Object.freeze({ halfTerm, from: isoOf(from), to: isoOf(to) })),
    );
    if (typicalByYear.size < KEPT_YEARS) typicalByYear.set(academicYear, dates);
  }
  return dates;
}
const typicalByYear = new Map<AcademicYear, readonly HalfTermDates[]>();

const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);
const isoOf = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const isWeekendMs = (ms: number) => new Date(ms).getUTCDay() % 6 === 0;
/** The last day of the given weekday (0 Sunday to 6 Saturday) on or before a day. */
const weekdayOnOrBefore = (ms: number, weekday: number) => ms - ((new Date(ms).getUTCDay() - weekday + 7) % 7) * DAY_MS;
const lastMondayOf = (year: number, month: number) => weekdayOnOrBefore(utc(year, month + 1, 0), 1);

/** Easter Sunday of a year (the anonymous Gregorian computus), midnight UTC in ms. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

/**
 * Problems with a year's term dates, by field (`halfTerms.2.from`, as the validation names nested fields): six half terms in order, each a real
 * date within the academic year, each ending on or after it starts and starting after the one before ends.
 */
export function termDatesProblems(
  academicYear: AcademicYear,
  halfTerms: readonly HalfTermDates[],
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (halfTerms.length !== HALF_TERMS.length) {
    problems.halfTerms = `must be the six half terms ${HALF_TERMS.join(', ')}`;
    return problems;
  }
  const year = isAcademicYear(academicYear) ? academicYearBounds(academicYear) : undefined;
  halfTerms.forEach((h, i) => {
    const at = `halfTerms.${i}`;
    if (h.halfTerm !== HALF_TERMS[i]) problems[`${at}.halfTerm`] = `must be ${HALF_TERMS[i]} (half terms in order)`;
    for (const end of ['from', 'to'] as const) {
      if (!isRealDate(h[end])) problems[`${at}.${end}`] = 'must be a date, YYYY-MM-DD';
      else if (year && (h[end] < year.from || h[end] > year.to))
        problems[`${at}.${end}`] = `must fall in the academic year ${academicYear} (${year.from} to ${year.to})`;
    }
    if (problems[`${at}.from`] || problems[`${at}.to`]) return;
    if (h.from > h.to) problems[`${at}.to`] = `must not be before its first day, ${h.from}`;
    const before = halfTerms[i - 1];
    if (before && isRealDate(before.to) && h.from <= before.to)
      problems[`${at}.from`] = `must be after ${before.halfTerm} ends (${before.to}): half terms may not overlap`;
  });
  return problems;
}

const ACADEMIC_YEAR = /^(\d{4})-(\d{2})$/;

export function isAcademicYear(value: string): value is AcademicYear {
  const m = ACADEMIC_YEAR.exec(value);
  return !!m && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

/** The academic year a date falls in: 1 September to 31 August. */
export function academicYearOf(date: IsoDate): AcademicYear {
  const year = Number(date.slice(0, 4));
  return academicYearStarting(date.slice(5) >= '09-01' ? year : year - 1);
}

/** The academic year that starts in September of `year`: 2025 is 2025-26. */
export const academicYearStarting = (year: number): AcademicYear =>
  `${year}-${String((year + 1) % 100).padStart(2, '0')}`;

export function academicYearBounds(academicYear: AcademicYear): Readonly<{ from: IsoDate; to: IsoDate }> {
  let bounds = boundsByYear.get(academicYear);
  if (!bounds) {
    const start = Number(academicYear.slice(0, 4));
    bounds = Object.freeze({ from: `${start}-09-01`, to: `${start + 1}-08-31` });
    // The years a service asks about are few; a year asked for beyond those is worked out each time.
    if (boundsByYear.size < KEPT_YEARS) boundsByYear.set(academicYear, bounds);
  }
  return bounds;
}
/** Kept once made: the needs analysis asks for its year's bounds for each of thousands of deployments. */
const boundsByYear = new Map<AcademicYear, Readonly<{ from: IsoDate; to: IsoDate }>>();
const KEPT_YEARS = 64;

/** The first and last teaching day of a half term in an academic year. */
export function halfTermDates(
  academicYear: AcademicYear,
  halfTerm: HalfTerm,
  calendar: TermCalendar = TYPICAL_CALENDAR,
  localAuthority?: string | null,
): { from: IsoDate; to: IsoDate } {
  const dates = termDatesOf(academicYear, calendar, localAuthority).find((b) => b.halfTerm === halfTerm);
  if (!dates) throw new Error(`Half term ${halfTerm} is not in the calendar`);
  return { from: dates.from, to: dates.to };
}

/**
 * The days a half term's report covers: from its first teaching day to the day before the next half term's
 * first, so the holiday after it belongs to it and nothing done in a holiday falls outside every report;
 * autumn 1 from 1 September and summer 2 to 31 August, so the six tile the academic year.
 */
export function halfTermSpan(
  academicYear: AcademicYear,
  halfTerm: HalfTerm,
  calendar: TermCalendar = TYPICAL_CALENDAR,
  localAuthority?: string | null,
): { from: IsoDate; to: IsoDate } {
  const terms = termDatesOf(academicYear, calendar, localAuthority);
  const i = terms.findIndex((b) => b.halfTerm === halfTerm);
  if (i < 0) throw new Error(`Half term ${halfTerm} is not in the calendar`);
  const year = academicYearBounds(academicYear);
  const next = terms[i + 1];
  return {
    from: i === 0 ? year.from : terms[i].from,
    to: next ? isoOf(dayMs(next.from) - DAY_MS) : year.to,
  };
}

/** The academic year and half term whose teaching days include a date, or undefined in a holiday. */
export function halfTermOf(
  date: IsoDate,
  calendar: TermCalendar = TYPICAL_CALENDAR,
  localAuthority?: string | null,
): { academicYear: AcademicYear; halfTerm: HalfTerm } | undefined {
  const academicYear = academicYearOf(date);
  for (const { halfTerm, from, to } of termDatesOf(academicYear, calendar, localAuthority)) {
    if (date >= from && date <= to) return { academicYear, halfTerm };
  }
  return undefined;
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** Midnight UTC of a date in milliseconds: days between two are `Math.round((b - a) / DAY_MS)`, as `daysBetween` counts them. */
export const dayMs = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`);
export const DAY_MS = 86_400_000;

/**
 * `2025-09-22` as the number 20250922, in the same order as the dates themselves; 0 for no date. Compared
 * without reading a string: reports compare several of these for each of tens of thousands of deployments.
 */
export function dayKey(date: IsoDate | null | undefined): number {
  if (!date) return 0;
  const digit = (i: number) => date.charCodeAt(i) - 48;
  return (
    digit(0) * 10_000_000 +
    digit(1) * 1_000_000 +
    digit(2) * 100_000 +
    digit(3) * 10_000 +
    digit(5) * 1_000 +
    digit(6) * 100 +
    digit(8) * 10 +
    digit(9)
  );
}

/** The date a `dayKey` stands for: 20250922 is `2025-09-22`. */
export function dateOfDayKey(key: number): IsoDate {
  const digits = String(key);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** A `YYYY-MM-DD` string naming a day that exists (Date.parse alone turns 02-30 into 2 March). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Checks a configured calendar: every half term once, in order, each ending after it starts, no overlap. */
export function validateHalfTermCalendar(calendar: HalfTermBounds[]): string[] {
  const problems: string[] = [];
  const names = calendar.map((b) => b.halfTerm);
  if (names.join() !== HALF_TERMS.join()) problems.push(`half terms must be ${HALF_TERMS.join(', ')} in that order`);
  const dates = datedPattern('2023-24', calendar);
  dates.forEach((d, i) => {
    if (!isRealDate(d.from) || !isRealDate(d.to)) {
      problems.push(`${names[i]} has an invalid date`);
    } else if (d.from > d.to) problems.push(`${names[i]} ends before it starts`);
    if (i > 0 && d.from <= dates[i - 1].to) problems.push(`${names[i]} overlaps ${names[i - 1]}`);
  });
  return problems;
}

/**
 * School days after `from` up to and including `to`: weekdays within a half term's teaching days, so
 * weekends and holidays never count. 0 when `to` is not after `from`. Counted half term by half term rather
 * than day by day: the brokerage queue and the needs analysis ask it of every request.
 */
export function schoolDaysBetween(
  from: IsoDate,
  to: IsoDate,
  calendar: TermCalendar = TYPICAL_CALENDAR,
  localAuthority?: string | null,
): number {
  if (to <= from) return 0;
  const [first, last] = [dayMs(from) + DAY_MS, dayMs(to)];
  let count = 0;
  for (let year = Number(academicYearOf(from).slice(0, 4)); year <= Number(academicYearOf(to).slice(0, 4)); year++) {
    for (const dates of termDatesOf(academicYearStarting(year), calendar, localAuthority)) {
      const start = Math.max(first, dayMs(dates.from));
      const end = Math.min(last, dayMs(dates.to));
      if (start <= end) count += weekdaysFrom(start, end);
    }
  }
  return count;
}

/**
 * `schoolDaysBetween(from, to, calendar, localAuthority)` for many pairs of dates (each request's wait, in
 * the needs analysis), each distinct pair counted once: requests share their dates.
 */
export function schoolDaysCounter(
  calendar: TermCalendar = TYPICAL_CALENDAR,
): (from: IsoDate, to: IsoDate, localAuthority?: string | null) => number {
  const counted = new Map<string, number>();
  return (from, to, localAuthority) => {
    const pair = from + to + (localAuthority ?? '');
    let days = counted.get(pair);
    if (days === undefined) counted.set(pair, (days = schoolDaysBetween(from, to, calendar, localAuthority)));
    return days;
  };
}

/** `schoolDaysCounter` for many `from` dates and one `to` (today, in the brokerage queue and the reminder scan). */
export function schoolDaysUntil(
  to: IsoDate,
  calendar: TermCalendar = TYPICAL_CALENDAR,
): (from: IsoDate, localAuthority?: string | null) => number {
  const count = schoolDaysCounter(calendar);
  return (from, localAuthority) => count(from, to, localAuthority);
}

/** Weekdays from one midnight (UTC, in ms) to another, both included. */
function weekdaysFrom(startMs: number, endMs: number): number {
  const days = Math.round((endMs - startMs) / DAY_MS) + 1;
  const firstWeekday = new Date(startMs).getUTCDay();
  let count = Math.floor(days / 7) * 5;
  for (let i = 0; i < days % 7; i++) {
    const weekday = (firstWeekday + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
