import type { Locale } from '../../i18n';
import type { AgendaItem, AgendaKind, SessionWindow } from '../../protocol/meeting-plan';
import { formatClock, fromMinutes, toMinutes, zoneLabel, type TimeZone } from '../time';
import { effectiveAllotment } from './order';
import { effectiveAgenda } from './plan-rules';

/**
 * The planned timeline of a meeting: when each agenda item and each OPD's turn is planned to
 * start, before anyone has spoken. Pure: times are "HH:MM" of the meeting's own day and zone.
 *
 * - Without sesi windows the meeting is one block from its start: the agenda items in order, the
 *   `paparan` slot expanded into every OPD's turn in speaking order (sesi 1 before sesi 2, as the
 *   queue runs them), each taking its own allotment or the meeting's default.
 * - With windows each sesi is a block from its window's start: the items before the paparan slot
 *   open the first sesi, each sesi's OPDs speak in its own window, the items after the paparan slot
 *   close the last sesi.
 * - A block whose plan runs past its planned end (the meeting's, or its sesi's) carries a warning.
 */

export interface TimelineParticipant {
  id: string;
  opdShortName: string;
  session: number;
  position: number;
  allotmentMinutes: number | null;
}

export interface TimelineInput {
  startTime: string;
  endTime: string;
  defaultAllotmentMinutes: number;
  participants: readonly TimelineParticipant[];
  sessions?: readonly SessionWindow[];
  agenda?: readonly AgendaItem[];
}

export interface PlannedItem {
  /** `agenda:<index>` for an agenda item, `turn:<participantId>` for an OPD's turn. */
  key: string;
  kind: AgendaKind | 'turn';
  /** The agenda item's own title ('' when it has none), or the OPD's short name. */
  title: string;
  participantId: string | null;
  /** The sesi it runs in (1 without windows, unless the participant is in sesi 2). */
  session: number;
  /** Minutes after the day's midnight; past 24 hours when a plan runs that long. */
  startMinute: number;
  endMinute: number;
  minutes: number;
}

export interface TimelineBlock {
  /** The sesi of the window; null when the meeting has no windows. */
  session: number | null;
  windowStart: string;
  windowEnd: string;
  items: PlannedItem[];
  /** When the block's plan is through. */
  plannedEndMinute: number;
  /** Minutes past the window's end (0 when it fits). */
  overMinutes: number;
}

export interface Timeline {
  blocks: TimelineBlock[];
  /** Every OPD's turn, by participant id. */
  turns: Record<string, PlannedItem>;
  /** The blocks that pass their planned end. */
  warnings: TimelineBlock[];
}

export function planTimeline(meeting: TimelineInput): Timeline {
  const agenda = effectiveAgenda(meeting.agenda ? [...meeting.agenda] : undefined);
  let slot = agenda.findIndex((a) => a.kind === 'paparan');
  // A stored agenda without the slot (the schema refuses one, but old data may hold it): OPDs speak last.
  if (slot < 0) slot = agenda.length;
  const opening = agenda.slice(0, slot).map((item, i) => ({ item, index: i }));
  const closing = agenda.slice(slot + 1).map((item, i) => ({ item, index: slot + 1 + i }));
  const speakers = [...meeting.participants].sort((a, b) => a.session - b.session || a.position - b.position);

  const windows = [...(meeting.sessions ?? [])].sort((a, b) => a.number - b.number);
  const frames: { session: number | null; start: string; end: string }[] =
    windows.length === 0
      ? [{ session: null, start: meeting.startTime, end: meeting.endTime }]
      : windows.map((w) => ({ session: w.number, start: w.startTime, end: w.endTime }));

  const turns: Record<string, PlannedItem> = {};
  const blocks = frames.map((frame, f): TimelineBlock => {
    const first = f === 0;
    const last = f === frames.length - 1;
    // A participant whose sesi has no window (the schema refuses it) speaks in the last one.
    const ownSpeakers = speakers.filter((p) =>
      frame.session === null ? true : p.session === frame.session || (last && !windows.some((w) => w.number === p.session)),
    );
    let at = toMinutes(frame.start);
    const items: PlannedItem[] = [];
    const agendaItem = ({ item, index }: { item: AgendaItem; index: number }) => {
      const minutes = item.plannedMinutes;
      items.push({
        key: `agenda:${index}`,
        kind: item.kind,
        title: item.title,
        participantId: null,
        session: frame.session ?? 1,
        startMinute: at,
        endMinute: at + minutes,
        minutes,
      });
      at += minutes;
    };
    if (first) opening.forEach(agendaItem);
    for (const p of ownSpeakers) {
      const minutes = effectiveAllotment(p.allotmentMinutes, meeting.defaultAllotmentMinutes);
      const turn: PlannedItem = {
        key: `turn:${p.id}`,
        kind: 'turn',
        title: p.opdShortName,
        participantId: p.id,
        session: frame.session ?? p.session,
        startMinute: at,
        endMinute: at + minutes,
        minutes,
      };
      items.push(turn);
      turns[p.id] = turn;
      at += minutes;
    }
    if (last) closing.forEach(agendaItem);
    const end = toMinutes(frame.end);
    return {
      session: frame.session,
      windowStart: frame.start,
      windowEnd: frame.end,
      items,
      plannedEndMinute: at,
      overMinutes: Math.max(0, at - end),
    };
  });
  return { blocks, turns, warnings: blocks.filter((b) => b.overMinutes > 0) };
}

/** How far the plan runs past its planned end: the largest overrun of its blocks (0 when it fits). */
export function overrunMinutes(timeline: Pick<Timeline, 'blocks'>): number {
  return timeline.blocks.reduce((max, b) => Math.max(max, b.overMinutes), 0);
}

/** When the whole plan is through: the last block's planned end, in minutes after midnight. */
export function plannedEndMinute(timeline: Pick<Timeline, 'blocks'>): number {
  return timeline.blocks.at(-1)?.plannedEndMinute ?? 0;
}

/** "09.24 WITA" for a planned minute, as people write a time in the meeting's zone. */
export function formatPlannedTime(minute: number, timeZone: TimeZone, locale: Locale = 'id'): string {
  return `${formatClock(fromMinutes(minute), locale)} ${zoneLabel(timeZone)}`;
}

/** "Dinkes, 09.24 WITA": an OPD's planned turn. */
export function formatPlannedTurn(turn: PlannedItem, timeZone: TimeZone, locale: Locale = 'id'): string {
  return `${turn.title}, ${formatPlannedTime(turn.startMinute, timeZone, locale)}`;
}
