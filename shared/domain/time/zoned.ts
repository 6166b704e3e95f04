import type { Locale } from '../../i18n';
import { formatClock } from './format';

/**
 * Instants (milliseconds since the epoch, server time) against the wall clock of an IANA zone.
 * Every offset comes from Intl, never from a table: Indonesia keeps no daylight saving today, but
 * the code does not rely on it.
 */

export interface WallClock {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM" (24 hours) */
  time: string;
  second: number;
}

// Building a DateTimeFormat costs far more than using one; the clocks and exports call often.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The date and time a clock in `timeZone` shows at `instant`. */
export function wallClockInZone(instant: number | Date, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    second: Number(get('second')),
  };
}

/** How far `timeZone` is ahead of UTC at `instant`, in minutes (Asia/Makassar: 480). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const { date, time, second } = wallClockInZone(whole, timeZone);
  const [y = Number.NaN, mo = Number.NaN, d = Number.NaN] = date.split('-').map(Number);
  const [h = Number.NaN, mi = Number.NaN] = time.split(':').map(Number);
  return Math.round((Date.UTC(y, mo - 1, d, h, mi, second) - whole) / 60_000);
}

/**
 * The instant at which a clock in `timeZone` shows `time` on `date`. A time a spring-forward jump
 * skips comes out one jump later (02:30 is 03:30); a time a fall-back repeats is the second one.
 */
export function instantInZone(date: string, time: string, timeZone: string): number {
  // A malformed date or time has missing parts: NaN, which the check below turns away.
  const [y = Number.NaN, mo = Number.NaN, d = Number.NaN] = date.split('-').map(Number);
  const [h = Number.NaN, mi = Number.NaN] = time.split(':').map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (!Number.isFinite(asUtc)) return Number.NaN;
  const guess = asUtc - zoneOffsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - zoneOffsetMinutes(guess, timeZone) * 60_000;
}

/** "2022-06-13": the calendar day it is at `instant` in `timeZone` (a server's "today" for a meeting). */
export function dateInZone(instant: number | Date, timeZone: string): string {
  return wallClockInZone(instant, timeZone).date;
}

/** "11.42" (Indonesian) or "11:42" (English): the time of day at `instant` in `timeZone`. */
export function clockInZone(instant: number, timeZone: string, locale: Locale = 'id'): string {
  // An unreadable instant reads as it always has, rather than throwing inside a page.
  if (!Number.isFinite(instant)) return formatClock('NaN:NaN', locale);
  return formatClock(wallClockInZone(instant, timeZone).time, locale);
}
