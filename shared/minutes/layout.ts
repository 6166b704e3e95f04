import { z } from '../zod-setup';
import { translate } from '../i18n';
import { DATE_PATTERN } from '../domain/time/calendar-date';

/**
 * The minutes of one meeting are one Yjs document with this layout. Server and editors name
 * its parts through these constants only.
 *
 *   header     Y.Map<string>      HEADER_FIELDS: filled from the meeting, agenda typed by notulis
 *   body       Y.XmlFragment      the TipTap (ProseMirror) document: the official sections
 *   followUps  Y.Array<Y.Map>     tindak lanjut: FollowUp fields, one Y.Map each
 *   turns      Y.Map<string>      turnId -> the section the server wrote for it (JSON TurnSection)
 *   previousFollowUps  Y.Map<string>  "<meetingId>/<id>" -> an earlier meeting's item as this meeting
 *                                     saw it (JSON PreviousFollowUp), written by the server only
 */
export const MINUTES_PARTS = {
  header: 'header',
  body: 'body',
  followUps: 'followUps',
  turns: 'turns',
  previous: 'previousFollowUps',
} as const;

export const HEADER_FIELDS = ['title', 'dayDate', 'timeOpened', 'timeClosed', 'place', 'chair', 'notulis', 'agenda'] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

/** The official sections of the body, each opened by a level-2 heading carrying `section`. */
export const BODY_SECTIONS = ['pembukaan', 'pembahasan', 'kesimpulan', 'penutup'] as const;
export type BodySection = (typeof BODY_SECTIONS)[number];

/** The sections' headings: the official document is in Bahasa Indonesia, whatever the writer's screen reads. */
export const SECTION_TITLES = Object.fromEntries(BODY_SECTIONS.map((s) => [s, translate('id', `minutes.section.${s}`)])) as Record<BodySection, string>;

/**
 * Attributes the editor's schema adds to headings, so the server can find its own sections:
 * `section` on the four level-2 headings, `turnId` on the heading of each turn's section.
 */
export const HEADING_ATTRS = { section: 'section', turnId: 'turnId' } as const;

/** belum, dalam proses, selesai, dibatalkan: the last two close an item. */
export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** One tindak lanjut as stored in the document (each field a key of its Y.Map) and in SQLite. */
export const followUpSchema = z.object({
  id: z.string().min(1).max(64),
  action: z.string().max(2000),
  /** Directory ids of the responsible OPDs. */
  opdIds: z.array(z.string().min(1).max(64)).max(50),
  /** YYYY-MM-DD, or empty when not set yet. */
  dueDate: z.union([z.literal(''), z.string().regex(DATE_PATTERN)]),
  status: z.enum(FOLLOW_UP_STATUSES),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/**
 * An earlier meeting's tindak lanjut as this meeting's minutes list it ("Tindak lanjut rapat
 * sebelumnya"): its status as of this meeting, kept while the minutes are a draft and frozen with
 * them at finalisation, and what this meeting decided about it.
 */
export const previousFollowUpSchema = z.object({
  /** Its place in the list (1 = first). */
  order: z.number().int().min(1).max(10_000),
  fromTitle: z.string().max(200),
  /** YYYY-MM-DD of the meeting it came from. */
  fromDate: z.string().regex(DATE_PATTERN),
  action: z.string().max(2000),
  /** Short names of its owners, in order. */
  opds: z.array(z.string().max(60)).max(50),
  dueDate: z.union([z.literal(''), z.string().regex(DATE_PATTERN)]),
  status: z.enum(FOLLOW_UP_STATUSES),
  decision: z.enum(['carried', 'closed']).nullable(),
  decidedBy: z.string().max(200).nullable(),
});
export type PreviousFollowUp = z.infer<typeof previousFollowUpSchema>;

/** What the server remembers about the section it wrote for a turn (value of `turns`). */
export interface TurnSection {
  startedAt: number;
  endedAt: number | null;
}

/**
 * Close codes of the collaboration socket, so the editor can tell the person why. The one table
 * of them: the README lists the same. Codes 4400-4499 are final (the provider stops
 * reconnecting); the others are followed by a reconnect.
 */
export const COLLAB_CLOSE = {
  /** No session, a session of another meeting, or one that ended (logout, expiry, revoked link). */
  unauthenticated: 4401,
  /** The session's role may not open these minutes, or the page's origin is not Rakor's. */
  forbidden: 4403,
  /** No such meeting. */
  notFound: 4404,
  /** A message larger than MAX_COLLAB_MESSAGE_BYTES. */
  tooLarge: 4413,
  /** An update that would break the document's shape (shared/minutes/schema.ts): not stored, not relayed. */
  refused: 4422,
  /** The page speaks another PROTOCOL_VERSION (or none): it reloads to get the server's client. */
  outdated: 4426,
  /** The server is shutting down (1012, "service restart"); y-websocket reconnects by itself, to whichever node answers. */
  restarting: 1012,
  /** A message that is not the y-websocket protocol. */
  unreadable: 1003,
  /** Beyond MAX_COLLAB_FRAME_BYTES the socket library itself closes, before the message is read. */
  frameTooLarge: 1009,
  /** The server failed to open the minutes; reconnect. */
  internal: 1011,
} as const;

/** A 2 kB paste is common; a whole pasted report with tables stays well under this. */
export const MAX_COLLAB_MESSAGE_BYTES = 1024 * 1024;
/** The socket's own cap, a memory bound: messages between the two are closed with `tooLarge`. */
export const MAX_COLLAB_FRAME_BYTES = 4 * MAX_COLLAB_MESSAGE_BYTES;

/** Where the y-websocket provider connects: `${origin}${COLLAB_PATH}/<meetingId>?${COLLAB_VERSION_PARAM}=<PROTOCOL_VERSION>`. */
export const COLLAB_PATH = '/collab';
/** The query parameter that carries the page's PROTOCOL_VERSION; another value (or none) is closed with `outdated`. */
export const COLLAB_VERSION_PARAM = 'v';

export interface MinutesStatus {
  meetingId: string;
  finalizedAt: string | null;
  finalizedBy: string | null;
  /** Version number of the last finalised snapshot, 0 when never finalised. */
  version: number;
  reopenedAt: string | null;
  reopenedBy: string | null;
  /** The nomor notulen ("007/NOT-RAKOR/SETDA/2026"), given at the first finalisation and kept; null before. */
  nomor: string | null;
  /** Whether this session may edit right now (notulis or admin, and not finalised). */
  canEdit: boolean;
  /** Whether this session may finalise (chair or notulis, not finalised) or reopen (admin, finalised). */
  canFinalize: boolean;
  canReopen: boolean;
}

/** A follow-up as `GET /api/meetings/<id>/follow-ups` returns it: the document's, kept in SQLite. */
export interface FollowUpRecord extends FollowUp {
  meetingId: string;
  position: number;
  /** Short names of `opdIds`, in the same order (archived OPDs keep their name). */
  opdShortNames: string[];
  updatedAt: string;
}
