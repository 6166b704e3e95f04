import { z } from '../zod-setup';
import type { ApiError } from './errors';
import type { MaterialDisplay } from './materials';
import type { Meeting } from './meeting';
import type { ClockPong, QueueCommandResult, QueueEvent, QueueState, QueueSyncResult } from './queue';

export { PROTOCOL_VERSION } from './version';

/** Every client-to-server event is acknowledged with this envelope. */
export type Ack<T> = { data: T } | { error: ApiError };

export const joinMeetingSchema = z.object({
  meetingId: z.string().min(1).max(64),
  protocolVersion: z.number().int(),
  /**
   * The last seq this client applied, on a reconnect: the answer then carries only the events
   * missed since, when the server still has them, so a reconnect is one round trip.
   */
  sinceSeq: z.number().int().min(1).optional(),
});

interface Joined {
  meeting: Meeting;
  /** Server time when the answer left, for a first clock estimate. */
  serverNow: number;
  protocolVersion: number;
  /** Whether this server has video (LiveKit): without it, screens offer the meeting's external call link instead of a call. */
  videoConfigured: boolean;
}

/** A first join, or a client too far behind: the whole queue as of `queue.seq`; later events follow on `queue:event`. */
export interface JoinSnapshot extends Joined {
  queue: QueueState;
  events?: undefined;
}

/** A reconnect with `sinceSeq`: the events after it, in order (possibly none); later ones follow on `queue:event`. */
export interface JoinCatchUp extends Joined {
  queue?: undefined;
  events: QueueEvent[];
}

export type JoinMeetingResult = JoinSnapshot | JoinCatchUp;

export interface ClientToServerEvents {
  'meeting:join': (payload: unknown, ack: (res: Ack<JoinMeetingResult>) => void) => void;
  'meeting:leave': (payload: unknown, ack: (res: Ack<{ left: true }>) => void) => void;
  /** One typed door for every queue command (QueueCommandEnvelope). */
  'queue:command': (payload: unknown, ack: (res: Ack<QueueCommandResult>) => void) => void;
  /** Catch up after a gap: `{ meetingId, sinceSeq }`. */
  'queue:sync': (payload: unknown, ack: (res: Ack<QueueSyncResult>) => void) => void;
  /** NTP-style probe: the client times the round trip and reads the server's clock. */
  'clock:ping': (payload: unknown, ack: (res: Ack<ClockPong>) => void) => void;
  /** Bahan rapat on the projector: `{ meetingId, participantId | null, page }` (MaterialShowInput), the chair or the floor OPD for its own. */
  'material:show': (payload: unknown, ack: (res: Ack<MaterialDisplay>) => void) => void;
}

export interface ServerToClientEvents {
  /** The meeting's header, participants or order changed; the full meeting follows. */
  'meeting:updated': (meeting: Meeting) => void;
  /** A numbered change of the queue, in seq order. */
  'queue:event': (event: QueueEvent) => void;
  /** Video: remote attendance or the floor's speakers changed, or a LiveKit call failed; screens refetch the video status. */
  'video:changed': (change: { meetingId: string }) => void;
  /** The minutes were finalised or reopened: screens fetch the minutes status again. */
  'minutes:changed': (change: { meetingId: string }) => void;
  /** What the projector shows of the bahan rapat changed (shown, another page, hidden, the floor moved on): the whole display follows. */
  'material:display': (display: MaterialDisplay) => void;
  /** A paparan was uploaded, replaced or deleted: the lists of the bahan rapat are read again. */
  'materials:changed': (change: { meetingId: string }) => void;
  /** Events may have been lost between the server's nodes: the screen asks for what it missed (queue:sync). */
  'queue:check': () => void;
  /** The session was ended (logout, revoked link); the client goes back to the landing page. */
  'session:ended': (reason: { code: 'revoked' | 'expired' | 'logout' }) => void;
}
