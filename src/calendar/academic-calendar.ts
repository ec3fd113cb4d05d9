import { HALF_TERMS, type AcademicYear, type HalfTerm, type IsoDate } from '../../events/index.js';

/** A half term as month-day bounds, e.g. autumn-1 from 09-01 to 10-31. */
export interface HalfTermBounds {
  halfTerm: HalfTerm;
  from: string; // MM-DD
  to: string; // MM-DD
}

/** DOMAIN.md's default: contiguous periods covering the whole academic year. */
export const DEFAULT_HALF_TERMS: HalfTermBounds[] = [
  { halfTerm: 'autumn-1', from: '09-01', to: '10-31' },
  { halfTerm: 'autumn-2', from: '11-01', to: '12-31' },
  { halfTerm: 'spring-1', from: '01-01', to: '02-14' },
  { halfTerm: 'spring-2', from: '02-15', to: '04-14' },
  { halfTerm: 'summer-1', from: '04-15', to: '05-31' },
  { halfTerm: 'summer-2', from: '06-01', to: '08-31' },
];

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

/** Dates of a half term in a given academic year; autumn months belong to the first calendar year. */
export function halfTermDates(
  academicYear: AcademicYear,
  halfTerm: HalfTerm,
  calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS,
): { from: IsoDate; to: IsoDate } {
  const bounds = calendar.find((b) => b.halfTerm === halfTerm);
  if (!bounds) throw new Error(`Half term ${halfTerm} is not in the calendar`);
  const start = Number(academicYear.slice(0, 4));
  const dated = (monthDay: string) => `${monthDay >= '09-01' ? start : start + 1}-${monthDay}`;
  return { from: dated(bounds.from), to: dated(bounds.to) };
}

/** The academic year and half term a date falls in, or undefined in a gap of a configured calendar. */
export function halfTermOf(
  date: IsoDate,
  calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS,
): { academicYear: AcademicYear; halfTerm: HalfTerm } | undefined {
  const academicYear = academicYearOf(date);
  for (const { halfTerm } of calendar) {
    const { from, to } = halfTermDates(academicYear, halfTerm, calendar);
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
  const dates = calendar.map((b) => halfTermDates('2023-24', b.halfTerm, calendar));
  dates.forEach((d, i) => {
    if (!isRealDate(d.from) || !isRealDate(d.to)) {
      problems.push(`${names[i]} has an invalid date`);
    } else if (d.from > d.to) problems.push(`${names[i]} ends before it starts`);
    if (i > 0 && d.from <= dates[i - 1].to) problems.push(`${names[i]} overlaps ${names[i - 1]}`);
  });
  return problems;
}

/**
 * School days after `from` up to and including `to`: weekdays that fall inside a half term of the
 * calendar, so holidays between configured half terms do not count. 0 when `to` is not after `from`.
 * Counted half term by half term rather than day by day: the brokerage queue and the needs analysis ask
 * it of every request.
 */
export function schoolDaysBetween(from: IsoDate, to: IsoDate, calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS): number {
  if (to <= from) return 0;
  const [first, last] = [dayMs(from) + DAY_MS, dayMs(to)];
  let count = 0;
  for (let year = Number(academicYearOf(from).slice(0, 4)); year <= Number(academicYearOf(to).slice(0, 4)); year++) {
    const academicYear = academicYearStarting(year);
    for (const { halfTerm } of calendar) {
      const dates = halfTermDates(academicYear, halfTerm, calendar);
      const start = Math.max(first, dayMs(dates.from));
      const end = Math.min(last, dayMs(dates.to));
      if (start <= end) count += weekdaysFrom(start, end);
    }
  }
  return count;
}

/**
 * `schoolDaysBetween(from, to, calendar)` for many pairs of dates (each request's wait, in the needs
 * analysis), each distinct pair counted once: requests share their dates.
 */
export function schoolDaysCounter(
  calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS,
): (from: IsoDate, to: IsoDate) => number {
  const counted = new Map<string, number>();
  return (from, to) => {
    const pair = from + to;
    let days = counted.get(pair);
    if (days === undefined) counted.set(pair, (days = schoolDaysBetween(from, to, calendar)));
    return days;
  };
}

/** `schoolDaysCounter` for many `from` dates and one `to` (today, in the brokerage queue and the reminder scan). */
export function schoolDaysUntil(
  to: IsoDate,
  calendar: HalfTermBounds[] = DEFAULT_HALF_TERMS,
): (from: IsoDate) => number {
  const count = schoolDaysCounter(calendar);
  return (from) => count(from, to);
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
