import type { AttendanceStatus, Meeting, QueueState, Turn } from '../../../shared/protocol';
import { wallClockInZone } from '../../../shared/domain/time';
import { scheduledTurnId } from '../../../shared/domain/speaking-queue/plan';

/** The next waiting turns of the running session, in order. */
export function upcoming(state: QueueState, count: number): Turn[] {
  const out: Turn[] = [];
  for (const id of state.order) {
    const t = state.turns[id];
    if (t && t.status === 'waiting' && t.session === state.session) out.push(t);
    if (out.length === count) break;
  }
  return out;
}

export function currentTurn(state: QueueState): Turn | null {
  return state.currentTurnId ? (state.turns[state.currentTurnId] ?? null) : null;
}

/** Statuses that should warn the chair when this OPD is called. */
const NOT_HERE: AttendanceStatus[] = ['absent', 'excused', 'unknown'];

export function absentStatus(state: QueueState, turn: Turn | null): AttendanceStatus | null {
  if (!turn?.participantId) return null;
  const entry = state.attendance[turn.participantId];
  if (!entry) return null;
  // "unknown" only flags once the meeting runs: before it, nobody has been marked yet.
  if (entry.status === 'unknown' && (state.phase !== 'running' || entry.seenOnline)) return null;
  return NOT_HERE.includes(entry.status) ? entry.status : null;
}

/** Pending requests as the chair sees them: points of order first, then by arrival. */
export function pendingRequests(state: QueueState) {
  return state.requests
    .filter((r) => r.status === 'pending')
    .sort((a, b) => (a.kind === b.kind ? a.createdAt - b.createdAt : a.kind === 'point_of_order' ? -1 : 1));
}

export function sessionsOf(state: QueueState): number[] {
  return [...new Set(state.order.map((id) => state.turns[id]?.session ?? 1))].sort();
}

/** What a turn's clock is doing: running, stopped by a pause (JEDA), or stopped while the chair gives directions. */
export type ClockState = 'running' | 'paused' | 'arahan';

export function clockState(turn: Pick<Turn, 'status' | 'timer'>): ClockState {
  if (turn.timer.arahanSince !== null) return 'arahan';
  return turn.status === 'paused' ? 'paused' : 'running';
}

/** An admitted request speaks as a response or a point of order: the room is told which. */
export function isRequestTurn(turn: Pick<Turn, 'kind'>): boolean {
  return turn.kind === 'response' || turn.kind === 'point_of_order';
}

/** Pending requests as the badge beside "Berikutnya" says them: how many, and who asks. */
export function requestSummary(state: QueueState): { count: number; names: string[] } {
  const pending = pendingRequests(state);
  const names = [...new Set(pending.map((r) => state.turns[scheduledTurnId(r.participantId)]?.label ?? r.participantId))];
  return { count: pending.length, names };
}

/**
 * The date a clock in the meeting's zone shows at `serverNow`, against the meeting's own date:
 * null when they agree, else that day (a chair starting last week's meeting is asked first).
 */
export function otherDayThanMeeting(meeting: Pick<Meeting, 'date' | 'timeZone'>, serverNow: number): string | null {
  const today = wallClockInZone(serverNow, meeting.timeZone).date;
  return today === meeting.date ? null : today;
}
