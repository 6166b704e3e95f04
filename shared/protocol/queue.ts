import { z } from '../zod-setup';

// The queue's vocabularies, apart from its schemas so a screen reads them without loading zod.
export * from './queue-constants';
import type { AttendanceStatus, RequestKind, RequestStatus, TurnKind, TurnStatus } from './queue-constants';
import { ATTENDANCE_STATUSES, REQUEST_KINDS, SEQ_GUARDED_COMMAND_TYPES } from './queue-constants';

/**
 * What recorded an attendance entry: `manual` the chair or the host (it always wins), `link` a
 * remote participant's personal link connecting, `call` the video call, `checkin` the room's
 * check-in code scanned with the participant's own phone.
 */
export const ATTENDANCE_SOURCES = ['manual', 'link', 'call', 'checkin'] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

/**
 * A timer is data, not an interval: the spoken time is `accumulatedMs` plus, while it runs,
 * `now - runningSince` in server time. Every screen computes it from its estimate of the server clock.
 */
export interface TurnTimer {
  allotmentMs: number;
  accumulatedMs: number;
  runningSince: number | null;
  /** Chair's arahan time within this turn, counted apart so it does not eat the allotment. */
  arahanMs: number;
  arahanSince: number | null;
}

export interface Turn {
  id: string;
  kind: TurnKind;
  /** The meeting participant (OPD) speaking; null for a guest without one. */
  participantId: string | null;
  label: string;
  detail: string;
  session: number;
  status: TurnStatus;
  timer: TurnTimer;
  /** Planned allotment before extensions. */
  plannedMs: number;
  extensions: number;
  extendedMs: number;
  startedAt: number | null;
  endedAt: number | null;
  warnedAt: number | null;
  expiredAt: number | null;
  /** For responses and points of order: the request that became this turn. */
  requestId: string | null;
}

export interface SpeakRequest {
  id: string;
  participantId: string;
  kind: RequestKind;
  status: RequestStatus;
  createdAt: number;
  /** The turn that was speaking when it was asked: what the response answers. */
  duringTurnId: string | null;
  decidedAt: number | null;
}

export interface AttendanceEntry {
  participantId: string;
  status: AttendanceStatus;
  arrivedAt: number | null;
  representativeName: string;
  representativeTitle: string;
  reason: string;
  /** True once the person was seen connected remotely (a remote link, or the video call) during the meeting. */
  seenOnline: boolean;
  /** Who recorded the status; null or absent (states stored before issue 9) when nothing did. */
  source?: AttendanceSource | null;
}

export interface QueueState {
  meetingId: string;
  /** Number of the last event applied; 0 before any. */
  seq: number;
  phase: 'not_started' | 'running' | 'ended';
  startedAt: number | null;
  endedAt: number | null;
  session: number;
  /** Turn ids in speaking order (all sessions). */
  order: string[];
  turns: Record<string, Turn>;
  currentTurnId: string | null;
  requests: SpeakRequest[];
  attendance: Record<string, AttendanceEntry>;
  warningMs: number;
  /**
   * The paparan: remote participants the chair allowed to share a screen beside the floor, and
   * those whose share the chair stopped (their right is gone until the chair allows it again, or,
   * for a floor holder, until their next turn starts). Absent in states stored before issue 12.
   */
  screenShare?: ScreenShareState;
}

export interface ScreenShareState {
  allowed: string[];
  stopped: string[];
}

const id = z.string().min(1).max(64);
const minutes = z.number().min(0.5, 'field.minHalfMinute').max(180, 'field.maxMinutes');

/** Every command a person (or the server's scheduler) can give the queue. */
export const queueCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('meeting.start'), session: z.number().int().min(1).max(2).optional() }),
  z.object({ type: z.literal('meeting.end') }),
  z.object({ type: z.literal('session.switch'), session: z.number().int().min(1).max(2) }),
  z.object({ type: z.literal('turn.next') }),
  z.object({ type: z.literal('turn.call'), turnId: id }),
  z.object({ type: z.literal('turn.pause') }),
  z.object({ type: z.literal('turn.resume') }),
  z.object({ type: z.literal('turn.extend'), minutes }),
  z.object({ type: z.literal('turn.finish') }),
  z.object({ type: z.literal('turn.skip'), turnId: id }),
  z.object({ type: z.literal('turn.restore'), turnId: id }),
  z.object({ type: z.literal('queue.reorder'), turnIds: z.array(id).max(400) }),
  z.object({
    type: z.literal('queue.add'),
    label: z.string().trim().min(1, 'field.required').max(120),
    detail: z.string().trim().max(160).default(''),
    participantId: id.nullable().default(null),
    allotmentMinutes: minutes,
    /** Right after the current turn (default) or at the end. */
    placement: z.enum(['next', 'end']).default('next'),
  }),
  z.object({ type: z.literal('arahan.start') }),
  z.object({ type: z.literal('arahan.stop') }),
  z.object({ type: z.literal('request.create'), kind: z.enum(REQUEST_KINDS) }),
  z.object({ type: z.literal('request.withdraw'), requestId: id }),
  z.object({ type: z.literal('request.admit'), requestId: id, allotmentMinutes: minutes.default(3) }),
  z.object({ type: z.literal('request.decline'), requestId: id }),
  z.object({
    type: z.literal('attendance.mark'),
    participantId: id,
    status: z.enum(ATTENDANCE_STATUSES),
    representativeName: z.string().trim().max(120).default(''),
    representativeTitle: z.string().trim().max(120).default(''),
    reason: z.string().trim().max(200).default(''),
  }),
  z.object({ type: z.literal('settings.warning'), warningMinutes: z.number().min(0).max(30) }),
  /** The chair lets a remote participant share a screen even without the floor. */
  z.object({ type: z.literal('share.allow'), participantId: id }),
  /** The chair stops a participant's share (in progress or allowed): LiveKit unpublishes it. */
  z.object({ type: z.literal('share.stop'), participantId: id }),
]);
export type QueueCommand = z.infer<typeof queueCommandSchema>;
export type QueueCommandInput = z.input<typeof queueCommandSchema>;

/** What the scheduler and the link sessions do on their own; never accepted from a socket. */
export type SystemCommand =
  | { type: 'timer.warn'; turnId: string }
  | { type: 'timer.expire'; turnId: string }
  /** Seen connected remotely: a remote participant's link (`link`, the default) or the video call (`call`). */
  | { type: 'attendance.online'; participantId: string; via?: 'link' | 'call' }
  /** The participant's own phone scanned the room's check-in code: present in the room. */
  | { type: 'attendance.checkin'; participantId: string };

/** A command's own id, made by the client once per press (a UUID); a retry of the same press sends it again. */
export const commandIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'field.commandId');

export const queueCommandEnvelopeSchema = z.object({
  meetingId: id,
  /**
   * The server answers a command id it has accepted before with the same ack and no new event,
   * also after a restart (it keeps the ids of about the last 500 events of a meeting).
   */
  commandId: commandIdSchema,
  /**
   * The last seq this client saw; when given and behind the server, the command is refused as
   * stale, unless the same person already gave the same command from that same seq (the second tap
   * of a double tap, or a second chair screen): that one is answered quietly with the first's ack.
   */
  expectedSeq: z.number().int().min(0).optional(),
  command: queueCommandSchema,
});
export type QueueCommandEnvelope = z.input<typeof queueCommandEnvelopeSchema>;

export const queueSyncSchema = z.object({
  meetingId: id,
  /** The last seq this client applied; 0 or absent asks for a snapshot. */
  sinceSeq: z.number().int().min(0).default(0),
});

/** One numbered change of the queue, persisted before it is broadcast. */
export interface QueueEvent {
  seq: number;
  at: number;
  meetingId: string;
  body: QueueEventBody;
}

export type QueueEventBody =
  /** The speaking order was (re)planned from the meeting before it started. */
  | { type: 'queue.planned'; turns: Turn[]; order: string[]; participantIds: string[] }
  | { type: 'meeting.started'; session: number }
  | { type: 'meeting.ended' }
  | { type: 'session.switched'; session: number }
  | { type: 'turn.started'; turnId: string }
  | { type: 'turn.paused'; turnId: string }
  | { type: 'turn.resumed'; turnId: string }
  | { type: 'turn.extended'; turnId: string; ms: number }
  | { type: 'turn.finished'; turnId: string }
  | { type: 'turn.skipped'; turnId: string }
  | { type: 'turn.restored'; turnId: string }
  | { type: 'turn.warned'; turnId: string }
  | { type: 'turn.expired'; turnId: string }
  | { type: 'queue.reordered'; turnIds: string[] }
  | { type: 'turn.added'; turn: Turn; afterTurnId: string | null }
  | { type: 'arahan.started'; turnId: string }
  | { type: 'arahan.stopped'; turnId: string }
  | { type: 'request.created'; request: SpeakRequest }
  | { type: 'request.withdrawn'; requestId: string }
  | { type: 'request.declined'; requestId: string }
  | { type: 'request.admitted'; requestId: string; turn: Turn; afterTurnId: string | null }
  | { type: 'attendance.marked'; entry: AttendanceEntry }
  | { type: 'settings.changed'; warningMs: number }
  | { type: 'share.allowed'; participantId: string }
  | { type: 'share.stopped'; participantId: string };

export type QueueSyncResult = { kind: 'events'; events: QueueEvent[] } | { kind: 'snapshot'; state: QueueState };

export interface QueueCommandResult {
  seq: number;
}

export interface ClockPong {
  /** Server time when the ping was answered, ms since the epoch. */
  serverNow: number;
}

// Every guarded name is a command of the queue (queue-constants.ts cannot import the schemas to say so).
SEQ_GUARDED_COMMAND_TYPES satisfies readonly QueueCommand['type'][];
