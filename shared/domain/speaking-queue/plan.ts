import type { Meeting } from '../../protocol/meeting';
import type { AttendanceEntry, QueueState, Turn } from '../../protocol/queue';
import { newTimer } from './timer';

export const DEFAULT_WARNING_MS = 2 * 60_000;

/** A scheduled turn's id is derived from its participant, so the plan is the same wherever it is built. */
export const scheduledTurnId = (participantId: string) => `p-${participantId}`;

/** The turns of a meeting's speaking order, session by session, before anyone has spoken. */
export function planTurns(meeting: Meeting): { turns: Turn[]; order: string[] } {
  const sorted = [...meeting.participants].sort((a, b) => a.session - b.session || a.position - b.position);
  const turns = sorted.map((p): Turn => {
    const ms = (p.allotmentMinutes ?? meeting.defaultAllotmentMinutes) * 60_000;
    const detail = [p.representativeName, p.representativeTitle].filter(Boolean).join(', ');
    return {
      id: scheduledTurnId(p.id),
      kind: 'scheduled',
      participantId: p.id,
      label: p.opdShortName,
      detail: detail ? `${p.opdName} · ${detail}` : p.opdName,
      session: p.session,
      status: 'waiting',
      timer: newTimer(ms),
      plannedMs: ms,
      extensions: 0,
      extendedMs: 0,
      startedAt: null,
      endedAt: null,
      warnedAt: null,
      expiredAt: null,
      requestId: null,
    };
  });
  return { turns, order: turns.map((t) => t.id) };
}

export function initialAttendance(meeting: Meeting): Record<string, AttendanceEntry> {
  return Object.fromEntries(
    meeting.participants.map((p) => [
      p.id,
      {
        participantId: p.id,
        status: 'unknown',
        arrivedAt: null,
        representativeName: '',
        representativeTitle: '',
        reason: '',
        seenOnline: false,
        source: null,
      } satisfies AttendanceEntry,
    ]),
  );
}

/** The queue of a meeting nobody has touched yet. */
export function initialQueueState(meeting: Meeting): QueueState {
  const { turns, order } = planTurns(meeting);
  return {
    meetingId: meeting.id,
    seq: 0,
    phase: 'not_started',
    startedAt: null,
    endedAt: null,
    session: 1,
    order,
    turns: Object.fromEntries(turns.map((t) => [t.id, t])),
    currentTurnId: null,
    requests: [],
    attendance: initialAttendance(meeting),
    warningMs: DEFAULT_WARNING_MS,
    screenShare: { allowed: [], stopped: [] },
  };
}
