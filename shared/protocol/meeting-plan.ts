import { z } from 'zod';
import { translate } from '../i18n';
import { clockSchema } from '../domain/time/schemas';

/**
 * A meeting's plan: its sessions (sesi) with their own time windows, and its agenda. Both are
 * part of the meeting (meetingInputSchema, Meeting); the planned timeline is computed from them
 * in shared/domain/meeting/timeline.ts. What invitations and calendars send is in invitation.ts.
 */

/** Sesi numbers: a meeting has at most two (MAX_SESSIONS in meeting.ts). */
export const sessionNumberSchema = z.union([z.literal(1), z.literal(2)]);

/** One sesi's time window, inside the meeting's start and planned end. */
export const sessionWindowSchema = z.object({
  number: sessionNumberSchema,
  startTime: clockSchema,
  endTime: clockSchema,
});
export type SessionWindow = z.infer<typeof sessionWindowSchema>;

/**
 * Kinds of agenda item. `paparan` is the slot where the OPDs' speaking turns go, in speaking
 * order: its length is the sum of their allotments, so its own plannedMinutes are not used.
 */
export const AGENDA_KINDS = ['pembukaan', 'paparan', 'arahan', 'topik', 'penutup'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const MAX_AGENDA_ITEMS = 30;

export const agendaItemSchema = z.object({
  kind: z.enum(AGENDA_KINDS),
  /** Empty: the kind's own name ("Pembukaan"); a topic needs one. */
  title: z.string().trim().max(200, 'field.maxChars').default(''),
  plannedMinutes: z.number().int().min(0, 'field.minMinutes').max(480, 'field.maxMinutes').default(0),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

/** The agenda of a meeting that has none of its own. */
export const DEFAULT_AGENDA: readonly AgendaItem[] = [
  { kind: 'pembukaan', title: '', plannedMinutes: 10 },
  { kind: 'paparan', title: '', plannedMinutes: 0 },
  { kind: 'arahan', title: '', plannedMinutes: 15 },
  { kind: 'penutup', title: '', plannedMinutes: 5 },
];

/** How an agenda item reads in Bahasa Indonesia when it has no title of its own (invitations, calendars). */
export const AGENDA_KIND_LABELS_ID = Object.fromEntries(AGENDA_KINDS.map((k) => [k, translate('id', `plan.kind.${k}`)])) as Record<AgendaKind, string>;

export const meetingPlanFields = {
  /** Empty: one session spanning the meeting. */
  sessions: z.array(sessionWindowSchema).max(2, 'plan.field.maxSessions').optional(),
  /** Ordered; empty: DEFAULT_AGENDA. */
  agenda: z.array(agendaItemSchema).max(MAX_AGENDA_ITEMS, `at most ${MAX_AGENDA_ITEMS} items`).optional(),
};
