import type { Locale } from '../../i18n';
import { zoneLabel, type TimeZone } from './zones';

/** The Intl locale each of Rakor's languages writes dates in. */
export const INTL_LOCALES: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/**
 * A calendar date through Intl. The date is a plain day in the meeting's own zone, so it is
 * formatted at noon UTC, where no zone can push it to another day.
 */
export function formatCalendarDate(date: string, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** "Senin, 13 Juni 2022" for a calendar date. */
export function formatMeetingDate(date: string, locale: Locale = 'id'): string {
  return formatCalendarDate(date, locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "08.30" in Indonesian, "08:30" in English: the way each writes a time of day. */
export function formatClock(time: string, locale: Locale = 'id'): string {
  return locale === 'id' ? time.replace(':', '.') : time;
}

/** "08.30–11.45 WITA". */
export function formatTimeRange(start: string, end: string, timeZone: TimeZone, locale: Locale = 'id'): string {
  return `${formatClock(start, locale)}–${formatClock(end, locale)} ${zoneLabel(timeZone)}`;
}
