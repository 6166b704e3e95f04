import * as rruleModule from 'rrule';
import type { Options } from 'rrule';
import type { Recurrence } from '../../protocol/schedule';
import { fromUtcDate, toUtcDate } from '../time';

type RRuleModule = typeof rruleModule;
// Node loads rrule's CommonJS build, whose names sit under `default`; bundlers load its ES build.
const lib: RRuleModule = (Reflect.get(rruleModule, 'default') as RRuleModule | undefined) ?? rruleModule;
const { RRule } = lib;

const WEEKDAY = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
} as const;

/**
 * The RRULE options of a recurrence. Calendar days are UTC midnights: a meeting's date is a plain
 * day in its own zone, so no zone may push it to another day.
 */
function ruleOptions(recurrence: Recurrence): Partial<Options> {
  switch (recurrence.kind) {
    case 'weekly':
      return { freq: RRule.WEEKLY, interval: recurrence.interval, byweekday: [WEEKDAY[recurrence.weekday]], wkst: RRule.MO };
    case 'monthly_day':
      // Day 31 in a 30-day month (or 29-31 in February) takes the month's last day: the last of
      // the days from 28 up to the asked one that the month has.
      return recurrence.day <= 28
        ? { freq: RRule.MONTHLY, interval: recurrence.interval, bymonthday: [recurrence.day] }
        : {
            freq: RRule.MONTHLY,
            interval: recurrence.interval,
            bymonthday: Array.from({ length: recurrence.day - 27 }, (_, i) => 28 + i),
            bysetpos: [-1],
          };
    case 'monthly_nth':
      return { freq: RRule.MONTHLY, interval: recurrence.interval, byweekday: [WEEKDAY[recurrence.weekday].nth(recurrence.nth)] };
    case 'quarterly':
      // Every three months counted from the start date's month (the Q3 rakor of seed 002 was held
      // in November): the start date picks the quarter's month, not the calendar.
      return { freq: RRule.MONTHLY, interval: 3, byweekday: [WEEKDAY[recurrence.weekday].nth(recurrence.nth)] };
  }
}

/** The RFC 5545 text of the rule, for display and for calendar feeds. */
export function recurrenceRuleText(recurrence: Recurrence, startDate: string, endDate: string | null = null): string {
  return new RRule({ ...ruleOptions(recurrence), dtstart: toUtcDate(startDate), until: endDate ? toUtcDate(endDate) : null }).toString();
}

/**
 * Every date of the rule from `startDate` (its anchor: intervals count from it) up to `toDate`
 * and `endDate`, both inclusive, as YYYY-MM-DD.
 */
export function recurrenceDates(recurrence: Recurrence, startDate: string, endDate: string | null, toDate: string): string[] {
  const last = endDate && endDate < toDate ? endDate : toDate;
  if (last < startDate) return [];
  const rule = new RRule({ ...ruleOptions(recurrence), dtstart: toUtcDate(startDate), until: toUtcDate(last) });
  return rule.all().map(fromUtcDate);
}
