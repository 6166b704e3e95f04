import * as Y from 'yjs';
import { clockInZone, formatMeetingDate, zoneLabel } from '../../shared/domain/time';
import { representedById, turnDetail } from '../../shared/domain/speaking-queue/attendance';
import { arahanMs, spokenMs } from '../../shared/domain/speaking-queue/timer';
import { BODY_SECTIONS, HEADING_ATTRS, MINUTES_PARTS, SECTION_TITLES, type HeaderField, type TurnSection } from '../../shared/minutes/layout';
import { readTurnSection, TURN_META_ATTR } from '../../shared/minutes/schema';
import type { Meeting, QueueState, Turn } from '../../shared/protocol';

/**
 * The server's own edits of the minutes, as plain functions on a Y.Doc (run inside one
 * transaction by the room): the four official sections, the header from the meeting, and one
 * section under Pembahasan for every turn that took the floor.
 */

export function body(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(MINUTES_PARTS.body);
}

export function turnsMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(MINUTES_PARTS.turns);
}

function paragraph(text = '', attributes?: Record<string, object>, nodeAttrs: Record<string, string> = {}): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  for (const [k, v] of Object.entries(nodeAttrs)) p.setAttribute(k, v);
  if (text) {
    const t = new Y.XmlText();
    t.insert(0, text, attributes);
    p.insert(0, [t]);
  }
  return p;
}

function heading(level: number, text: string, attrs: Record<string, string>): Y.XmlElement {
  const h = new Y.XmlElement('heading');
  h.setAttribute('level', level as unknown as string);
  for (const [k, v] of Object.entries(attrs)) h.setAttribute(k, v);
  const t = new Y.XmlText();
  t.insert(0, text);
  h.insert(0, [t]);
  return h;
}

/** The four official sections, once, in an empty document. */
export function seedBody(doc: Y.Doc): void {
  const fragment = body(doc);
  if (fragment.length > 0) return;
  const nodes: Y.XmlElement[] = [];
  for (const section of BODY_SECTIONS) {
    nodes.push(heading(2, SECTION_TITLES[section], { [HEADING_ATTRS.section]: section }), paragraph());
  }
  fragment.insert(0, nodes);
}

function clock(at: number, meeting: Meeting): string {
  return `${clockInZone(at, meeting.timeZone)} ${zoneLabel(meeting.timeZone)}`;
}

/** The header fields the meeting and the queue fill; `agenda` is the notulis's own. */
export function headerValues(meeting: Meeting, queue: QueueState | null): Partial<Record<HeaderField, string>> {
  const planned = `${meeting.startTime.replace(':', '.')} ${zoneLabel(meeting.timeZone)}`;
  return {
    title: meeting.title,
    dayDate: formatMeetingDate(meeting.date),
    timeOpened: queue?.startedAt ? clock(queue.startedAt, meeting) : planned,
    timeClosed: queue?.endedAt ? clock(queue.endedAt, meeting) : '',
    place: meeting.place,
    chair: [meeting.chairName, meeting.chairTitle].filter(Boolean).join(', '),
    notulis: meeting.notulis.join(', '),
  };
}

export function fillHeader(doc: Y.Doc, values: Partial<Record<HeaderField, string>>): void {
  const header = doc.getMap<string>(MINUTES_PARTS.header);
  for (const [key, value] of Object.entries(values)) {
    // Only real changes: a reload must not grow the log.
    if (header.get(key) !== value) header.set(key, value ?? '');
  }
}

/** Where a new turn section goes: at the end of Pembahasan, before Kesimpulan. */
function insertIndex(fragment: Y.XmlFragment): number {
  const items = fragment.toArray();
  const next = items.findIndex((n) => n instanceof Y.XmlElement && n.nodeName === 'heading' && n.getAttribute(HEADING_ATTRS.section) === 'kesimpulan');
  return next === -1 ? items.length : next;
}

function turnTitle(turn: Turn): string {
  if (turn.kind === 'response') return `Tanggapan: ${turn.label}`;
  if (turn.kind === 'point_of_order') return `Interupsi: ${turn.label}`;
  return turn.label;
}

/** "11 menit 20 detik" */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} menit${s ? ` ${s} detik` : ''}` : `${s} detik`;
}

/**
 * The section of a turn that took the floor: its heading (marked with the turn id), a line with
 * who spoke and when, and an empty paragraph for the notulis. Exactly once per turn: the
 * `turns` map remembers it, across reconnects and restarts.
 */
export function ensureTurnSection(doc: Y.Doc, turn: Turn, meeting: Meeting, attendance: QueueState['attendance'] = {}): boolean {
  if (turn.startedAt === null) return false;
  const turns = turnsMap(doc);
  if (turns.has(turn.id)) return false;
  const fragment = body(doc);
  const level = turn.kind === 'response' || turn.kind === 'point_of_order' ? 4 : 3;
  // Who spoke: a represented OPD by its representative, not by its absent head.
  const meta = [turnDetail(turn, { attendance }, meeting, representedById), `mulai ${clock(turn.startedAt, meeting)}`].filter(Boolean).join(' · ');
  fragment.insert(insertIndex(fragment), [
    heading(level, turnTitle(turn), { [HEADING_ATTRS.turnId]: turn.id }),
    paragraph(meta, { italic: {} }, { [TURN_META_ATTR]: turn.id }),
    paragraph(),
  ]);
  const record: TurnSection = { startedAt: turn.startedAt, endedAt: null };
  turns.set(turn.id, JSON.stringify(record));
  return true;
}

/** When the turn ends, its line gains the time spoken (and the chair's arahan, when any). */
export function closeTurnSection(doc: Y.Doc, turn: Turn): boolean {
  if (turn.endedAt === null) return false;
  const turns = turnsMap(doc);
  if (!turns.has(turn.id)) return false;
  // A record that cannot be read (a document damaged before the server checked every update)
  // is written again from the queue, which is the truth about the turn.
  const record: TurnSection = readTurnSection(turns.get(turn.id)) ?? { startedAt: turn.startedAt ?? turn.endedAt, endedAt: null };
  if (record.endedAt !== null) return false;
  const items = body(doc).toArray();
  const marked = items.find((n) => n instanceof Y.XmlElement && n.getAttribute(TURN_META_ATTR) === turn.id);
  const at = items.findIndex((n) => n instanceof Y.XmlElement && n.getAttribute(HEADING_ATTRS.turnId) === turn.id);
  // Documents written before the line carried its marker: the paragraph right after the heading.
  const line = marked ?? (at === -1 ? null : items[at + 1]);
  const spoken = spokenMs(turn.timer, turn.endedAt);
  const arahan = arahanMs(turn.timer, turn.endedAt);
  const text = ` · durasi ${durationText(spoken)}${arahan > 0 ? `, arahan pimpinan ${durationText(arahan)}` : ''}`;
  // The notulis may have rewritten or removed the line: then the duration is not forced in.
  if (line instanceof Y.XmlElement && line.nodeName === 'paragraph') {
    const first = line.get(0);
    if (first instanceof Y.XmlText) first.insert(first.length, text, { italic: {} });
  }
  turns.set(turn.id, JSON.stringify({ ...record, endedAt: turn.endedAt } satisfies TurnSection));
  return true;
}

/** Brings the document up to the queue: every turn that started has its section, every ended one its duration. */
export function reconcileTurns(doc: Y.Doc, queue: QueueState, meeting: Meeting): void {
  const started = Object.values(queue.turns)
    .filter((t) => t.startedAt !== null)
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  for (const turn of started) {
    ensureTurnSection(doc, turn, meeting, queue.attendance);
    closeTurnSection(doc, turn);
  }
}
