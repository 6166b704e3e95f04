import type { Locale } from '../../i18n';
import { isCalendarDate } from './calendar-date';
import { INTL_LOCALES } from './format';

/**
 * What a person types into a form, read as the protocol's values: a time of day as an admin
 * writes it ("08.30", "8:30", "0830", "830", "8") and a calendar date said in words. A form
 * field never hands the browser's 12-hour clock or its locale's date order to the server.
 */

/** Why a typed time of day was refused: nothing typed, not a time's shape, or past 23.59. */
export type ClockInputProblem = 'empty' | 'form' | 'range';

export type ClockInput = { ok: true; time: string } | { ok: false; problem: ClockInputProblem };

/**
 * "HH:MM" from what was typed: hours and minutes apart by "." or ":" (Indonesian writes 08.30),
 * or digits alone: one or two are the hour, three or four are hour and minutes (830, 0830).
 */
export function parseClockInput(typed: string): ClockInput {
  const text = typed.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  let hours: number;
  let minutes: number;
  const apart = /^(\d{1,2})[.:](\d{2})$/.exec(text);
  if (apart) {
    hours = Number(apart[1]);
    minutes = Number(apart[2]);
  } else if (/^\d{1,4}$/.test(text)) {
    const hourDigits = text.length <= 2 ? text.length : text.length - 2;
    hours = Number(text.slice(0, hourDigits));
    minutes = text.length <= 2 ? 0 : Number(text.slice(hourDigits));
  } else {
    return { ok: false, problem: 'form' };
  }
  if (hours > 23 || minutes > 59) return { ok: false, problem: 'range' };
  return { ok: true, time: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/**
 * "Senin, 7 Desember 2026" / "Monday, 7 December 2026": a calendar date in words, the weekday
 * first and a comma after it in both languages (en-GB's Intl leaves the comma out), or '' for a
 * value that is no calendar date (a date field being cleared).
 */
export function dateInWords(date: string, locale: Locale = 'id'): string {
  if (!isCalendarDate(date)) return '';
  const parts = new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(`${date}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')}`;
}
