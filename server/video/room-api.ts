import { RoomServiceClient, TwirpError, type ParticipantInfo } from 'livekit-server-sdk';
import type { SpeakerPermission } from './permissions';
import { apiUrl, DEFAULT_REQUEST_TIMEOUT_MS, type VideoOptions } from './video-options';

/** The two LiveKit server calls Rakor makes: the port the floor controller and the presence reconciler speak. */
export interface RoomApi {
  /** Replaces the participant's whole permission set. */
  updatePermission(room: string, identity: string, permission: SpeakerPermission): Promise<void>;
  listParticipants(room: string): Promise<ParticipantInfo[]>;
}

/** The real RoomService over Twirp, signed with a short-lived roomAdmin token per call (never sent to a browser). */
export function livekitRoomApi(options: VideoOptions): RoomApi {
  const client = new RoomServiceClient(apiUrl(options.url), options.apiKey, options.apiSecret, {
    requestTimeout: (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) / 1000,
    // Region failover is for LiveKit Cloud; our own retries decide when to try again.
    failover: false,
  });
  return {
    async updatePermission(room, identity, permission) {
      await client.updateParticipant(room, identity, { permission });
    },
    listParticipants: (room) => client.listParticipants(room),
  };
}

/** A failure worth another try: the network, a timeout or a 5xx; a 4xx will answer the same again. */
export function isTransient(err: unknown): boolean {
  if (err instanceof TwirpError) return err.status >= 500;
  return true;
}

/** LiveKit does not know the room or the participant (nobody joined yet, or they left). */
export function isNotFound(err: unknown): boolean {
  return err instanceof TwirpError && (err.status === 404 || err.code === 'not_found');
}

/** A short account of a failed call, for the log and the chair's console. */
export function describeFailure(err: unknown): string {
  if (err instanceof TwirpError) return `LiveKit answered ${err.status}${err.code ? ` ${err.code}` : ''}: ${err.message}`;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'LiveKit did not answer in time';
  if (err instanceof Error) return `LiveKit could not be reached: ${err.message}`;
  return 'LiveKit could not be reached';
}
