import { z } from '../zod-setup';
import { translate } from '../i18n';
import { clockSchema } from '../domain/time/schemas';
import { AGENDA_KINDS, type AgendaKind } from './agenda-kinds';

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

export { AGENDA_KINDS, DEFAULT_AGENDA, type AgendaKind } from './agenda-kinds';

export const MAX_AGENDA_ITEMS = 30;

export const agendaItemSchema = z.object({
  kind: z.enum(AGENDA_KINDS),
  /** Empty: the kind's own name ("Pembukaan"); a topic needs one. */
  title: z.string().trim().max(200, 'field.maxChars').default(''),
  plannedMinutes: z.number().int().min(0, 'field.minMinutes').max(480, 'field.maxMinutes').default(0),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

/** How an agenda item reads in Bahasa Indonesia when it has no title of its own (invitations, calendars). */
export const AGENDA_KIND_LABELS_ID = Object.fromEntries(AGENDA_KINDS.map((k) => [k, translate('id', `plan.kind.${k}`)])) as Record<AgendaKind, string>;

export const meetingPlanFields = {
  /** Empty: one session spanning the meeting. */
  sessions: z.array(sessionWindowSchema).max(2, 'plan.field.maxSessions').optional(),
  /** Ordered; empty: DEFAULT_AGENDA. */
  agenda: z.array(agendaItemSchema).max(MAX_AGENDA_ITEMS, `at most ${MAX_AGENDA_ITEMS} items`).optional(),
};
