import type { RecordedEvent, TermDatesEvent } from '../events/index.js';
import { termDatesKey, type HalfTermBounds, type TermCalendar } from '../src/calendar/academic-calendar.js';

export type TermDatesView = TermDatesEvent['data'];

export const termDatesKeyOf = (event: RecordedEvent): string | undefined =>
  event.type === 'TermDatesDefined' ? termDatesKey(event.data.academicYear, event.data.localAuthority) : undefined;

export const applyToTermDatesView = (
  _view: TermDatesView | undefined,
  event: RecordedEvent<TermDatesEvent>,
): TermDatesView => event.data;

/**
 * The calendar the rules count by: the years (and local authorities) the alliance defined, and for any other
 * year the configured pattern or a typical English year. Plain data, so the rules need know nothing of views.
 */
export function termCalendarOf(
  termDates: ReadonlyMap<string, TermDatesView>,
  pattern?: readonly HalfTermBounds[],
): TermCalendar {
  const defined = new Map<string, TermDatesView['halfTerms']>();
  for (const [key, view] of termDates) defined.set(key, view.halfTerms);
  return { defined, pattern };
}
