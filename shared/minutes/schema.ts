import * as Y from 'yjs';
import { z } from '../zod-setup';
import { DATE_PATTERN } from '../domain/time/calendar-date';
import {
  BODY_SECTIONS,
  FOLLOW_UP_STATUSES,
  followUpSchema,
  HEADER_FIELDS,
  HEADING_ATTRS,
  MINUTES_PARTS,
  previousFollowUpSchema,
  type PreviousFollowUp,
  type FollowUp,
  type HeaderField,
  type TurnSection,
} from './layout';

/**
 * The shape of the minutes document, written down once. The server checks every client update
 * against it before the update is stored or relayed (server/collab/minutes-guard.ts), and every
 * reader of the document (exports, follow-up sync, the turn writer, the editors) reads through the
 * tolerant readers below, so a part that is malformed anyway (a document stored before the check
 * existed) is skipped and reported, never an exception.
 *
 *   root        type           who writes                 what it holds
 *   header      Y.Map<string>  server; `agenda` notulis    HEADER_FIELDS, each a string
 *   body        Y.XmlFragment  notulis; server markers     TipTap nodes of MINUTES_BODY_NODES
 *   followUps   Y.Array<Y.Map> notulis                    one Y.Map per tindak lanjut, FollowUp fields
 *   turns       Y.Map<string>  server only                turnId -> JSON TurnSection
 *   previousFollowUps Y.Map<string> server only          key -> JSON PreviousFollowUp
 */
export const MINUTES_ROOTS = {
  [MINUTES_PARTS.header]: 'map',
  [MINUTES_PARTS.body]: 'xml',
  [MINUTES_PARTS.followUps]: 'array',
  [MINUTES_PARTS.turns]: 'map',
  [MINUTES_PARTS.previous]: 'map',
} as const;

/** Header fields a notulis types; the others are filled by the server from the meeting and the queue. */
export const CLIENT_HEADER_FIELDS: readonly HeaderField[] = ['agenda'];

/** A header value: a line or a short multi-line agenda. */
export const MAX_HEADER_CHARS = 4000;

/**
 * The node names of the editor's schema (TipTap StarterKit + TableKit, as the client configures
 * them; a unit test derives them from TipTap itself) and the attributes each may carry.
 */
export const MINUTES_BODY_NODES: Record<string, readonly string[]> = {
  paragraph: ['turnMeta'],
  heading: ['level', HEADING_ATTRS.section, HEADING_ATTRS.turnId],
  blockquote: [],
  bulletList: [],
  orderedList: ['start', 'type'],
  listItem: [],
  codeBlock: ['language'],
  hardBreak: [],
  horizontalRule: [],
  table: [],
  tableRow: [],
  tableCell: ['colspan', 'rowspan', 'colwidth', 'align'],
  tableHeader: ['colspan', 'rowspan', 'colwidth', 'align'],
};

/**
 * The attribute that marks the line the server writes under each turn's heading ("Dinkes ·
 * mulai 08.41 WITA · durasi 11 menit"): the turn's id. Such a line is the server's alone.
 */
export const TURN_META_ATTR = 'turnMeta';

/** What the server keeps for a turn's section in `turns`, as stored (a JSON string). */
export const turnSectionSchema = z.object({
  startedAt: z.number().finite(),
  endedAt: z.number().finite().nullable(),
});

export type ReadIssue = string;

/** A header value as a string, whatever was stored: a Y.Text reads as its text, anything else as empty. */
function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toJSON(); // Y.Text's toJSON is its text (its toString is untyped)
  return null;
}

/** The header as plain strings; a malformed field reads as empty and is reported. */
export function readHeader(doc: Y.Doc, issues?: ReadIssue[]): Record<HeaderField, string> {
  const map = doc.getMap<unknown>(MINUTES_PARTS.header);
  const out = Object.fromEntries(HEADER_FIELDS.map((f) => [f, ''])) as Record<HeaderField, string>;
  for (const field of HEADER_FIELDS) {
    const value = map.get(field);
    if (value === undefined) continue;
    const text = headerText(value);
    if (text === null) issues?.push(`header.${field} is not text`);
    out[field] = text ?? '';
  }
  return out;
}

const isStatus = (v: unknown): v is FollowUp['status'] => typeof v === 'string' && (FOLLOW_UP_STATUSES as readonly string[]).includes(v);

/** `opdIds` is a plain array in the map; a Y.Array is read too. Only non-empty strings count. */
function readIds(value: unknown): string[] {
  const raw: unknown[] = Array.isArray(value) ? value : value instanceof Y.Array ? value.toArray() : [];
  return raw.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64);
}

/** One tindak lanjut from its Y.Map; null (and reported) when it is no map or has no id. */
export function readFollowUp(item: unknown, issues?: ReadIssue[], index = 0): FollowUp | null {
  if (!(item instanceof Y.Map)) {
    issues?.push(`followUps.${index} is not a map`);
    return null;
  }
  const map = item as Y.Map<unknown>;
  const id = map.get('id');
  if (typeof id !== 'string' || !id || id.length > 64) {
    issues?.push(`followUps.${index}.id is missing or not text`);
    return null;
  }
  const action = headerText(map.get('action')) ?? '';
  const dueDate = map.get('dueDate');
  const status = map.get('status');
  const followUp: FollowUp = {
    id,
    action: action.slice(0, 2000),
    opdIds: readIds(map.get('opdIds')).slice(0, 50),
    dueDate: typeof dueDate === 'string' && DATE_PATTERN.test(dueDate) ? dueDate : '',
    status: isStatus(status) ? status : 'open',
  };
  // Anything coerced above is reported: the row is kept, with the odd field emptied.
  if (!followUpSchema.safeParse(Object.fromEntries(map.entries())).success) issues?.push(`followUps.${index} has malformed fields`);
  return followUp;
}

/** Every readable tindak lanjut, in order; malformed rows are skipped and reported. */
export function readFollowUps(doc: Y.Doc, issues?: ReadIssue[]): FollowUp[] {
  const out: FollowUp[] = [];
  doc
    .getArray<unknown>(MINUTES_PARTS.followUps)
    .toArray()
    .forEach((item, i) => {
      const f = readFollowUp(item, issues, i);
      if (f) out.push(f);
    });
  return out;
}

/** The server's record of a turn's section, or null (reported) when what is stored cannot be read. */
export function readTurnSection(raw: unknown, issues?: ReadIssue[], turnId = '?'): TurnSection | null {
  if (typeof raw !== 'string') {
    issues?.push(`turns.${turnId} is not text`);
    return null;
  }
  try {
    const parsed = turnSectionSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // reported below
  }
  issues?.push(`turns.${turnId} is not a turn record`);
  return null;
}

/** Whether `value` names one of the official sections. */
export function isBodySection(value: unknown): boolean {
  return typeof value === 'string' && (BODY_SECTIONS as readonly string[]).includes(value);
}

/** The earlier meetings' items this document lists, in order; an entry that cannot be read is skipped and reported. */
export function readPreviousFollowUps(doc: Y.Doc, issues?: ReadIssue[]): (PreviousFollowUp & { key: string })[] {
  const out: (PreviousFollowUp & { key: string })[] = [];
  for (const [key, raw] of doc.getMap<unknown>(MINUTES_PARTS.previous).entries()) {
    let parsed: unknown = null;
    try {
      parsed = typeof raw === 'string' ? JSON.parse(raw) : null;
    } catch {
      // reported below
    }
    const entry = previousFollowUpSchema.safeParse(parsed);
    if (entry.success) out.push({ ...entry.data, key });
    else issues?.push(`previousFollowUps.${key.slice(0, 80)} is not a follow-up record`);
  }
  return out.sort((a, b) => a.order - b.order);
}
