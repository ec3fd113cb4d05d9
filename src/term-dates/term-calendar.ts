import type { TermDatesView } from '../../projections/term-dates-view.js';
import { termCalendarOf } from '../../projections/term-dates-view.js';
import type { TermCalendar } from '../calendar/academic-calendar.js';
import type { AppConfig } from '../config/app-config.js';

/** The term dates as the rules take them: the alliance's defined years over HALF_TERM_CALENDAR or a typical year. */
export const termCalendar = (
  views: { termDates: ReadonlyMap<string, TermDatesView> },
  config: Pick<AppConfig, 'halfTermCalendar'>,
): TermCalendar => termCalendarOf(views.termDates, config.halfTermCalendar);
