import type { Participant, RemoteTrackPublication, Room } from 'livekit-client';
import { API } from '../../../shared/protocol/api';
import type { ApiError, VideoJoin, VideoStatus } from '../../../shared/protocol';
import { ApiFailure, api } from '../api';
import type { RakorSocket } from '../socket';
import { VideoStatusFeed } from './video-status.svelte';
import { VideoDevices } from './video-devices.svelte';
import {
  classifyMediaError,
  mayPublish,
  pickSpotlight,
  snapshotRoom,
  type ConnectionQualityLevel,
  type DeviceKind,
  type DeviceOption,
  type MediaProblem,
  type MediaSource,
  type RemoteAudio,
  type SpotlightFallback,
  type VideoProblem,
  type VideoTile,
} from './video-model';

export type { DeviceKind, DeviceOption, MediaProblem, RemoteAudio, VideoProblem, VideoTile } from './video-model';

type LiveKit = typeof import('livekit-client');

/**
 * call: a remote participant (or a watcher) with its own token, subscribing to everyone;
 * room: the meeting room's own feed (room-token), publishing the room's camera and microphone;
 * projector: video only, no sound (the room's computer plays it, so the room hears it once).
 */
export type VideoSessionKind = 'call' | 'room' | 'projector';

export type VideoPhase =
  /** Asking Rakor whether video is configured. */
  | 'checking'
  | 'unconfigured'
  /** Loading livekit-client, then asking for a token. */
  | 'loading'
  | 'connecting'
  | 'connected'
  /** LiveKit lost the connection and is resuming it by itself. */
  | 'reconnecting'
  /** Dropped; a new token and connection follow (see `retryInMs`), or `reconnect()` at once. */
  | 'disconnected'
  /** Stopped for a reason in `problem` that a retry would not cure by itself. */
  | 'failed';

export interface VideoSessionOptions {
  meetingId: string;
  /** The page's socket: 'video:changed' refreshes the status. */
  socket: RakorSocket | null;
  kind: VideoSessionKind;
  /** The queue's current speaker (a participant id), read reactively: the spotlight follows it. */
  floorParticipantId: () => string | null;
}

const AUTO_MIC_KEY = 'rakor.video.autoMic';
/** What this screen had on, restored after a reload: the camera; for the room, the microphone too. */
const WANT_KEY = (kind: VideoSessionKind, source: MediaSource) => `rakor.video.${kind}.${source}`;
/** Backoff between full reconnects (each with a fresh token); the last one repeats. */
const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage blocked: the choice holds for this tab only.
  }
}

let loading: Promise<LiveKit> | null = null;
/** livekit-client is a large library: it loads once a screen knows video is configured. */
function loadLiveKit(): Promise<LiveKit> {
  if (!loading) {
    loading = import('livekit-client');
    // Offline at the time: a later attempt loads it again.
    loading.catch(() => (loading = null));
  }
  return loading;
}

/**
 * One screen's part in a meeting's LiveKit call: the status, the token (a fresh one for every
 * connect), the Room, a snapshot of who is in it with their tracks, the spotlight, this screen's
 * camera and microphone, its devices, and every error a person must see. The server decides
 * who may publish; this class follows the permissions LiveKit reports.
 */
export class VideoSession {
  readonly kind: VideoSessionKind;
  readonly #meetingId: string;
  readonly #floor: () => string | null;
  readonly #feed: VideoStatusFeed;

  #phase = $state<VideoPhase>('checking');
  #problem = $state.raw<VideoProblem | null>(null);
  #mediaProblem = $state.raw<MediaProblem | null>(null);
  #join = $state.raw<VideoJoin | null>(null);
  #tiles = $state.raw<VideoTile[]>([]);
  #audio = $state.raw<RemoteAudio[]>([]);
  #activeSpeakers = $state.raw<string[]>([]);
  #quality = $state<ConnectionQualityLevel>('unknown');
  #audioBlocked = $state(false);
  #cameraOn = $state(false);
  #micOn = $state(false);
  #cameraAllowed = $state(false);
  #micAllowed = $state(false);
  #micOffered = $state(false);
  #floorMoved = $state(false);
  #autoMic = $state(readStored(AUTO_MIC_KEY) === '1');
  #cameraBusy = $state(false);
  #micBusy = $state(false);
  #retryInMs = $state<number | null>(null);
  readonly #devices = new VideoDevices();
  #spotlight = $derived.by(() =>
    pickSpotlight(this.#tiles, {
      floorParticipantId: this.#floor(),
      activeSpeakers: this.#activeSpeakers,
      includeLocal: false,
      fallback: this.#fallback(),
    }),
  );

  #lk: LiveKit | null = null;
  #room: Room | null = null;
  #connecting = false;
  #closed = false;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #refreshQueued = false;
  /** What this person asked for, restored after a reconnect. */
  #wantCamera: boolean;
  #wantMic: boolean;
  #cleanups: (() => void)[] = [];

  constructor(options: VideoSessionOptions) {
    this.kind = options.kind;
    this.#meetingId = options.meetingId;
    this.#floor = options.floorParticipantId;
    this.#feed = new VideoStatusFeed(options.meetingId, options.socket, (status) => this.#onStatus(status));
    this.#wantCamera = options.kind !== 'projector' && readStored(WANT_KEY(options.kind, 'camera')) === '1';
    // A participant's microphone follows the floor; the room's own stays as it was left.
    this.#wantMic = options.kind === 'room' && readStored(WANT_KEY('room', 'microphone')) === '1';
  }

  get phase(): VideoPhase {
    return this.#phase;
  }
  get status(): VideoStatus | null {
    return this.#feed.status;
  }
  /** The status could not be fetched (Rakor unreachable, session gone). */
  get statusError(): ApiError | null {
    return this.#feed.error;
  }
  get problem(): VideoProblem | null {
    return this.#problem;
  }
  get mediaProblem(): MediaProblem | null {
    return this.#mediaProblem;
  }
  get join(): VideoJoin | null {
    return this.#join;
  }
  /** Everyone in the call but hidden watchers; this screen first when it publishes. */
  get tiles(): VideoTile[] {
    return this.#tiles;
  }
  get spotlight(): VideoTile | null {
    return this.#spotlight;
  }
  get localTile(): VideoTile | null {
    return this.#tiles.find((t) => t.isLocal) ?? null;
  }
  /** The remote audio this screen plays (none on the projector). */
  get audio(): RemoteAudio[] {
    return this.#audio;
  }
  get quality(): ConnectionQualityLevel {
    return this.#quality;
  }
  /** The browser refused to play sound before a click: `unlockAudio()` from a click handler. */
  get audioBlocked(): boolean {
    return this.#audioBlocked;
  }
  get cameraOn(): boolean {
    return this.#cameraOn;
  }
  get micOn(): boolean {
    return this.#micOn;
  }
  /** Whether this screen publishes anything at all (watchers and the projector do not). */
  get canPublish(): boolean {
    return this.kind !== 'projector' && (this.#join?.canPublish ?? false);
  }
  get cameraAllowed(): boolean {
    return this.#cameraAllowed;
  }
  /** The floor policy lets this person's microphone be heard now. */
  get micAllowed(): boolean {
    return this.#micAllowed;
  }
  /** The floor came to this person and the microphone is still off: offer it. */
  get micOffered(): boolean {
    return this.#micOffered;
  }
  /** The floor left this person: the microphone was switched off by the server. */
  get floorMoved(): boolean {
    return this.#floorMoved;
  }
  get autoMic(): boolean {
    return this.#autoMic;
  }
  /** A camera or microphone switch is under way (the browser may be asking for access). */
  get cameraBusy(): boolean {
    return this.#cameraBusy;
  }
  get micBusy(): boolean {
    return this.#micBusy;
  }
  get retryInMs(): number | null {
    return this.#retryInMs;
  }
  get devices(): Record<DeviceKind, DeviceOption[]> {
    return this.#devices.list;
  }
  get chosenDevices(): Record<DeviceKind, string> {
    return this.#devices.chosen;
  }

  start(): () => void {
    this.#feed.start();
    const wake = () => {
      // Back from the background or back online: a dropped call reconnects now, with a new token.
      if (document.visibilityState === 'visible' && this.#phase === 'disconnected') void this.#connect();
    };
    document.addEventListener('visibilitychange', wake);
    addEventListener('online', wake);
    this.#cleanups.push(
      () => document.removeEventListener('visibilitychange', wake),
      () => removeEventListener('online', wake),
    );
    return () => this.destroy();
  }

  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearRetry();
    this.#feed.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    const room = this.#room;
    this.#room = null;
    if (room) {
      room.removeAllListeners();
      void room.disconnect();
    }
  }

  /** Connect again now (after a failure, or to take the call back from another tab). */
  reconnect(): void {
    if (this.#closed) return;
    if (this.#feed.configured === null) void this.#feed.refresh();
    else if (this.#feed.configured) void this.#connect();
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.#room;
    if (!room || this.#phase !== 'connected' || this.#cameraBusy) return;
    if (on && !this.#cameraAllowed) {
      this.#mediaProblem = { source: 'camera', reason: 'notAllowed' };
      return;
    }
    this.#cameraBusy = true;
    this.#mediaProblem = null;
    try {
      await room.localParticipant.setCameraEnabled(on);
      this.#wantCamera = on;
      writeStored(WANT_KEY(this.kind, 'camera'), on ? '1' : null);
      if (on) void this.refreshDevices();
    } catch (err) {
      this.#wantCamera = false;
      writeStored(WANT_KEY(this.kind, 'camera'), null);
      this.#mediaProblem = { source: 'camera', reason: classifyMediaError(err, isSecureContext) };
    } finally {
      this.#cameraBusy = false;
      this.#scheduleRefresh();
    }
  }

  async setMicrophone(on: boolean): Promise<void> {
    const room = this.#room;
    if (!room || this.#phase !== 'connected' || this.#micBusy) return;
    if (on && !this.#micAllowed) {
      this.#mediaProblem = { source: 'microphone', reason: 'notAllowed' };
      return;
    }
    this.#micBusy = true;
    this.#mediaProblem = null;
    try {
      await room.localParticipant.setMicrophoneEnabled(on);
      this.#wantMic = on;
      if (this.kind === 'room') writeStored(WANT_KEY('room', 'microphone'), on ? '1' : null);
      if (on) {
        this.#micOffered = false;
        this.#floorMoved = false;
        void this.refreshDevices();
      }
    } catch (err) {
      this.#wantMic = false;
      if (this.kind === 'room') writeStored(WANT_KEY('room', 'microphone'), null);
      this.#mediaProblem = { source: 'microphone', reason: classifyMediaError(err, isSecureContext) };
    } finally {
      this.#micBusy = false;
      this.#scheduleRefresh();
    }
  }

  /** Must run inside a click handler: browsers allow sound only after a gesture. */
  async unlockAudio(): Promise<void> {
    const room = this.#room;
    if (!room) return;
    try {
      await room.startAudio();
    } finally {
      this.#audioBlocked = !room.canPlaybackAudio;
    }
  }

  /** "Turn my microphone on when I get the floor", remembered on this device. */
  setAutoMic(on: boolean): void {
    this.#autoMic = on;
    writeStored(AUTO_MIC_KEY, on ? '1' : null);
  }

  dismissMicOffer(): void {
    this.#micOffered = false;
  }
  dismissFloorMoved(): void {
    this.#floorMoved = false;
  }
  clearMediaProblem(): void {
    this.#mediaProblem = null;
  }

  async chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const problem = await this.#devices.choose(this.#room, kind, deviceId);
    if (problem) this.#mediaProblem = problem;
  }

  /** Lists cameras, microphones and speakers; `requestAccess` asks the browser, so they show their names. */
  async refreshDevices(requestAccess = false): Promise<void> {
    const lk = this.#lk;
    if (!lk || this.kind === 'projector' || this.#closed) return;
    const problem = await this.#devices.refresh(lk, this.canPublish, requestAccess);
    if (problem) this.#mediaProblem = problem;
  }

  #fallback(): SpotlightFallback {
    return this.kind === 'call' ? 'any' : this.kind === 'room' ? 'speakers' : 'none';
  }

  #onStatus(status: VideoStatus): void {
    if (this.#closed) return;
    if (!status.configured) {
      this.#phase = 'unconfigured';
      this.#clearRetry();
      const room = this.#room;
      this.#room = null;
      if (room) {
        room.removeAllListeners();
        void room.disconnect();
      }
      return;
    }
    if (this.#phase === 'checking' || this.#phase === 'unconfigured') void this.#connect();
  }

  #tokenUrl(): string {
    return this.kind === 'room' ? API.videoRoomToken(this.#meetingId) : API.videoToken(this.#meetingId);
  }

  async #connect(): Promise<void> {
    if (this.#connecting || this.#closed) return;
    this.#connecting = true;
    this.#clearRetry();
    this.#problem = null;
    try {
      this.#phase = 'loading';
      let lk: LiveKit;
      try {
        lk = await loadLiveKit();
      } catch {
        return this.#fail({ kind: 'network' }, true);
      }
      this.#lk = lk;
      if (!lk.isBrowserSupported()) return this.#fail({ kind: 'unsupported' }, false);

      this.#phase = 'connecting';
      // A fresh token for every connect: they are short-lived, and a long break outlives one.
      let join: VideoJoin;
      try {
        join = await api.post<VideoJoin>(this.#tokenUrl());
      } catch (err) {
        return this.#refused(err);
      }
      if (this.#closed) return;
      this.#join = join;

      const room = this.#room ?? this.#createRoom(lk);
      try {
        await room.connect(join.url, join.token, { autoSubscribe: this.kind !== 'projector' });
      } catch (err) {
        if (this.#closed) return;
        if (err instanceof lk.ConnectionError && err.reason === lk.ConnectionErrorReason.Cancelled) return;
        if (err instanceof lk.ConnectionError && err.reason === lk.ConnectionErrorReason.NotAllowed) {
          return this.#fail({ kind: 'rejected' }, false);
        }
        return this.#fail({ kind: 'unreachable' }, true);
      }
      if (this.#closed) {
        void room.disconnect();
        return;
      }
      this.#retries = 0;
      this.#phase = 'connected';
      await this.#afterConnect(room, join);
    } finally {
      this.#connecting = false;
    }
  }

  #refused(err: unknown): void {
    if (!(err instanceof ApiFailure)) return this.#fail({ kind: 'network' }, true);
    if (err.error.code === 'video_unconfigured') {
      // The status was older than the server's settings; the next status change tries again.
      this.#phase = 'unconfigured';
      return;
    }
    if (err.status === 0 || err.status >= 500) return this.#fail({ kind: 'network' }, true);
    if (err.status === 403 && this.kind === 'call') return this.#fail({ kind: 'inRoom' }, false);
    this.#fail({ kind: 'refused', code: err.error.code }, false);
  }

  #fail(problem: VideoProblem, retry: boolean): void {
    this.#clearRetry();
    this.#problem = problem;
    this.#resetMedia();
    if (retry && !this.#closed) {
      this.#phase = 'disconnected';
      const delay = RETRY_MS[Math.min(this.#retries, RETRY_MS.length - 1)] ?? 60_000;
      this.#retries++;
      this.#retryInMs = delay;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        void this.#connect();
      }, delay);
    } else {
      this.#phase = 'failed';
    }
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#retryInMs = null;
  }

  #resetMedia(): void {
    this.#cameraOn = false;
    this.#micOn = false;
    this.#micOffered = false;
    this.#micAllowed = false;
    this.#cameraAllowed = false;
    this.#audioBlocked = false;
    this.#tiles = [];
    this.#audio = [];
    this.#activeSpeakers = [];
    this.#quality = 'unknown';
  }

  #createRoom(lk: LiveKit): Room {
    const chosen = this.#devices.chosen;
    const room = new lk.Room({
      adaptiveStream: true,
      dynacast: true,
      videoCaptureDefaults: { deviceId: chosen.videoinput || undefined, resolution: lk.VideoPresets.h540.resolution },
      audioCaptureDefaults: { deviceId: chosen.audioinput || undefined, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      audioOutput: chosen.audiooutput ? { deviceId: chosen.audiooutput } : undefined,
    });
    const E = lk.RoomEvent;
    const refresh = () => this.#scheduleRefresh();
    for (const event of [
      E.ParticipantConnected,
      E.ParticipantDisconnected,
      E.TrackSubscribed,
      E.TrackUnsubscribed,
      E.TrackMuted,
      E.TrackUnmuted,
      E.LocalTrackPublished,
      E.LocalTrackUnpublished,
      E.ParticipantMetadataChanged,
      E.ParticipantNameChanged,
      E.ConnectionQualityChanged,
    ] as const) {
      room.on(event, refresh);
    }
    room.on(E.ActiveSpeakersChanged, (speakers: Participant[]) => {
      this.#activeSpeakers = speakers.map((p) => p.identity);
      refresh();
    });
    room.on(E.TrackPublished, (publication: RemoteTrackPublication) => this.#subscribeForProjector(lk, publication));
    room.on(E.ConnectionStateChanged, (state) => {
      const S = lk.ConnectionState;
      if (state === S.Reconnecting || state === S.SignalReconnecting) this.#phase = 'reconnecting';
      else if (state === S.Connected && this.#phase === 'reconnecting') {
        this.#phase = 'connected';
        refresh();
      }
    });
    room.on(E.Disconnected, (reason) => this.#onDisconnected(lk, reason));
    room.on(E.AudioPlaybackStatusChanged, () => (this.#audioBlocked = this.kind !== 'projector' && !room.canPlaybackAudio));
    room.on(E.ParticipantPermissionsChanged, (_previous, participant) => {
      if (participant === room.localParticipant) this.#applyPermissions(room, false);
    });
    room.on(E.MediaDevicesChanged, () => void this.refreshDevices());
    room.on(E.ActiveDeviceChanged, (kind, deviceId) => this.#devices.follow(kind, deviceId));
    room.on(E.MediaDevicesError, (error, kind) => {
      const source: MediaSource = kind === 'videoinput' ? 'camera' : 'microphone';
      this.#mediaProblem = { source, reason: classifyMediaError(error, isSecureContext) };
    });
    this.#room = room;
    return room;
  }

  async #afterConnect(room: Room, join: VideoJoin): Promise<void> {
    const lk = this.#lk;
    if (!lk) return;
    this.#audioBlocked = this.kind !== 'projector' && !room.canPlaybackAudio;
    if (this.kind === 'projector') {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) this.#subscribeForProjector(lk, publication);
      }
    }
    this.#applyPermissions(room, true, join);
    this.#scheduleRefresh();
    void this.refreshDevices();
    // What this person had on before a drop comes back on.
    if (this.#wantCamera && this.#cameraAllowed) await this.setCamera(true);
    if (this.#wantMic && this.#micAllowed) await this.setMicrophone(true);
  }

  /** The projector shows video only: it leaves every microphone to the room's own computer. */
  #subscribeForProjector(lk: LiveKit, publication: RemoteTrackPublication): void {
    if (this.kind === 'projector' && publication.kind === lk.Track.Kind.Video) publication.setSubscribed(true);
  }

  #applyPermissions(room: Room, initial: boolean, join: VideoJoin | null = this.#join): void {
    const permissions = room.localParticipant.permissions;
    const publish = this.kind !== 'projector' && (join?.canPublish ?? false);
    const micNow = publish && mayPublish(permissions, 'microphone', join?.canSpeak ?? false);
    const micBefore = this.#micAllowed;
    this.#cameraAllowed = publish && mayPublish(permissions, 'camera', true);
    this.#micAllowed = micNow;
    if (this.kind !== 'call') return;

    if (micNow && !micBefore) {
      // In "open" mode everyone may always speak: nothing to announce when joining.
      if (initial && this.#feed.status?.floorMode === 'open') return;
      this.#floorMoved = false;
      if (this.#micOn || this.#wantMic) return;
      if (this.#autoMic) void this.setMicrophone(true);
      else this.#micOffered = true;
    } else if (!micNow && micBefore && !initial) {
      this.#micOffered = false;
      this.#floorMoved = true;
      this.#wantMic = false;
      // LiveKit unpublishes the track itself; this also releases the device (the red dot goes).
      void room.localParticipant.setMicrophoneEnabled(false).catch(() => undefined);
      this.#scheduleRefresh();
    }
  }

  #onDisconnected(lk: LiveKit, reason: number | undefined): void {
    // A connect that fails also ends in 'disconnected': #connect reports that one itself.
    if (this.#closed || this.#connecting) return;
    if (reason === lk.DisconnectReason.CLIENT_INITIATED) return;
    if (reason === lk.DisconnectReason.DUPLICATE_IDENTITY) return this.#fail({ kind: 'replaced' }, false);
    if (reason === lk.DisconnectReason.PARTICIPANT_REMOVED) return this.#fail({ kind: 'removed' }, false);
    this.#fail({ kind: 'unreachable' }, true);
  }

  /** Room events come in bursts: rebuild the snapshot once per microtask. */
  #scheduleRefresh(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.#refresh();
    });
  }

  #refresh(): void {
    const room = this.#room;
    const lk = this.#lk;
    if (!room || !lk || this.#closed) return;
    const snapshot = snapshotRoom(lk, room, { includeLocal: this.canPublish, playAudio: this.kind !== 'projector' });
    this.#tiles = snapshot.tiles;
    this.#audio = snapshot.audio;
    this.#cameraOn = room.localParticipant.isCameraEnabled;
    this.#micOn = room.localParticipant.isMicrophoneEnabled;
    this.#quality = room.localParticipant.connectionQuality as ConnectionQualityLevel;
  }
}
