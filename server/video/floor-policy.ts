import type { Meeting, QueueState, TurnStatus } from '../../shared/protocol';
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
