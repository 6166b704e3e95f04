import type { Locale, MessageKey, MessageParams } from '../../../shared/i18n';
import type { MeetingClash } from '../../../shared/protocol';
import { formatMeetingDate, formatTimeRange } from '../../../shared/domain/time';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * What a clash says, one line per reason (CW8): "Bentrok: Bupati juga memimpin «Rakor Kesehatan»
 * 09.00–11.00 WITA pada tanggal yang sama". `ownDate` is the day of the meeting the warning is
 * shown for: the other meeting's day is named only when it is another (zones apart, near midnight).
 */
export function clashLines(clash: MeetingClash, ownDate: string, locale: Locale, t: Translate): string[] {
  const common = {
    title: clash.title,
    time: formatTimeRange(clash.startTime, clash.endTime, clash.timeZone, locale),
    when: clash.date === ownDate ? t('schedule.clash.sameDay') : t('schedule.clash.onDate', { date: formatMeetingDate(clash.date, locale) }),
  };
  return clash.kinds.map((kind) => {
    if (kind === 'chair') return t('schedule.clash.chair', { ...common, chair: clash.chairName });
    if (kind === 'place') return t('schedule.clash.place', { ...common, place: clash.place });
    return t('schedule.clash.opd', { ...common, opds: clash.opdShortNames.join(', ') });
  });
}

/** Every line of every clash, as one text: a chip's accessible label and tooltip. */
export function clashSummary(clashes: readonly MeetingClash[], ownDate: string, locale: Locale, t: Translate): string {
  const reasons = clashes.flatMap((c) => clashLines(c, ownDate, locale, t)).join(' ');
  return t('schedule.clash.chipLabel', { n: clashes.length, reasons });
}
