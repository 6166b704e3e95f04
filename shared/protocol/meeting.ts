import { z } from '../zod-setup';
import type { LinkRole } from '../domain/roles/roles';
import { clockSchema, dateSchema } from '../domain/time/schemas';
import { TIME_ZONE_IDS, type TimeZone } from '../domain/time/zones';
import { meetingPlanIssues } from '../domain/meeting/plan-rules';
import { CALL_LINK_MAX_CHARS, isCallLink } from '../domain/meeting/call-link';
import { whatsappSchema } from '../domain/reminders/schemas';
import { meetingPlanFields, type AgendaItem, type SessionWindow } from './meeting-plan';

/** The three Indonesian time zones (WIB, WITA, WIT), declared with the other dates and times. */
export { TIME_ZONES, TIME_ZONE_IDS, type TimeZone } from '../domain/time/zones';

export const MEETING_MODES = ['room', 'online', 'hybrid'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

/** Video: "floor" lets only who has the floor (and the room) speak; "open" lets every remote OPD. */
export const FLOOR_MODES = ['floor', 'open'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

export const ATTENDANCE_MODES = ['room', 'remote'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const MAX_PARTICIPANTS = 200;
export const MAX_SESSIONS = 2;

const text = (max: number) => z.string().trim().max(max, 'field.maxChars');

/** A meeting's external call link (Zoom, Meet, Jitsi...): '' for none, else a whole https address. */
export const callLinkSchema = text(CALL_LINK_MAX_CHARS)
  .refine((url) => url === '' || isCallLink(url), 'field.callLinkHttps')
  .default('');

export const participantInputSchema = z.object({
  /** Present when editing an existing participant, so its personal link survives the edit. */
  id: z.string().min(1).max(64).optional(),
  opdId: z.string().min(1, 'field.chooseOpd').max(64),
  representativeName: text(120).default(''),
  representativeTitle: text(120).default(''),
  /** The representative's own WhatsApp number (E.164 digits), '' for none: reminders then go to the OPD's. */
  representativeWhatsapp: whatsappSchema.default(''),
  attendance: z.enum(ATTENDANCE_MODES).default('room'),
  session: z.number().int().min(1).max(MAX_SESSIONS).default(1),
  /** Minutes this participant may speak; empty means the meeting's default. */
  allotmentMinutes: z.number().int().min(1, 'field.minMinutes').max(180, 'field.maxMinutes').nullable().default(null),
});
export type ParticipantInput = z.infer<typeof participantInputSchema>;

export const meetingInputSchema = z
  .object({
    title: text(200).min(1, 'field.required'),
    kind: text(80).default(''),
    date: dateSchema,
    startTime: clockSchema,
    endTime: clockSchema,
    timeZone: z.enum(TIME_ZONE_IDS),
    place: text(200).default(''),
    mode: z.enum(MEETING_MODES).default('hybrid'),
    chairName: text(120).min(1, 'field.required'),
    chairTitle: text(120).default(''),
    notulis: z.array(text(120).min(1, 'field.required')).min(1, 'field.oneNotulis').max(5, 'field.maxNotulis'),
    defaultAllotmentMinutes: z.number().int().min(1, 'field.minMinutes').max(180, 'field.maxMinutes').default(10),
    floorMode: z.enum(FLOOR_MODES).default('floor'),
    /** Where remote participants follow when this server has no video, and the way out when its video fails. */
    externalCallUrl: callLinkSchema,
    /** Array order is the speaking order. */
    participants: z.array(participantInputSchema).max(MAX_PARTICIPANTS).default([]),
    /** Sesi windows and the agenda (meeting-plan.ts); absent: none on create, unchanged on update. */
    ...meetingPlanFields,
  })
  .superRefine((m, ctx) => {
    if (m.endTime <= m.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'field.endAfterStart' });
    }
    const seen = new Set<string>();
    m.participants.forEach((p, i) => {
      if (seen.has(p.opdId)) {
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'opdId'], message: 'field.duplicateOpd' });
      }
      seen.add(p.opdId);
    });
    if (m.endTime > m.startTime)
      for (const issue of meetingPlanIssues(m)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.key, params: issue.params });
  });
export type MeetingInput = z.infer<typeof meetingInputSchema>;

export const meetingCopySchema = z.object({
  title: text(200).min(1).optional(),
  date: dateSchema.optional(),
});
export type MeetingCopyInput = z.infer<typeof meetingCopySchema>;

export const reorderSchema = z.object({
  participantIds: z.array(z.string().min(1).max(64)).max(MAX_PARTICIPANTS),
});
export type ReorderInput = z.infer<typeof reorderSchema>;

export const idParamSchema = z.object({ id: z.string().min(1).max(64) });

export interface Participant {
  id: string;
  opdId: string;
  opdName: string;
  opdShortName: string;
  opdGroup: string;
  representativeName: string;
  representativeTitle: string;
  /** E.164 digits, '' for none. */
  representativeWhatsapp: string;
  /** The OPD's number in the directory now (E.164 digits, '' for none): where a reminder goes without the representative's. */
  opdWhatsapp: string;
  attendance: AttendanceMode;
  session: number;
  /** 1-based place in the speaking order. */
  position: number;
  allotmentMinutes: number | null;
}

export interface Meeting {
  id: string;
  title: string;
  kind: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  place: string;
  mode: MeetingMode;
  chairName: string;
  chairTitle: string;
  notulis: string[];
  defaultAllotmentMinutes: number;
  floorMode: FloorMode;
  /** The external call link (https), or '' for none. */
  externalCallUrl: string;
  participants: Participant[];
  /** Sesi time windows; empty: one session spanning the meeting. */
  sessions: SessionWindow[];
  /** The agenda as saved; empty: DEFAULT_AGENDA (see effectiveAgenda). */
  agenda: AgendaItem[];
  createdAt: string;
  updatedAt: string;
}

export interface MeetingSummary {
  id: string;
  title: string;
  kind: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: TimeZone;
  place: string;
  mode: MeetingMode;
  participantCount: number;
}

/** A personal link as the secretariat sees it: the URL is shown, the token is never stored. */
export interface MeetingLink {
  id: string;
  role: LinkRole;
  /** Who the link is for: an OPD's short name, a notulis's name, "Proyektor"... */
  label: string;
  participantId: string | null;
  url: string;
  /** A PNG data URL of the QR code of `url`. */
  qr: string;
  revoked: boolean;
  createdAt: string;
}
