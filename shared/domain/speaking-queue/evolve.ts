import type { AttendanceEntry, QueueEvent, QueueState, Turn } from '../../protocol/queue';
import { screenShareOf } from './screen-share';
import { remainingMs, stopTimer } from './timer';

function withTurn(state: QueueState, id: string, change: (t: Turn) => Turn): QueueState {
  const turn = state.turns[id];
  if (!turn) return state;
  return { ...state, turns: { ...state.turns, [id]: change(turn) } };
}

/** Ends a turn at `at` as done or skipped, and frees the floor if it held it. */
function endTurn(state: QueueState, id: string, status: 'done' | 'skipped', at: number): QueueState {
  const next = withTurn(state, id, (t) => ({
    ...t,
    status,
    timer: stopTimer(t.timer, at),
    endedAt: t.startedAt !== null ? at : t.endedAt,
  }));
  return next.currentTurnId === id ? { ...next, currentTurnId: null } : next;
}

function insertAfter(order: readonly string[], id: string, afterId: string | null): string[] {
  const rest = order.filter((x) => x !== id);
  if (afterId === null) return [...rest, id];
  const i = rest.indexOf(afterId);
  return i < 0 ? [...rest, id] : [...rest.slice(0, i + 1), id, ...rest.slice(i + 1)];
}

function blankAttendance(participantId: string): AttendanceEntry {
  return { participantId, status: 'unknown', arrivedAt: null, representativeName: '', representativeTitle: '', reason: '', seenOnline: false, source: null };
}

const without = (ids: readonly string[], id: string) => ids.filter((x) => x !== id);

/** Applies one numbered event. Pure: the server and every mirror run the same code. */
export function evolve(state: QueueState, event: QueueEvent): QueueState {
  const at = event.at;
  const s: QueueState = { ...state, seq: event.seq };
  const e = event.body;
  switch (e.type) {
    case 'queue.planned': {
      const attendance: Record<string, AttendanceEntry> = {};
      for (const pid of e.participantIds) attendance[pid] = s.attendance[pid] ?? blankAttendance(pid);
      return { ...s, turns: Object.fromEntries(e.turns.map((t) => [t.id, t])), order: e.order, attendance };
    }
    case 'meeting.started':
      return { ...s, phase: 'running', startedAt: at, session: e.session };
    case 'meeting.ended': {
      const ended = s.currentTurnId ? endTurn(s, s.currentTurnId, 'done', at) : s;
      return { ...ended, phase: 'ended', endedAt: at };
    }
    case 'session.switched':
      return { ...s, session: e.session };
    case 'turn.started': {
      const started = withTurn(s, e.turnId, (t) => ({
        ...t,
        status: 'speaking',
        startedAt: t.startedAt ?? at,
        endedAt: null,
        timer: { ...t.timer, runningSince: at, arahanSince: null },
      }));
      // A new turn gives its speaker the floor afresh: a share the chair stopped earlier is no longer held against it.
      const speaker = started.turns[e.turnId]?.participantId;
      const share = screenShareOf(started);
      const screenShare = speaker && share.stopped.includes(speaker) ? { ...share, stopped: without(share.stopped, speaker) } : started.screenShare;
      return { ...started, currentTurnId: e.turnId, ...(screenShare ? { screenShare } : {}) };
    }
    case 'turn.paused':
      return withTurn(s, e.turnId, (t) => ({ ...t, status: 'paused', timer: stopTimer(t.timer, at) }));
    case 'turn.resumed':
      return withTurn(s, e.turnId, (t) => ({ ...t, status: 'speaking', timer: { ...t.timer, runningSince: at } }));
    case 'turn.extended':
      return withTurn(s, e.turnId, (t) => {
        const timer = { ...t.timer, allotmentMs: t.timer.allotmentMs + e.ms };
        const left = remainingMs(timer, at);
        return {
          ...t,
          timer,
          extensions: t.extensions + 1,
          extendedMs: t.extendedMs + e.ms,
          // More time re-arms the warning and the expiry that it pushed back.
          warnedAt: left > s.warningMs ? null : t.warnedAt,
          expiredAt: left > 0 ? null : t.expiredAt,
        };
      });
    case 'turn.finished':
      return endTurn(s, e.turnId, 'done', at);
    case 'turn.skipped':
      return endTurn(s, e.turnId, 'skipped', at);
    case 'turn.restored': {
      const restored = withTurn(s, e.turnId, (t) => ({ ...t, status: 'waiting', endedAt: null }));
      return { ...restored, order: insertAfter(restored.order, e.turnId, restored.currentTurnId) };
    }
    case 'turn.warned':
      return withTurn(s, e.turnId, (t) => ({ ...t, warnedAt: at }));
    case 'turn.expired':
      return withTurn(s, e.turnId, (t) => ({ ...t, expiredAt: at }));
    case 'queue.reordered':
      return { ...s, order: e.turnIds };
    case 'turn.added':
      return { ...s, turns: { ...s.turns, [e.turn.id]: e.turn }, order: insertAfter(s.order, e.turn.id, e.afterTurnId) };
    case 'arahan.started':
      return withTurn(s, e.turnId, (t) => ({
        ...t,
        timer: { ...stopTimer(t.timer, at), arahanMs: t.timer.arahanMs, arahanSince: at },
      }));
    case 'arahan.stopped':
      return withTurn(s, e.turnId, (t) => {
        const stopped = stopTimer(t.timer, at);
        return { ...t, timer: { ...stopped, runningSince: t.status === 'speaking' ? at : null } };
      });
    case 'request.created':
      return { ...s, requests: [...s.requests, e.request] };
    case 'request.withdrawn':
      return { ...s, requests: s.requests.map((r) => (r.id === e.requestId ? { ...r, status: 'withdrawn', decidedAt: at } : r)) };
    case 'request.declined':
      return { ...s, requests: s.requests.map((r) => (r.id === e.requestId ? { ...r, status: 'declined', decidedAt: at } : r)) };
    case 'request.admitted': {
      const requests = s.requests.map((r) => (r.id === e.requestId ? { ...r, status: 'admitted' as const, decidedAt: at } : r));
      return { ...s, requests, turns: { ...s.turns, [e.turn.id]: e.turn }, order: insertAfter(s.order, e.turn.id, e.afterTurnId) };
    }
    case 'attendance.marked':
      return { ...s, attendance: { ...s.attendance, [e.entry.participantId]: e.entry } };
    case 'settings.changed':
      return { ...s, warningMs: e.warningMs };
    case 'share.allowed': {
      const share = screenShareOf(s);
      return {
        ...s,
        screenShare: { allowed: [...without(share.allowed, e.participantId), e.participantId], stopped: without(share.stopped, e.participantId) },
      };
    }
    case 'share.stopped': {
      const share = screenShareOf(s);
      return {
        ...s,
        screenShare: { allowed: without(share.allowed, e.participantId), stopped: [...without(share.stopped, e.participantId), e.participantId] },
      };
    }
  }
}
