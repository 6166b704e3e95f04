import type { HOLIDAY_RULES } from '../../protocol/schedule';
import { addDays, weekdayOf } from '../time';

export type HolidayRule = (typeof HOLIDAY_RULES)[number];

/** A day a meeting can move to: Monday to Friday, and not a holiday. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const day = weekdayOf(date);
  return day !== 0 && day !== 6 && !holidays.has(date);
}

/** The first working day after `date`. */
export function nextWorkingDay(date: string, holidays: ReadonlySet<string>): string {
  let next = addDays(date, 1);
  // A year of holidays in a row cannot be meant; stop rather than loop.
  for (let i = 0; i < 366 && !isWorkingDay(next, holidays); i++) next = addDays(next, 1);
  return next;
}

export interface HeldDate {
  date: string;
  /** The rule's own date, when a holiday moved the meeting away from it. */
  movedFrom: string | null;
}

/**
 * The dates a rule's meetings are held on. A date that is a holiday is skipped, or moved to the
 * next working day. A moved meeting that lands on a date the rule already holds is dropped: one
 * meeting of a rule per day. Only holidays move a meeting: a rule on a Saturday stays there.
 */
export function applyHolidays(ruleDates: readonly string[], holidays: ReadonlySet<string>, rule: HolidayRule): HeldDate[] {
  const regular = new Set(ruleDates.filter((d) => !holidays.has(d)));
  const held = new Map<string, HeldDate>();
  for (const date of ruleDates) {
    if (!holidays.has(date)) {
      held.set(date, { date, movedFrom: null });
      continue;
    }
    if (rule === 'skip') continue;
    const target = nextWorkingDay(date, holidays);
    if (!regular.has(target) && !held.has(target)) held.set(target, { date: target, movedFrom: date });
  }
  return [...held.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
