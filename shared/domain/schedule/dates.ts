/**
 * Calendar days as YYYY-MM-DD strings. A day is carried as the UTC midnight of that date, so
 * arithmetic never meets a zone or a daylight-saving jump.
 */

export function toUtcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function fromUtcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = toUtcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtcDate(d);
}

/** 0 Sunday .. 6 Saturday. */
export function weekdayOf(date: string): number {
  return toUtcDate(date).getUTCDay();
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / 86_400_000);
}

/** The calendar day it is at `now` in `timeZone` (an IANA zone). */
export function dateInZone(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "HH:MM" plus minutes, or null when it would pass midnight. */
export function addMinutesToTime(time: string, minutes: number): string | null {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  if (total >= 24 * 60) return null;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
