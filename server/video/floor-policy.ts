import type { Meeting, QueueState, TurnStatus } from '../../shared/protocol';
import { screenShareOf } from '../../shared/domain/speaking-queue/screen-share';
import { roomFeedIdentity } from './naming';

/** Admitted requests still to be heard or being heard: their askers may unmute. */
const OPEN_TURN_STATUSES: readonly TurnStatus[] = ['waiting', 'speaking', 'paused'];

/**
 * Who may publish a microphone in the meeting's call right now, by identity. Pure: the floor
 * controller, the token minter and the chair's status all ask the same question.
 *
 * - "open": every remote participant, and the room feed.
 * - "floor": the room feed; while the meeting runs, also the remote participant who has the floor
 *   (paused or not) and the askers of admitted responses and points of order not yet done.
 *
 * In-room participants never join the call (the room feed carries them), so they are never listed.
 */
export function allowedSpeakers(meeting: Meeting, state: QueueState): Set<string> {
  const remote = new Set(meeting.participants.filter((p) => p.attendance === 'remote').map((p) => p.id));
  const allowed = new Set<string>([roomFeedIdentity(meeting.id)]);
  if (meeting.floorMode === 'open') {
    for (const id of remote) allowed.add(id);
    return allowed;
  }
  if (state.phase !== 'running') return allowed;
  const current = state.currentTurnId ? state.turns[state.currentTurnId] : undefined;
  if (current?.participantId && remote.has(current.participantId)) allowed.add(current.participantId);
  for (const turn of Object.values(state.turns)) {
    if (turn.kind !== 'response' && turn.kind !== 'point_of_order') continue;
    if (!OPEN_TURN_STATUSES.includes(turn.status)) continue;
    if (turn.participantId && remote.has(turn.participantId)) allowed.add(turn.participantId);
  }
  return allowed;
}

/**
 * Who may share a screen (the paparan) in the call right now, by identity. Pure, beside
 * `allowedSpeakers`: the token minter and the floor controller ask both.
 *
 * - The room feed always: an OPD presenting at the table shares from the room's computer.
 * - "open": every remote participant, but those whose share the chair stopped.
 * - "floor": the remote participant who has the floor while the meeting runs (unless the chair
 *   stopped its share during this turn), and those the chair allowed, until the meeting ends.
 */
export function allowedSharers(meeting: Meeting, state: QueueState): Set<string> {
  const remote = new Set(meeting.participants.filter((p) => p.attendance === 'remote').map((p) => p.id));
  const share = screenShareOf(state);
  const stopped = new Set(share.stopped);
  const allowed = new Set<string>([roomFeedIdentity(meeting.id)]);
  if (meeting.floorMode === 'open') {
    for (const id of remote) if (!stopped.has(id)) allowed.add(id);
    return allowed;
  }
  if (state.phase === 'ended') return allowed;
  for (const id of share.allowed) if (remote.has(id)) allowed.add(id);
  const current = state.phase === 'running' && state.currentTurnId ? state.turns[state.currentTurnId] : undefined;
  if (current?.participantId && remote.has(current.participantId) && !stopped.has(current.participantId)) allowed.add(current.participantId);
  return allowed;
}

/** What one identity may publish beyond its camera. */
export interface CallRights {
  speak: boolean;
  share: boolean;
}

/** Both questions at once, for everyone: `rightsOf(identity)` answers for one. */
export function callRights(meeting: Meeting, state: QueueState): { speakers: Set<string>; sharers: Set<string>; rightsOf(identity: string): CallRights } {
  const speakers = allowedSpeakers(meeting, state);
  const sharers = allowedSharers(meeting, state);
  return { speakers, sharers, rightsOf: (identity) => ({ speak: speakers.has(identity), share: sharers.has(identity) }) };
}
