import { WEEKDAYS, type Weekday } from '../../../shared/protocol/schedule';

/**
 * Plain calendar days ("2022-07-04") for the calendar and the series pages. A day is a day in
 * the meeting's own zone, so every computation runs at noon UTC where no zone moves it.
 */
export type Locale = 'id' | 'en';
const INTL: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

const noon = (date: string) => new Date(`${date}T12:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = noon(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

/** Monday 0 … Sunday 6. */
export function weekdayIndex(date: string): number {
  return (noon(date).getUTCDay() + 6) % 7;
}

export function startOfWeek(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function endOfMonth(date: string): string {
  const d = noon(startOfMonth(date));
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return iso(d);
}

/** The same day of month `months` away, clamped to the target month's last day. */
export function addMonths(date: string, months: number): string {
  const d = noon(startOfMonth(date));
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = Number(endOfMonth(iso(d)).slice(8));
  return `${iso(d).slice(0, 8)}${String(Math.min(Number(date.slice(8)), last)).padStart(2, '0')}`;
}

/** The weeks (Monday first) that cover the month of `date`: 4 to 6 rows of 7 days. */
export function monthGrid(date: string): string[][] {
  const last = endOfMonth(date);
  const weeks: string[][] = [];
  for (let day = startOfWeek(startOfMonth(date)); day <= last; day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)));
  }
  return weeks;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Today in the browser's own zone. */
export function todayLocal(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function format(date: string, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(INTL[locale], { ...options, timeZone: 'UTC' }).format(noon(date));
}

/** "Juli 2022". */
export function monthTitle(date: string, locale: Locale): string {
  return format(date, locale, { month: 'long', year: 'numeric' });
}

/** "4 Jul" (with the year when `withYear`). */
export function shortDate(date: string, locale: Locale, withYear = false): string {
  return format(date, locale, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) });
}

/** "4–10 Juli 2022", or across months "27 Jun – 3 Jul 2022". */
export function weekTitle(monday: string, locale: Locale): string {
  const sunday = addDays(monday, 6);
  if (monday.slice(0, 7) === sunday.slice(0, 7)) return `${Number(monday.slice(8))}–${format(sunday, locale, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  const sameYear = monday.slice(0, 4) === sunday.slice(0, 4);
  return `${shortDate(monday, locale, !sameYear)} – ${shortDate(sunday, locale, true)}`;
}

/** Monday-first weekday names: "Senin" or "Sen". 2024-01-01 was a Monday. */
export function weekdayNames(locale: Locale, width: 'long' | 'short' = 'long'): string[] {
  return Array.from({ length: 7 }, (_, i) => format(addDays('2024-01-01', i), locale, { weekday: width }));
}

/** "Senin" for "MO". */
export function weekdayName(day: Weekday, locale: Locale): string {
  return weekdayNames(locale)[WEEKDAYS.indexOf(day)];
}

/** "08:30" plus minutes, as "HH:MM" (wrapping past midnight). */
export function addMinutesToTime(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Minutes since midnight of "HH:MM". */
export function timeToMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function isDate(value: string | null): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(noon(value).getTime()) && iso(noon(value)) === value;
}
