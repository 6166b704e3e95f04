import type { FloorMode } from './meeting';

/**
 * Video (LiveKit) as the browser sees it. The server mints every token; the browser never holds
 * an API secret or a roomAdmin grant.
 *
 * GET  /api/meetings/:id/video         -> VideoStatus     (any session of the meeting)
 * POST /api/meetings/:id/video/token   -> VideoJoin       (remote participants, notulis, observer,
 *                                                          projector; 403 for in-room participants;
 *                                                          409 video_unconfigured when not set up)
 * POST /api/meetings/:id/video/room-token -> VideoJoin    (the "Ruang rapat" feed: chair, admin, projector)
 * POST /api/livekit/webhook            raw body, Authorization: the webhook JWT (LiveKit -> Rakor)
 */

/** Identity of the room's own feed in the call. */
export const ROOM_FEED_PREFIX = 'room:';
/** Identity prefix of screens that only watch (projector, notulis, observer): `watch:<linkId or user>`. */
export const WATCHER_PREFIX = 'watch:';

/** Carried in the LiveKit participant's metadata (JSON). */
export interface VideoParticipantMeta {
  role: 'participant' | 'room' | 'watcher';
  participantId: string | null;
  opdShortName: string | null;
  opdName: string | null;
}

export interface VideoJoin {
  /** The LiveKit server URL (wss://...). */
  url: string;
  token: string;
  room: string;
  identity: string;
  name: string;
  /** Whether the microphone may be published right now (the floor policy). */
  canSpeak: boolean;
  /** Whether a screen may be shared right now (the floor policy and the chair's decisions). */
  canShare: boolean;
  /** The projector and watchers subscribe only. */
  canPublish: boolean;
  hidden: boolean;
  expiresAt: string;
}

/** A remote participant as LiveKit reported it (webhooks, reconciled with listParticipants). */
export interface RemotePresence {
  identity: string;
  participantId: string | null;
  name: string;
  joinedAt: string;
  leftAt: string | null;
  connected: boolean;
}

export interface VideoStatus {
  configured: boolean;
  floorMode: FloorMode;
  /** Identities allowed to speak now (floor policy), for the chair's console. */
  speakers: string[];
  /** Identities allowed to share a screen now (floor policy and the chair's share.allow / share.stop). */
  sharers: string[];
  /** Remote attendance, live; only for the chair, notulis and admin (empty for others). */
  remote: RemotePresence[];
  /** The last LiveKit API failure while moving the floor, shown to the chair; null when fine. */
  lastError: { message: string; at: string } | null;
}
