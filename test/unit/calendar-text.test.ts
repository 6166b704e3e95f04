import { describe, expect, it } from 'vitest';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import type { Recurrence } from '../../shared/protocol/schedule';
import { describeRecurrence } from '../../client/components/schedule/recurrence-text';
import { addMonths } from '../../shared/domain/time';
import { monthGrid, monthTitle, weekTitle, weekdayNames } from '../../client/components/schedule/calendar-dates';
import { at } from '../helpers/at';

const say = (r: Recurrence, locale: Locale) => describeRecurrence(r, locale, (key: MessageKey, params?: MessageParams) => translate(locale, key, params));

describe('the admin calendar and the series form read as people write', () => {
  it.each<[Recurrence, string, string]>([
    [{ kind: 'weekly', weekday: 'MO', interval: 1 }, 'Setiap Senin', 'Every Monday'],
    [{ kind: 'weekly', weekday: 'FR', interval: 2 }, 'Setiap 2 minggu pada Jumat', 'Every 2 weeks on Friday'],
    [{ kind: 'monthly_day', day: 31, interval: 1 }, 'Setiap bulan pada tanggal 31', 'Monthly on day 31'],
    [{ kind: 'monthly_nth', nth: 1, weekday: 'FR', interval: 2 }, 'Setiap 2 bulan pada Jumat pertama', 'Every 2 months on the first Friday'],
    [{ kind: 'monthly_nth', nth: -1, weekday: 'MO', interval: 1 }, 'Setiap bulan pada Senin terakhir', 'Monthly on the last Monday'],
    [{ kind: 'quarterly', nth: 1, weekday: 'FR' }, 'Setiap triwulan pada Jumat pertama', 'Quarterly on the first Friday'],
  ])('S8 %j reads "%s" / "%s"', (r, id, en) => {
    expect(say(r, 'id')).toBe(id);
    expect(say(r, 'en')).toBe(en);
  });

  it('S7 the month grid starts on Monday, with Indonesian day and month names', () => {
    const weeks = monthGrid('2022-06-13');
    expect(at(weeks, 0, 'week')[0]).toBe('2022-05-30');
    expect(weeks.at(-1)![6]).toBe('2022-07-03');
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weekdayNames('id')).toEqual(['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu']);
    expect(monthTitle('2022-06-13', 'id')).toBe('Juni 2022');
    expect(weekTitle('2022-06-13', 'id')).toBe('13–19 Juni 2022');
  });

  it('S7 a month step keeps the day, or the month end when the next month is shorter', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2022-12-15', 1)).toBe('2023-01-15');
    expect(addMonths('2022-01-15', -1)).toBe('2021-12-15');
  });
});
