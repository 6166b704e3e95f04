import type { AttendanceStatus, QueueState, Turn } from '../../../shared/protocol';

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
