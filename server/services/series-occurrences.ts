import { meetingInputSchema, type Meeting, type MeetingInput, type SeriesInput } from '../../shared/protocol';
import { occurrenceEndTime, type PlannedOccurrence } from '../../shared/domain/schedule/plan';
import { agendaFromTemplate } from '../../shared/domain/schedule/agenda';
import type { Repositories } from '../store/ports';

/**
 * An occurrence is matched to its slot in the plan by the rule's own date (before any holiday
 * move) and by which rule made it: a holiday added later moves the same meeting, links and all.
 */
export function slotKey(o: { date: string; movedFrom: string | null; extra: boolean }): string {
  return `${o.movedFrom ?? o.date}|${o.extra ? 'extra' : 'main'}`;
}

/** "Coffee Morning — Asisten II"; an extra occurrence carries the extra rule's name when it has one. */
export function occurrenceTitle(series: SeriesInput, occurrence: Pick<PlannedOccurrence, 'groupLabel' | 'extra'>): string {
  const name = occurrence.extra && series.extra?.name ? series.extra.name : series.name;
  return `${name} — ${occurrence.groupLabel}`;
}

/**
 * The meeting an occurrence is: the series' header and agenda, the group's OPDs in speaking order
 * (each with the series' default allotment), remote when the series meets online. Participants already in
 * `current` keep their id, and so their personal link.
 */
export function occurrenceMeeting(series: SeriesInput, occurrence: PlannedOccurrence, current: Meeting | null): MeetingInput {
  const kept = new Map((current?.participants ?? []).map((p) => [p.opdId, p.id]));
  return meetingInputSchema.parse({
    title: occurrenceTitle(series, occurrence),
    kind: series.kind,
    date: occurrence.date,
    startTime: series.startTime,
    // The series' input was checked: the meeting ends before midnight. The preview plans with the same end.
    endTime: occurrenceEndTime(series),
    timeZone: series.timeZone,
    place: series.place,
    mode: series.mode,
    chairName: series.chairName,
    chairTitle: series.chairTitle,
    notulis: series.notulis,
    defaultAllotmentMinutes: series.defaultAllotmentMinutes,
    floorMode: series.floorMode,
    externalCallUrl: series.externalCallUrl,
    agenda: agendaFromTemplate(series.agenda),
    participants: occurrence.opdIds.map((opdId) => ({
      ...(kept.has(opdId) ? { id: kept.get(opdId) } : {}),
      opdId,
      attendance: series.mode === 'online' ? 'remote' : 'room',
    })),
  });
}

/** True when writing `input` would change nothing the series decides. */
export function sameMeeting(current: Meeting, input: MeetingInput): boolean {
  const header = (m: Omit<MeetingInput, 'participants'>) => [
    m.title,
    m.kind,
    m.date,
    m.startTime,
    m.endTime,
    m.timeZone,
    m.place,
    m.mode,
    m.chairName,
    m.chairTitle,
    m.notulis.join('\n'),
    m.defaultAllotmentMinutes,
    m.floorMode,
    m.externalCallUrl,
  ];
  const people = (ps: readonly Pick<MeetingInput['participants'][number], 'opdId' | 'attendance' | 'session' | 'allotmentMinutes'>[]) =>
    ps.map((p) => [p.opdId, p.attendance, p.session, p.allotmentMinutes]);
  return (
    JSON.stringify([header(current), people(current.participants), current.agenda]) ===
    JSON.stringify([header(input), people(input.participants), input.agenda ?? []])
  );
}

/** An occurrence edited by hand (or moved) leaves the series' care: a top-up never touches it again. */
export async function detachFromSeries(repos: Repositories, meetingId: string): Promise<void> {
  const row = await repos.schedule.occurrenceOfMeeting(meetingId);
  if (row && !row.detached) await repos.schedule.updateOccurrence({ ...row, detached: true });
}
