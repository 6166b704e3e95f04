/**
 * Wall-clock times as "HH:MM" (24 hours) of one day in the meeting's own zone: a meeting's start,
 * a sesi window, a planned turn. No zone and no instant here (zoned.ts has those).
 */

/** The form of a time of day, 00:00 to 23:59. */
export const CLOCK_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight of "HH:MM". */
export function toMinutes(time: string): number {
  // A malformed time has missing parts: NaN, as a non-number part gives.
  const [h = Number.NaN, m = Number.NaN] = time.split(':').map(Number);
  return h * 60 + m;
}

/** "09:24" for minutes after midnight, wrapping past a day (1500 is "01:00"); rounded to the minute. */
export function fromMinutes(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes from `start` to `end` on the same day (negative when `end` is earlier). */
export function minutesBetween(start: string, end: string): number {
  return toMinutes(end) - toMinutes(start);
}

/**
 * "HH:MM" plus minutes on the same day, or null when it would reach or pass midnight: a meeting
 * never runs into the next day, so its end is refused rather than wrapped (S15).
 */
export function addMinutes(time: string, minutes: number): string | null {
  const total = toMinutes(time) + minutes;
  if (total >= 24 * 60) return null;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** "HH:MM" plus minutes around the clock: "23:30" plus 60 is "00:30" (what a form shows while typing). */
export function addMinutesWrapping(time: string, minutes: number): string {
  const total = (((toMinutes(time) + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
