import type { AudioTrack, Participant, Room, VideoTrack } from 'livekit-client';
import { ROOM_FEED_PREFIX, WATCHER_PREFIX, type VideoParticipantMeta } from '../../../shared/protocol/video';

/**
 * The plain values the video screens render, and the pure rules that derive them. Only types
 * come from livekit-client here: the library itself loads lazily (see video-connection.svelte.ts).
 */

/** What this screen can publish: its camera, its microphone, and a screen (the paparan). */
export type MediaSource = 'camera' | 'microphone' | 'screen';
export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';
export const DEVICE_KINDS: readonly DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];

/** Why a camera or microphone did not start, as a person can act on it. */
export type MediaFailure =
  /** The browser (or the person) blocked access: NotAllowedError. */
  | 'blocked'
  | 'notFound'
  /** Another application holds the device: NotReadableError. */
  | 'inUse'
  /** getUserMedia exists only on HTTPS (or localhost). */
  | 'insecure'
  /** The server's floor policy does not allow publishing this now. */
  | 'notAllowed'
  /** This browser cannot share a screen at all (phones: no getDisplayMedia). */
  | 'unsupported'
  | 'other';

export interface MediaProblem {
  source: MediaSource;
  reason: MediaFailure;
}

/** Why this screen has no call, when it has none. */
export type VideoProblem =
  | { kind: 'unsupported' }
  /** 403 for an in-room participant: the room's own feed carries them. */
  | { kind: 'inRoom' }
  /** Any other refusal of the token by Rakor (role, session). */
  | { kind: 'refused'; code: string }
  /** Rakor itself could not be reached for the status or the token. */
  | { kind: 'network' }
  /** The LiveKit server could not be reached, or dropped us and would not take us back. */
  | { kind: 'unreachable' }
  /** LiveKit refused the token (401/403 from the media server). */
  | { kind: 'rejected' }
  /** The same identity joined elsewhere (another tab or device): this one stays out. */
  | { kind: 'replaced' }
  | { kind: 'removed' };

export type ConnectionQualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** One person (or the room) in the call, as a snapshot: tracks are LiveKit's own objects. */
export interface VideoTile {
  identity: string;
  /** The display name from the token (the OPD's representative, or "Ruang rapat"). */
  name: string;
  meta: VideoParticipantMeta | null;
  isLocal: boolean;
  isRoom: boolean;
  videoTrack: VideoTrack | null;
  audioTrack: AudioTrack | null;
  cameraOn: boolean;
  micOn: boolean;
  speaking: boolean;
  quality: ConnectionQualityLevel;
  /** The screen this participant shares (the paparan), when it shares one and this screen receives it. */
  screenTrack: VideoTrack | null;
}

export interface DeviceOption {
  deviceId: string;
  /** Empty until the browser was allowed to use a camera or microphone once. */
  label: string;
  /** 1-based, to name a device without a label ("Kamera 2"). */
  index: number;
}

/**
 * Whom the spotlight shows when the queue's current speaker is not in the call:
 * any: whoever LiveKit hears, else the room's feed, else the first camera (a participant's call);
 * speakers: whoever LiveKit hears (the room's page: the room itself is there already);
 * none: nobody (the projector shows video only for a remote current speaker).
 */
export type SpotlightFallback = 'any' | 'speakers' | 'none';

export interface SpotlightRule {
  /** The queue's current speaker (a participant id). */
  floorParticipantId: string | null;
  /** LiveKit's active speakers, loudest first (identities). */
  activeSpeakers: readonly string[];
  /** Whether this screen's own tile may be shown large. */
  includeLocal: boolean;
  fallback: SpotlightFallback;
}

function nameOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : '';
}

/** getUserMedia and LiveKit errors, reduced to what the person can do about them. */
export function classifyMediaError(err: unknown, secureContext: boolean): MediaFailure {
  const name = nameOf(err);
  if (!secureContext) return 'insecure';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'blocked';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'inUse';
    case 'PublishTrackError':
      return 'notAllowed';
    case 'DeviceUnsupportedError':
      return 'insecure';
    default:
      return 'other';
  }
}

/** The metadata the server put on a participant, when it is ours and well formed. */
export function parseMeta(metadata: string | undefined): VideoParticipantMeta | null {
  if (!metadata) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(metadata);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const role = r.role;
  if (role !== 'participant' && role !== 'room' && role !== 'watcher') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { role, participantId: text(r.participantId), opdShortName: text(r.opdShortName), opdName: text(r.opdName) };
}

export function isRoomIdentity(identity: string, meta: VideoParticipantMeta | null): boolean {
  return meta?.role === 'room' || identity.startsWith(ROOM_FEED_PREFIX);
}

export function isWatcherIdentity(identity: string, meta: VideoParticipantMeta | null): boolean {
  return meta?.role === 'watcher' || identity.startsWith(WATCHER_PREFIX);
}

/** The meeting participant a tile stands for: from the metadata, else the identity itself. */
export function tileParticipantId(tile: VideoTile): string | null {
  if (tile.meta?.participantId) return tile.meta.participantId;
  return tile.isRoom || isWatcherIdentity(tile.identity, tile.meta) ? null : tile.identity;
}

/**
 * Who is shown large: the queue's current speaker when they are in the call; then, as the rule's
 * fallback allows, whoever LiveKit hears, the room's feed (an in-room speaker talks through it),
 * the first camera. This screen itself only when the rule allows it.
 */
export function pickSpotlight(tiles: readonly VideoTile[], rule: SpotlightRule): VideoTile | null {
  const candidates = rule.includeLocal ? tiles : tiles.filter((t) => !t.isLocal);
  if (rule.floorParticipantId) {
    const floor = candidates.find((t) => tileParticipantId(t) === rule.floorParticipantId);
    if (floor) return floor;
  }
  if (rule.fallback === 'none') return null;
  for (const identity of rule.activeSpeakers) {
    const speaker = candidates.find((t) => t.identity === identity);
    if (speaker) return speaker;
  }
  if (rule.fallback === 'speakers') return null;
  return candidates.find((t) => t.isRoom) ?? candidates.find((t) => t.videoTrack) ?? candidates[0] ?? null;
}

/**
 * A screen share that did not start. The person closing the browser's picker is a refusal too
 * (NotAllowedError): said as "blocked", which tells them how to allow it if it was not them.
 */
export function classifyShareError(err: unknown, secureContext: boolean, canCapture: boolean): MediaFailure {
  if (!canCapture) return 'unsupported';
  const name = nameOf(err);
  if (name === 'DeviceUnsupportedError' || name === 'NotSupportedError') return 'unsupported';
  return classifyMediaError(err, secureContext);
}

/** LiveKit's TrackSource numbers (livekit_models.proto): an empty list allows every source. */
const PROTO_SOURCE: Record<MediaSource, number> = { camera: 1, microphone: 2, screen: 3 };

/** Whether the granted permission lets this participant publish `source`. */
export function mayPublish(
  permissions: { canPublish: boolean; canPublishSources: readonly number[] } | undefined,
  source: MediaSource,
  fallback: boolean,
): boolean {
  if (!permissions) return fallback;
  if (!permissions.canPublish) return false;
  return permissions.canPublishSources.length === 0 || permissions.canPublishSources.includes(PROTO_SOURCE[source]);
}

/**
 * The devices a person can pick: entries without an id (access not granted yet) are left out.
 * Only the fields it reads are named, so it runs (and is tested) without a browser.
 */
export function deviceOptions(devices: readonly { deviceId: string; label: string }[]): DeviceOption[] {
  return devices.filter((d) => d.deviceId !== '').map((d, i) => ({ deviceId: d.deviceId, label: d.label, index: i + 1 }));
}

export interface RemoteAudio {
  key: string;
  track: AudioTrack;
}

export interface RoomSnapshot {
  tiles: VideoTile[];
  /** Remote microphones to play; empty when the screen plays no sound. */
  audio: RemoteAudio[];
}

/**
 * The call as plain values, rebuilt after LiveKit's events (its objects are not reactive).
 * Track objects are passed through as they are, so a <video> attached to one stays attached.
 */
export function snapshotRoom(lk: typeof import('livekit-client'), room: Room, options: { includeLocal: boolean; playAudio: boolean }): RoomSnapshot {
  const tiles: VideoTile[] = [];
  const audio: RemoteAudio[] = [];
  const add = (p: Participant, isLocal: boolean) => {
    const meta = parseMeta(p.metadata);
    if (!isLocal && isWatcherIdentity(p.identity, meta)) return;
    const camera = p.getTrackPublication(lk.Track.Source.Camera);
    const mic = p.getTrackPublication(lk.Track.Source.Microphone);
    const screen = p.getTrackPublication(lk.Track.Source.ScreenShare);
    const screenAudio = p.getTrackPublication(lk.Track.Source.ScreenShareAudio);
    const videoTrack = camera && !camera.isMuted ? (camera.videoTrack ?? null) : null;
    const audioTrack = mic && !mic.isMuted ? (mic.audioTrack ?? null) : null;
    const screenTrack = screen && !screen.isMuted ? (screen.videoTrack ?? null) : null;
    if (!isLocal && mic && audioTrack && options.playAudio) audio.push({ key: mic.trackSid, track: audioTrack });
    // A shared tab's sound (a video in the paparan) plays like a microphone.
    if (!isLocal && screenAudio?.audioTrack && !screenAudio.isMuted && options.playAudio)
      audio.push({ key: screenAudio.trackSid, track: screenAudio.audioTrack });
    tiles.push({
      identity: p.identity,
      name: p.name || p.identity,
      meta,
      isLocal,
      isRoom: isRoomIdentity(p.identity, meta),
      videoTrack,
      audioTrack,
      cameraOn: !!videoTrack,
      micOn: !!audioTrack,
      speaking: p.isSpeaking,
      quality: p.connectionQuality,
      screenTrack,
    });
  };
  if (options.includeLocal) add(room.localParticipant, true);
  for (const p of room.remoteParticipants.values()) add(p, false);
  return { tiles, audio };
}

/**
 * The paparan this screen shows large: the floor holder's share first (the OPD presenting), else
 * the first other share. Never this screen's own: a sharer sees its own screen already.
 */
export function pickScreenShare(tiles: readonly VideoTile[], floorParticipantId: string | null): VideoTile | null {
  const sharing = tiles.filter((t) => !t.isLocal && t.screenTrack);
  return (floorParticipantId ? sharing.find((t) => tileParticipantId(t) === floorParticipantId) : undefined) ?? sharing[0] ?? null;
}

/**
 * The camera shown small beside a paparan: the presenter's own when it is on, else the spotlight
 * (the speaker), never the same tile twice over when it has no camera.
 */
export function pickPresenterCamera(share: VideoTile, spotlight: VideoTile | null): VideoTile | null {
  if (share.videoTrack) return share;
  return spotlight && spotlight.identity !== share.identity && spotlight.videoTrack ? spotlight : null;
}

export interface AudioOnlyOfferRule {
  quality: ConnectionQualityLevel;
  audioOnly: boolean;
  /** The person said "no" to the offer during this call. */
  dismissed: boolean;
  connected: boolean;
}

/**
 * Whether to offer audio-only now: only when this screen's own connection is poor, never forced,
 * never again once declined in this call, never when it already receives no video.
 */
export function offerAudioOnly(rule: AudioOnlyOfferRule): boolean {
  return rule.connected && rule.quality === 'poor' && !rule.audioOnly && !rule.dismissed;
}
