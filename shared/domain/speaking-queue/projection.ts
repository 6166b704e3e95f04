import type { Meeting } from '../../protocol/meeting';
import type { QueueState, Turn } from '../../protocol/queue';
import { planTimeline, type TimelineInput } from '../meeting/timeline';
import { dateInZone, instantInZone } from '../time';
import { arahanMs, remainingMs, spokenMs } from './timer';

/**
 * The day the meeting is really held: the day it started, else its planned date. A rakor moved
 * to another day keeps its planned hours, so its plan is measured on the day it runs.
 */
export function heldOn(state: Pick<QueueState, 'startedAt'>, meeting: Pick<Meeting, 'date' | 'timeZone'>): string {
  return state.startedAt === null ? meeting.date : dateInZone(state.startedAt, meeting.timeZone);
}

/** The whole time a turn took at the floor: the speaker and the chair's arahan. */
export function floorMs(turn: Turn, now: number): number {
  return spokenMs(turn.timer, now) + arahanMs(turn.timer, now);
}

export interface Projection {
  /** When the current session's queue is expected to be through. */
  projectedEnd: number;
  plannedEnd: number;
  /** Positive: minutes late; negative: minutes early. */
  deltaMinutes: number;
  /** Actual floor time over allotted time of the finished turns (1 = on schedule). */
  pace: number;
  remainingTurns: number;
}

/**
 * The chair's "perkiraan selesai": the current turn's remaining time, plus every waiting turn of
 * this and later sessions at the pace the meeting has kept so far.
 */
export function project(state: QueueState, meeting: Pick<Meeting, 'date' | 'endTime' | 'timeZone'>, now: number): Projection {
  const finished = Object.values(state.turns).filter((t) => t.status === 'done' && t.startedAt !== null);
  const allotted = finished.reduce((n, t) => n + t.timer.allotmentMs, 0);
  const used = finished.reduce((n, t) => n + floorMs(t, now), 0);
  // A pace from one quick turn should not swing the estimate wildly: clamp it.
  const pace = allotted > 0 ? Math.min(2, Math.max(0.5, used / allotted)) : 1;
  const cur = state.currentTurnId ? state.turns[state.currentTurnId] : null;
  const currentLeft = cur ? Math.max(0, remainingMs(cur.timer, now)) : 0;
  const waiting = state.order.map((id) => state.turns[id]).filter((t): t is Turn => t !== undefined && t.status === 'waiting' && t.session >= state.session);
  const waitingMs = waiting.reduce((n, t) => n + t.timer.allotmentMs, 0) * pace;
  const projectedEnd = now + currentLeft + waitingMs;
  const plannedEnd = instantInZone(heldOn(state, meeting), meeting.endTime, meeting.timeZone);
  return {
    projectedEnd,
    plannedEnd,
    deltaMinutes: Math.round((projectedEnd - plannedEnd) / 60_000),
    pace,
    remainingTurns: waiting.length,
  };
}

/** When a waiting turn is expected to start: the participant's "your turn in about 25 minutes". */
export function expectedStart(state: QueueState, turnId: string, now: number): number | null {
  const target = state.turns[turnId];
  if (!target || target.status !== 'waiting') return null;
  const cur = state.currentTurnId ? state.turns[state.currentTurnId] : null;
  let at = now + (cur ? Math.max(0, remainingMs(cur.timer, now)) : 0);
  for (const id of state.order) {
    const t = state.turns[id];
    if (id === turnId) return at;
    if (t && t.status === 'waiting' && t.session >= state.session && t.session <= target.session) at += t.timer.allotmentMs;
  }
  return null;
}

export interface TurnStatistics {
  position: number;
  turnId: string;
  label: string;
  kind: Turn['kind'];
  session: number;
  status: Turn['status'];
  plannedStart: number | null;
  actualStart: number | null;
  allottedMs: number;
  spokenMs: number;
  arahanMs: number;
  overrunMs: number;
  extensions: number;
  extendedMs: number;
}

/** What the statistics need of a meeting: its day and zone, and everything its planned timeline is made of. */
export type StatisticsMeeting = Pick<Meeting, 'date' | 'timeZone'> & TimelineInput;

/**
 * Per-turn statistics: planned against actual, for the chair after the meeting and the CSV. A
 * scheduled turn's planned start is its start in the planned timeline (agenda, allotments and sesi
 * windows: planTimeline, the one the editor and the invitations show), on the day it is held.
 */
export function statistics(state: QueueState, meeting: StatisticsMeeting, now: number): TurnStatistics[] {
  const planned = planTimeline(meeting).turns;
  const midnight = instantInZone(heldOn(state, meeting), '00:00', meeting.timeZone);
  return state.order.map((id, i) => {
    const t = state.turns[id];
    if (!t) throw new Error(`statistics: turn ${id} is in the order but not in the turns`);
    const spoken = spokenMs(t.timer, now);
    const turn = t.kind === 'scheduled' && t.participantId !== null ? planned[t.participantId] : undefined;
    const plannedStart = turn ? midnight + turn.startMinute * 60_000 : null;
    return {
      position: i + 1,
      turnId: t.id,
      label: t.label,
      kind: t.kind,
      session: t.session,
      status: t.status,
      plannedStart,
      actualStart: t.startedAt,
      allottedMs: t.timer.allotmentMs,
      spokenMs: spoken,
      arahanMs: arahanMs(t.timer, now),
      overrunMs: Math.max(0, spoken - t.timer.allotmentMs),
      extensions: t.extensions,
      extendedMs: t.extendedMs,
    };
  });
}
