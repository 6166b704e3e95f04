import type { MessageKey, MessageParams } from '../../../shared/i18n';
import type { Recurrence, RotationGroup } from '../../../shared/protocol/schedule';
import type { Locale } from '../../../shared/i18n';
import { weekdayName } from './calendar-dates';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** "pertama" … "terakhir" for the Nth weekday of a month. */
export function nthText(nth: 1 | 2 | 3 | 4 | -1, tr: Translate): string {
  return tr(nth === -1 ? 'schedule.nth.last' : `schedule.nth.${nth}`);
}

/**
 * A recurrence as people say it: "Setiap Senin", "Setiap 2 minggu pada Senin",
 * "Setiap 2 bulan pada Jumat pertama", "Setiap triwulan pada Jumat pertama".
 * `tr` is the catalogue lookup, so the sentence follows the reader's language.
 */
export function describeRecurrence(r: Recurrence, locale: Locale, tr: Translate): string {
  switch (r.kind) {
    case 'weekly': {
      const weekday = weekdayName(r.weekday, locale);
      return r.interval > 1 ? tr('schedule.rec.weeklyN', { n: r.interval, weekday }) : tr('schedule.rec.weekly', { weekday });
    }
    case 'monthly_day':
      return r.interval > 1 ? tr('schedule.rec.monthlyDayN', { n: r.interval, day: r.day }) : tr('schedule.rec.monthlyDay', { day: r.day });
    case 'monthly_nth': {
      const params = { weekday: weekdayName(r.weekday, locale), nth: nthText(r.nth, tr) };
      return r.interval > 1 ? tr('schedule.rec.monthlyNthN', { n: r.interval, ...params }) : tr('schedule.rec.monthlyNth', params);
    }
    case 'quarterly':
      return tr('schedule.rec.quarterly', { weekday: weekdayName(r.weekday, locale), nth: nthText(r.nth, tr) });
  }
}

/** The label a rotation group goes by: the directory group's name or the hand-picked list's label. */
export function groupLabel(g: RotationGroup): string {
  return g.kind === 'group' ? g.group : g.label;
}
