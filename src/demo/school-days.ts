import type { IsoDate } from '../../events/index.js';

/** Date arithmetic on ISO dates, in UTC, so that no time zone shifts a day. */

const DAY = 86_400_000;

function toTime(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromTime(time: number): IsoDate {
  return new Date(time).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromTime(toTime(date) + days * DAY);
}

export function daysFrom(from: IsoDate, to: IsoDate): number {
  return Math.round((toTime(to) - toTime(from)) / DAY);
}

export function isWeekend(date: IsoDate): boolean {
  const day = new Date(toTime(date)).getUTCDay();
  return day === 0 || day === 6;
}

/** The first school day at least `days` calendar days after the date. */
export function schoolDayAfter(date: IsoDate, days: number): IsoDate {
  return nextSchoolDay(addDays(date, days));
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** Rough school holidays (month-day, inclusive) shared by the four local authorities; good enough for a demo. */
const HOLIDAYS: [string, string][] = [
  ['10-26', '11-01'],
  ['12-20', '12-31'],
  ['01-01', '01-04'],
  ['02-14', '02-22'],
  ['03-30', '04-12'],
  ['05-23', '05-31'],
  ['07-23', '09-02'],
];

export function isSchoolDay(date: IsoDate): boolean {
  const monthDay = date.slice(5);
  return !isWeekend(date) && !HOLIDAYS.some(([from, to]) => monthDay >= from && monthDay <= to);
}

/** The date itself when it is a school day, otherwise the next school day. */
export function nextSchoolDay(date: IsoDate): IsoDate {
  let d = date;
  while (!isSchoolDay(d)) d = addDays(d, 1);
  return d;
}

/** The date itself when it is a school day, otherwise the school day before. */
export function previousSchoolDay(date: IsoDate): IsoDate {
  let d = date;
  while (!isSchoolDay(d)) d = addDays(d, -1);
  return d;
}
