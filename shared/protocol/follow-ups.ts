import { z } from '../zod-setup';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../minutes/layout';
import { DATE_PATTERN } from '../domain/time/calendar-date';

/**
 * The tracker of tindak lanjut: every follow-up of every meeting's minutes, its owners' progress
 * notes, and what later meetings decided about it. The minutes document and the tracker are one
 * truth (server/services/follow-up-sync.ts); these are the shapes both REST and the screens use.
 */

/** Statuses that close an item: it no longer comes back in later meetings. */
export const CLOSED_STATUSES: readonly FollowUpStatus[] = ['done', 'cancelled'];
export const isOpenStatus = (s: FollowUpStatus): boolean => !CLOSED_STATUSES.includes(s);

/** An item is overdue on `today` (YYYY-MM-DD in the meeting's zone) when it is open past its due date. */
export function isOverdue(item: { status: FollowUpStatus; dueDate: string }, today: string): boolean {
  return isOpenStatus(item.status) && item.dueDate !== '' && item.dueDate < today;
}

/** What a later meeting decides about an earlier item, once: carried on to the next meeting, or closed. */
export const REVIEW_DECISIONS = ['carried', 'closed'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Largest attachment of a progress note, and the types accepted (checked by their first bytes, not their name). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** A note's link: a whole http(s) address, or '' for none. */
export const NOTE_LINK_MAX_CHARS = 500;
export const NOTE_TEXT_MAX_CHARS = 2000;

const linkSchema = z
  .string()
  .trim()
  .max(NOTE_LINK_MAX_CHARS, 'field.maxChars')
  .refine((url) => url === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url), 'followUps.linkInvalid')
  .default('');

/** A progress note as the owner OPD (or the secretariat) writes it; the file comes beside it, in the same form. */
export const progressNoteInputSchema = z
  .object({
    text: z.string().trim().max(NOTE_TEXT_MAX_CHARS, 'field.maxChars').default(''),
    /** The status the item moves to; absent: it stays. */
    status: z.enum(FOLLOW_UP_STATUSES).optional(),
    link: linkSchema,
  })
  .refine((n) => n.text !== '' || n.status !== undefined || n.link !== '', { message: 'followUps.noteEmpty', path: ['text'] });
export type ProgressNoteInput = z.infer<typeof progressNoteInputSchema>;

/** The secretariat's edit of an item outside the minutes: its status or due date. */
export const followUpPatchSchema = z
  .object({
    status: z.enum(FOLLOW_UP_STATUSES).optional(),
    dueDate: z.union([z.literal(''), z.string().regex(DATE_PATTERN, 'field.date')]).optional(),
  })
  .refine((p) => p.status !== undefined || p.dueDate !== undefined, { message: 'field.nothingToChange' });
export type FollowUpPatch = z.infer<typeof followUpPatchSchema>;

export const reviewInputSchema = z.object({
  fromMeetingId: z.string().min(1).max(64),
  followUpId: z.string().min(1).max(64),
  decision: z.enum(REVIEW_DECISIONS),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

/** An item's address: the meeting whose minutes hold it, and its id there. */
export const followUpParamsSchema = z.object({ meetingId: z.string().min(1).max(64), followUpId: z.string().min(1).max(64) });

const csvList = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').filter(Boolean));

/** Filters of the secretariat's list (query string). */
export const followUpQuerySchema = z.object({
  opdId: z.string().min(1).max(64).optional(),
  seriesId: z.string().min(1).max(64).optional(),
  status: csvList.pipe(z.array(z.enum(FOLLOW_UP_STATUSES))).optional(),
  overdue: z.enum(['1', 'true']).optional(),
});
export type FollowUpQuery = z.infer<typeof followUpQuerySchema>;

/** The exports take the list's filters; the CSV holds one table, the items (default) or the per-OPD recap. */
export const followUpExportQuerySchema = followUpQuerySchema.extend({ view: z.enum(['items', 'recap']).default('items') });
export type FollowUpExportQuery = z.infer<typeof followUpExportQuerySchema>;

/** The list's filters as a screen holds them; `followUpFilterQuery` spells them as the query string the routes read. */
export interface FollowUpFilters {
  opdId?: string;
  seriesId?: string;
  status?: readonly FollowUpStatus[];
  overdue?: boolean;
}

/** '?opdId=…&status=open,in_progress&overdue=1', or '' without filters. */
export function followUpFilterQuery(f: FollowUpFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (f.opdId) params.set('opdId', f.opdId);
  if (f.seriesId) params.set('seriesId', f.seriesId);
  if (f.status && f.status.length) params.set('status', f.status.join(','));
  if (f.overdue) params.set('overdue', '1');
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** A tracked item with where it came from, as every list shows it. */
export interface TrackedFollowUp {
  meetingId: string;
  id: string;
  position: number;
  action: string;
  opdIds: string[];
  opdShortNames: string[];
  dueDate: string;
  status: FollowUpStatus;
  overdue: boolean;
  meetingTitle: string;
  meetingDate: string;
  seriesId: string | null;
  updatedAt: string;
  updatedBy: string;
  noteCount: number;
}

export interface ProgressNote {
  id: string;
  createdAt: string;
  authorName: string;
  /** The OPD that wrote it; null for the secretariat. */
  authorOpdId: string | null;
  statusFrom: FollowUpStatus | null;
  statusTo: FollowUpStatus | null;
  text: string;
  link: string;
  /** Fetched at `<the item's address>/notes/<id>/file`, through whichever route the item was read. */
  file: { name: string; mime: string; sizeBytes: number } | null;
}

export interface FollowUpDetail extends TrackedFollowUp {
  notes: ProgressNote[];
}

/** An earlier meeting's item as a later meeting brings it back, with what that meeting decided. */
export interface CarriedFollowUp extends TrackedFollowUp {
  decision: ReviewDecision | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

const enc = encodeURIComponent;

/**
 * The tracker's addresses (server/http/follow-up-routes.ts). An item is reached through one of
 * three bases, each with the same tail: the secretariat's, a participant's personal-link session
 * (its OPD's items), and the OPD's standing page (the token is the authorisation).
 */
export const FOLLOW_UP_API = {
  list: '/api/follow-ups',
  staffBase: '/api/follow-ups',
  participantBase: (meetingId: string) => `/api/meetings/${enc(meetingId)}/my-follow-ups`,
  pageBase: (token: string) => `/api/opd-page/${enc(token)}/follow-ups`,
  /** An OPD's page: its OPD and items. */
  page: (token: string) => `/api/opd-page/${enc(token)}`,
  item: (base: string, meetingId: string, followUpId: string) => `${base}/${enc(meetingId)}/${enc(followUpId)}`,
  notes: (base: string, meetingId: string, followUpId: string) => `${base}/${enc(meetingId)}/${enc(followUpId)}/notes`,
  noteFile: (base: string, meetingId: string, followUpId: string, noteId: string) => `${base}/${enc(meetingId)}/${enc(followUpId)}/notes/${enc(noteId)}/file`,
  previous: (meetingId: string) => `/api/meetings/${enc(meetingId)}/previous-follow-ups`,
  review: (meetingId: string) => `/api/meetings/${enc(meetingId)}/previous-follow-ups/review`,
  pageLink: (opdId: string) => `/api/opds/${enc(opdId)}/page-link`,
  /** The secretariat's list, filtered (GET, admin). */
  listOf: (f: FollowUpFilters) => `/api/follow-ups${followUpFilterQuery(f)}`,
  /** The same items as a workbook: sheets "Tindak lanjut" and "Rekap per OPD" (GET, admin). */
  xlsx: (f: FollowUpFilters) => `/api/follow-ups.xlsx${followUpFilterQuery(f)}`,
  /** The same items as CSV, or the per-OPD recap with `view` 'recap' (GET, admin). */
  csv: (f: FollowUpFilters, view: 'items' | 'recap' = 'items') => `/api/follow-ups.csv${followUpFilterQuery(f, view === 'recap' ? { view } : {})}`,
} as const;
