import { z } from 'zod';
import type { ApiError } from './errors';
import type { Meeting } from './meeting';

/** Bumped whenever an event or payload changes shape; a client of another version reloads. */
export const PROTOCOL_VERSION = 1;

/** Every client-to-server event is acknowledged with this envelope. */
export type Ack<T> = { data: T } | { error: ApiError };

export const joinMeetingSchema = z.object({
  meetingId: z.string().min(1).max(64),
  protocolVersion: z.number().int(),
});
export type JoinMeetingPayload = z.infer<typeof joinMeetingSchema>;

export interface JoinMeetingResult {
  meeting: Meeting;
  protocolVersion: number;
}

export interface ClientToServerEvents {
  'meeting:join': (payload: unknown, ack: (res: Ack<JoinMeetingResult>) => void) => void;
  'meeting:leave': (payload: unknown, ack: (res: Ack<{ left: true }>) => void) => void;
}

export interface ServerToClientEvents {
  /** The meeting's header, participants or order changed; the full meeting follows. */
  'meeting:updated': (meeting: Meeting) => void;
  /** The session was ended (logout, revoked link); the client goes back to the landing page. */
  'session:ended': (reason: { code: 'revoked' | 'expired' | 'logout' }) => void;
}
