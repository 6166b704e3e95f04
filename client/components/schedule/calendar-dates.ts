import type { Locale } from '../../../shared/i18n';
import { addDays, dateInZone, endOfMonth, formatCalendarDate, startOfMonth, startOfWeek } from '../../../shared/domain/time';
import { WEEKDAYS, type Weekday } from '../../../shared/protocol/schedule';

/**
 * What the calendar and the series pages show of plain calendar days ("2022-07-04"): the month
 * grid, titles and weekday names, and the browser's today. The arithmetic is shared/domain/time's.
 */

/** The weeks (Monday first) that cover the month of `date`: 4 to 6 rows of 7 days. */
export function monthGrid(date: string): string[][] {
  const last = endOfMonth(date);
  const weeks: string[][] = [];
  for (let day = startOfWeek(startOfMonth(date)); day <= last; day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)));
  }
  return weeks;
}

/** Today in the browser's own zone. */
export function todayLocal(now = new Date()): string {
  return dateInZone(now, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** "Juli 2022". */
export function monthTitle(date: string, locale: Locale): string {
  return formatCalendarDate(date, locale, { month: 'long', year: 'numeric' });
}

/** "4 Jul" (with the year when `withYear`). */
export function shortDate(date: string, locale: Locale, withYear = false): string {
  return formatCalendarDate(date, locale, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) });
}

/** "4–10 Juli 2022", or across months "27 Jun – 3 Jul 2022". */
export function weekTitle(monday: string, locale: Locale): string {
  const sunday = addDays(monday, 6);
  if (monday.slice(0, 7) === sunday.slice(0, 7))
    return `${Number(monday.slice(8))}–${formatCalendarDate(sunday, locale, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  const sameYear = monday.slice(0, 4) === sunday.slice(0, 4);
  return `${shortDate(monday, locale, !sameYear)} – ${shortDate(sunday, locale, true)}`;
}

/** Monday-first weekday names: "Senin" or "Sen". 2024-01-01 was a Monday. */
export function weekdayNames(locale: Locale, width: 'long' | 'short' = 'long'): string[] {
  return Array.from({ length: 7 }, (_, i) => formatCalendarDate(addDays('2024-01-01', i), locale, { weekday: width }));
}

/** "Senin" for "MO". */
export function weekdayName(day: Weekday, locale: Locale): string {
  const name = weekdayNames(locale)[WEEKDAYS.indexOf(day)];
  if (name === undefined) throw new Error(`weekdayName: ${day} is not a weekday`);
  return name;
}
