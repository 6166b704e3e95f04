import type { OccurrencePreview, RotationGroup, SeriesInput } from '../../protocol/schedule';
import { overrunMinutes, plannedEndMinute, planTimeline, type Timeline } from '../meeting/timeline';
import { agendaFromTemplate } from './agenda';
import { addDays, addMinutes } from '../time';
import { applyHolidays } from './holidays';
import { recurrenceDates } from './rrule';

/** What planning needs to know of an OPD. */
export interface DirectoryOpd {
  id: string;
  name: string;
  shortName: string;
  group: string;
  /** Its place within its group, as the secretariat ordered the directory (1 = first). */
  position: number;
  archived: boolean;
}

/** The parts of a series that decide its dates, groups and each occurrence's plan. */
export type SeriesRule = Pick<
  SeriesInput,
  'recurrence' | 'startDate' | 'endDate' | 'startTime' | 'durationMinutes' | 'defaultAllotmentMinutes' | 'agenda' | 'rotation' | 'extra' | 'holidayRule'
>;

/** An occurrence's planned end: start + duration (the series' input keeps it before midnight). */
export function occurrenceEndTime(series: Pick<SeriesInput, 'startTime' | 'durationMinutes'>): string {
  return addMinutes(series.startTime, series.durationMinutes) ?? '23:59';
}

/**
 * The planned timeline of an occurrence bringing `members`: the series' agenda template and each
 * OPD at the default allotment, as the generated meeting will have them (series-occurrences.ts), so
 * the preview warns exactly when the meeting's own timeline will (S23).
 */
export function occurrenceTimeline(
  series: Pick<SeriesInput, 'startTime' | 'durationMinutes' | 'defaultAllotmentMinutes' | 'agenda'>,
  members: readonly Pick<DirectoryOpd, 'id' | 'shortName'>[],
): Timeline {
  return planTimeline({
    startTime: series.startTime,
    endTime: occurrenceEndTime(series),
    defaultAllotmentMinutes: series.defaultAllotmentMinutes,
    agenda: agendaFromTemplate(series.agenda),
    participants: members.map((o, i) => ({ id: o.id, opdShortName: o.shortName, session: 1, position: i + 1, allotmentMinutes: null })),
  });
}

/** An occurrence as planned, with the OPDs it brings (ids, in speaking order). */
export interface PlannedOccurrence extends OccurrencePreview {
  opdIds: string[];
}

/** "Asisten I", or a hand-picked list's label. */
export function groupLabel(group: RotationGroup): string {
  return group.kind === 'group' ? group.group : group.label;
}

/** A directory group's order: the secretariat's positions; a tie (old data) by name. */
export const byPosition = (a: DirectoryOpd, b: DirectoryOpd) =>
  a.position - b.position || a.name.localeCompare(b.name, 'id') || a.shortName.localeCompare(b.shortName, 'id');

/**
 * The OPDs a group brings, in speaking order: a directory group's active OPDs in the group's own
 * order (the directory's positions), or a hand-picked list in its own order (units since archived
 * or removed drop out).
 */
export function groupMembers(group: RotationGroup, directory: readonly DirectoryOpd[]): DirectoryOpd[] {
  if (group.kind === 'group') return directory.filter((o) => !o.archived && o.group === group.group).sort(byPosition);
  const byId = new Map(directory.map((o) => [o.id, o]));
  return group.opdIds.map((id) => byId.get(id)).filter((o): o is DirectoryOpd => o !== undefined && !o.archived);
}

/** How long ahead occurrences are generated: from today (or the start) for `horizonWeeks` weeks. */
export function generationWindow(series: Pick<SeriesInput, 'startDate' | 'horizonWeeks'>, today: string): { from: string; to: string } {
  return { from: series.startDate > today ? series.startDate : today, to: addDays(today, series.horizonWeeks * 7 - 1) };
}

/**
 * The occurrences of a series between `fromDate` and `toDate` (inclusive), sorted by date.
 *
 * - Holidays: an occurrence on a holiday is skipped or moved to the next working day, per the
 *   series' rule (the extra rule's too).
 * - Rotation: the main rule's occurrences take the rotation's groups in turn, counted from the
 *   start date. Only held occurrences count: a skipped date does not use up a group, the next
 *   occurrence gets it.
 * - Extra rule: its occurrences bring their own group. When one falls on the day of a main
 *   occurrence, the extra one is held instead (one meeting that day: same room, same chair), and
 *   the displaced main occurrence does not use up a group either.
 */
export function planOccurrences(
  series: SeriesRule,
  holidays: Iterable<string | { date: string }>,
  directory: readonly DirectoryOpd[],
  fromDate: string,
  toDate: string,
): PlannedOccurrence[] {
  const holidaySet = new Set<string>();
  for (const h of holidays) holidaySet.add(typeof h === 'string' ? h : h.date);
  const held = (recurrence: SeriesRule['recurrence']) =>
    applyHolidays(recurrenceDates(recurrence, series.startDate, series.endDate, toDate), holidaySet, series.holidayRule);

  const out: PlannedOccurrence[] = [];
  const inWindow = (date: string) => date >= fromDate && date <= toDate;
  const occurrence = (date: string, movedFrom: string | null, group: RotationGroup, extra: boolean): PlannedOccurrence => {
    const members = groupMembers(group, directory);
    const timeline = occurrenceTimeline(series, members);
    return {
      date,
      startTime: series.startTime,
      endTime: occurrenceEndTime(series),
      plannedEndMinute: plannedEndMinute(timeline),
      overMinutes: overrunMinutes(timeline),
      groupLabel: groupLabel(group),
      opdShortNames: members.map((o) => o.shortName),
      opdIds: members.map((o) => o.id),
      extra,
      movedFrom,
    };
  };

  const extraDates = new Set<string>();
  if (series.extra) {
    for (const d of held(series.extra.recurrence)) {
      extraDates.add(d.date);
      if (inWindow(d.date)) out.push(occurrence(d.date, d.movedFrom, series.extra.group, true));
    }
  }
  const main = held(series.recurrence).filter((d) => !extraDates.has(d.date));
  main.forEach((d, i) => {
    if (!inWindow(d.date)) return;
    const group = series.rotation[i % series.rotation.length];
    if (!group) throw new Error('planOccurrences: the series has no rotation group');
    out.push(occurrence(d.date, d.movedFrom, group, false));
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** An occurrence without its OPD ids: what the preview shows. */
export function toPreview({ opdIds, ...preview }: PlannedOccurrence): OccurrencePreview {
  void opdIds;
  return preview;
}
