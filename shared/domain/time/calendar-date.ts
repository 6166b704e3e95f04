/**
 * Calendar days as "YYYY-MM-DD" strings: a meeting's date, a holiday, a due date. A day is carried
 * as the UTC midnight of that date, so arithmetic never meets a zone or a daylight-saving jump.
 */

/** The form of a calendar day; `isCalendarDate` also checks that the day exists. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function toUtcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function fromUtcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** "2022-06-13" is; "2022-02-30", "13-06-2022", '' and null are not. */
export function isCalendarDate(value: string | null | undefined): value is string {
  if (!value || !DATE_PATTERN.test(value)) return false;
  const d = toUtcDate(value);
  return !Number.isNaN(d.getTime()) && fromUtcDate(d) === value;
}

export function addDays(date: string, days: number): string {
  const d = toUtcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtcDate(d);
}

/** 0 Sunday .. 6 Saturday (as Date and rrule count). */
export function weekdayOf(date: string): number {
  return toUtcDate(date).getUTCDay();
}

/** 0 Monday .. 6 Sunday (as an Indonesian calendar shows the week). */
export function weekdayIndex(date: string): number {
  return (weekdayOf(date) + 6) % 7;
}

/** The Monday of the week of `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function endOfMonth(date: string): string {
  const d = toUtcDate(startOfMonth(date));
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return fromUtcDate(d);
}

/** The same day of month `months` away, clamped to the target month's last day (31 Jan + 1: 28 or 29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = toUtcDate(startOfMonth(date));
  d.setUTCMonth(d.getUTCMonth() + months);
  const first = fromUtcDate(d);
  const last = Number(endOfMonth(first).slice(8));
  return `${first.slice(0, 8)}${String(Math.min(Number(date.slice(8)), last)).padStart(2, '0')}`;
}

/** How many days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / 86_400_000);
}

/** Every day from `from` to `to`, both included; empty when `to` is earlier. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
