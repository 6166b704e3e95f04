import { z } from 'zod';
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
  title: z.string().trim().max(200, 'at most 200 characters').default(''),
  plannedMinutes: z.number().int().min(0, 'at least 0 minutes').max(480, 'at most 480 minutes').default(0),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

/** The agenda of a meeting that has none of its own. */
export const DEFAULT_AGENDA: readonly AgendaItem[] = [
  { kind: 'pembukaan', title: '', plannedMinutes: 10 },
  { kind: 'paparan', title: '', plannedMinutes: 0 },
  { kind: 'arahan', title: '', plannedMinutes: 15 },
  { kind: 'penutup', title: '', plannedMinutes: 5 },
];

/** The agenda the timeline runs: the meeting's own, else the default one. */
export function effectiveAgenda(agenda: readonly AgendaItem[] | undefined): readonly AgendaItem[] {
  return agenda && agenda.length > 0 ? agenda : DEFAULT_AGENDA;
}

/** How an agenda item reads in Bahasa Indonesia when it has no title of its own (invitations, calendars). */
export const AGENDA_KIND_LABELS_ID: Record<AgendaKind, string> = {
  pembukaan: 'Pembukaan',
  paparan: 'Paparan OPD',
  arahan: 'Arahan pimpinan',
  topik: 'Topik',
  penutup: 'Penutup',
};

export const meetingPlanFields = {
  /** Empty: one session spanning the meeting. */
  sessions: z.array(sessionWindowSchema).max(2, 'at most 2 sessions').optional(),
  /** Ordered; empty: DEFAULT_AGENDA. */
  agenda: z.array(agendaItemSchema).max(MAX_AGENDA_ITEMS, `at most ${MAX_AGENDA_ITEMS} items`).optional(),
};

interface PlanInput {
  startTime: string;
  endTime: string;
  sessions?: SessionWindow[];
  agenda?: AgendaItem[];
  participants: { session: number }[];
}

type Issue = { path: (string | number)[]; message: string };

/** The rules of sessions and agenda, as issues naming the field (used by meetingInputSchema). */
export function meetingPlanIssues(m: PlanInput): Issue[] {
  const issues: Issue[] = [];
  const sessions = m.sessions ?? [];
  sessions.forEach((s, i) => {
    if (sessions.findIndex((o) => o.number === s.number) !== i) {
      issues.push({ path: ['sessions', i, 'number'], message: `sesi ${s.number} is listed twice` });
      return;
    }
    if (s.endTime <= s.startTime) issues.push({ path: ['sessions', i, 'endTime'], message: 'the end must be after the start' });
    else if (s.startTime < m.startTime) issues.push({ path: ['sessions', i, 'startTime'], message: 'before the meeting starts' });
    else if (s.endTime > m.endTime) issues.push({ path: ['sessions', i, 'endTime'], message: "after the meeting's planned end" });
    else {
      for (const other of sessions.slice(0, i)) {
        if (other.endTime <= other.startTime) continue;
        if (s.startTime < other.endTime && other.startTime < s.endTime) {
          issues.push({ path: ['sessions', i, 'startTime'], message: `overlaps sesi ${other.number}` });
          break;
        }
        // The queue runs sesi 1 before sesi 2: their windows keep that order.
        if ((s.number > other.number) !== (s.startTime > other.startTime)) {
          issues.push({ path: ['sessions', i, 'startTime'], message: 'sesi 2 must come after sesi 1' });
          break;
        }
      }
    }
  });
  if (sessions.length > 0) {
    const windows = new Set(sessions.map((s) => s.number));
    m.participants.forEach((p, i) => {
      if (!windows.has(p.session as 1 | 2)) {
        issues.push({ path: ['participants', i, 'session'], message: `sesi ${p.session} has no time window` });
      }
    });
  }
  const agenda = m.agenda ?? [];
  if (agenda.length > 0) {
    const paparan = agenda.map((a, i) => (a.kind === 'paparan' ? i : -1)).filter((i) => i >= 0);
    if (paparan.length === 0) issues.push({ path: ['agenda'], message: 'the agenda needs the paparan slot (where the OPDs speak)' });
    for (const i of paparan.slice(1)) issues.push({ path: ['agenda', i, 'kind'], message: 'only one paparan slot' });
    agenda.forEach((a, i) => {
      if (a.kind === 'topik' && !a.title) issues.push({ path: ['agenda', i, 'title'], message: 'required' });
    });
  }
  return issues;
}
