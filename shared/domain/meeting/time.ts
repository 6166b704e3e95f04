import { TIME_ZONES, type TimeZone } from '../../protocol/meeting';

export type Locale = 'id' | 'en';

const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** "WIB", "WITA" or "WIT". */
export function zoneLabel(timeZone: TimeZone): string {
  return TIME_ZONES[timeZone];
}

/**
 * "Senin, 13 Juni 2022" for a calendar date. The date is a plain day in the meeting's own
 * zone, so it is formatted at noon UTC where no zone can push it to another day.
 */
export function formatMeetingDate(date: string, locale: Locale = 'id'): string {
  const noon = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(noon);
}

/** "08.30" in Indonesian, "08:30" in English: the way each writes a time of day. */
export function formatClock(time: string, locale: Locale = 'id'): string {
  return locale === 'id' ? time.replace(':', '.') : time;
}

/** "08.30–11.45 WITA". */
export function formatTimeRange(start: string, end: string, timeZone: TimeZone, locale: Locale = 'id'): string {
  return `${formatClock(start, locale)}–${formatClock(end, locale)} ${zoneLabel(timeZone)}`;
}

/** Minutes between two "HH:MM" times of the same day. */
export function minutesBetween(start: string, end: string): number {
  const [sh, sm] = start.split(':').map(Number);
  const [eh, em] = end.split(':').map(Number);
  return eh * 60 + em - (sh * 60 + sm);
}
