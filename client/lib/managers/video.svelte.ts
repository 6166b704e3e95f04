import type { RemoteTrackPublication, Room } from 'livekit-client';
import type { ApiError, VideoJoin, VideoStatus } from '../../../shared/protocol';
import type { RakorSocket } from '../socket';
import { VideoConnection, type VideoPhase } from './video-connection.svelte';
import type { VideoSessionKind } from './video-failures';
import { VideoFloor } from './video-floor.svelte';
import { VideoMedia } from './video-media.svelte';
import {
  mayPublish,
  offerAudioOnly,
  type ConnectionQualityLevel,
  type DeviceKind,
  type DeviceOption,
  type MediaProblem,
  type RemoteAudio,
  type VideoProblem,
  type VideoTile,
} from './video-model';
import { AUDIO_ONLY_KEY, readStored, writeStored } from './video-preferences';
import { VideoRoomSnapshot } from './video-snapshot.svelte';
import { VideoStatusFeed } from './video-status.svelte';

export type { DeviceKind, DeviceOption, MediaProblem, RemoteAudio, VideoProblem, VideoTile } from './video-model';
export type { VideoPhase } from './video-connection.svelte';
export type { VideoSessionKind } from './video-failures';

type LiveKit = typeof import('livekit-client');

export interface VideoSessionOptions {
  meetingId: string;
  /** The page's socket: 'video:changed' refreshes the status. */
  socket: RakorSocket | null;
  kind: VideoSessionKind;
  /** The queue's current speaker (a participant id), read reactively: the spotlight follows it. */
  floorParticipantId: () => string | null;
}

/**
 * One screen's part in a meeting's LiveKit call, as the components see it: the status feed, the
 * connection (VideoConnection), what the call shows (VideoRoomSnapshot), this screen's camera,
 * microphone and devices (VideoMedia) and the floor's prompts (VideoFloor), wired to one Room.
 * The server decides who may publish; this follows the permissions LiveKit reports.
 */
export class VideoSession {
  readonly kind: VideoSessionKind;
  readonly #feed: VideoStatusFeed;
  readonly #connection: VideoConnection;
  readonly #snapshot: VideoRoomSnapshot;
  readonly #media: VideoMedia;
  readonly #floor: VideoFloor;
  #cleanups: (() => void)[] = [];
  #shareAllowed = $state(false);
  /** The chair (or the floor moving on) took this screen's share while it was sharing. */
  #shareStopped = $state(false);
  /** Receive no video and send no camera: for a weak connection, remembered on this device. */
  #audioOnly = $state(false);
  #audioOnlyDeclined = $state(false);

  constructor(options: VideoSessionOptions) {
    this.kind = options.kind;
    this.#feed = new VideoStatusFeed(options.meetingId, options.socket, (status) => this.#connection.follow(status));
    this.#connection = new VideoConnection(options.kind, options.meetingId, {
      createRoom: (lk) => this.#createRoom(lk),
      connected: (room, join) => this.#afterConnect(room, join),
      resumed: () => this.#snapshot.schedule(),
      reset: () => {
        this.#snapshot.reset();
        this.#floor.reset();
      },
    });
    this.#snapshot = new VideoRoomSnapshot(options.kind, options.floorParticipantId, () => {
      const { lk, room, closed } = this.#connection;
      return lk && room && !closed ? { lk, room, includeLocal: this.canPublish } : null;
    });
    this.#media = new VideoMedia(options.kind, {
      switched: (source, on) => {
        if (!on) return;
        if (source === 'microphone') this.#floor.micSwitchedOn();
        void this.refreshDevices();
      },
      settled: () => this.#snapshot.schedule(),
    });
    this.#floor = new VideoFloor(options.kind);
    this.#audioOnly = options.kind === 'call' && readStored(AUDIO_ONLY_KEY) === '1';
  }

  get phase(): VideoPhase {
    return this.#connection.phase;
  }
  get status(): VideoStatus | null {
    return this.#feed.status;
  }
  /** The status could not be fetched (Rakor unreachable, session gone). */
  get statusError(): ApiError | null {
    return this.#feed.error;
  }
  get problem(): VideoProblem | null {
    return this.#connection.problem;
  }
  get mediaProblem(): MediaProblem | null {
    return this.#media.mediaProblem;
  }
  get join(): VideoJoin | null {
    return this.#connection.join;
  }
  /** Everyone in the call but hidden watchers; this screen first when it publishes. */
  get tiles(): VideoTile[] {
    return this.#snapshot.tiles;
  }
  get spotlight(): VideoTile | null {
    return this.#snapshot.spotlight;
  }
  get localTile(): VideoTile | null {
    return this.#snapshot.localTile;
  }
  /** The remote audio this screen plays (none on the projector). */
  get audio(): RemoteAudio[] {
    return this.#snapshot.audio;
  }
  get quality(): ConnectionQualityLevel {
    return this.#snapshot.quality;
  }
  /** The browser refused to play sound before a click: `unlockAudio()` from a click handler. */
  get audioBlocked(): boolean {
    return this.#snapshot.audioBlocked;
  }
  get cameraOn(): boolean {
    return this.#snapshot.cameraOn;
  }
  get micOn(): boolean {
    return this.#snapshot.micOn;
  }
  /** Whether this screen publishes anything at all (watchers and the projector do not). */
  get canPublish(): boolean {
    return this.kind !== 'projector' && (this.#connection.join?.canPublish ?? false);
  }
  get cameraAllowed(): boolean {
    return this.#floor.cameraAllowed && !this.#audioOnly;
  }
  /** The floor policy (or the chair) lets this screen share a screen now. */
  get shareAllowed(): boolean {
    return this.canPublish && this.#shareAllowed;
  }
  get screenSharing(): boolean {
    return this.#snapshot.screenSharing;
  }
  get shareBusy(): boolean {
    return this.#media.shareBusy;
  }
  /** Someone else's shared screen, shown large. */
  get screenShare(): VideoTile | null {
    return this.#snapshot.screenShare;
  }
  get shareStopped(): boolean {
    return this.#shareStopped;
  }
  get audioOnly(): boolean {
    return this.#audioOnly;
  }
  /** This screen's connection turned poor: offer audio-only (never forced). */
  get audioOnlyOffered(): boolean {
    return (
      this.kind === 'call' &&
      offerAudioOnly({ quality: this.#snapshot.quality, audioOnly: this.#audioOnly, dismissed: this.#audioOnlyDeclined, connected: this.phase === 'connected' })
    );
  }
  /** The floor policy lets this person's microphone be heard now. */
  get micAllowed(): boolean {
    return this.#floor.micAllowed;
  }
  /** The floor came to this person and the microphone is still off: offer it. */
  get micOffered(): boolean {
    return this.#floor.micOffered;
  }
  /** The floor left this person: the microphone was switched off by the server. */
  get floorMoved(): boolean {
    return this.#floor.floorMoved;
  }
  get autoMic(): boolean {
    return this.#floor.autoMic;
  }
  /** A camera or microphone switch is under way (the browser may be asking for access). */
  get cameraBusy(): boolean {
    return this.#media.cameraBusy;
  }
  get micBusy(): boolean {
    return this.#media.micBusy;
  }
  get retryInMs(): number | null {
    return this.#connection.retryInMs;
  }
  get devices(): Record<DeviceKind, DeviceOption[]> {
    return this.#media.devices;
  }
  get chosenDevices(): Record<DeviceKind, string> {
    return this.#media.chosenDevices;
  }

  start(): () => void {
    this.#feed.start();
    const wake = () => {
      if (document.visibilityState === 'visible') this.#connection.wake();
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
    if (this.#connection.closed) return;
    this.#connection.destroy();
    this.#feed.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /** Connect again now (after a failure, or to take the call back from another tab). */
  reconnect(): void {
    if (this.#connection.closed) return;
    if (this.#feed.configured === null) void this.#feed.refresh();
    else if (this.#feed.configured) void this.#connection.connect();
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.#liveRoom();
    if (room) await this.#media.setCamera(room, on, this.#floor.cameraAllowed);
  }

  async setMicrophone(on: boolean): Promise<void> {
    const room = this.#liveRoom();
    if (room) await this.#media.setMicrophone(room, on, this.#floor.micAllowed);
  }

  /** Must run inside a click handler: browsers ask which screen or window to share only after one. */
  async setScreenShare(on: boolean): Promise<void> {
    const room = this.#liveRoom();
    this.#shareStopped = false;
    if (room) await this.#media.setScreenShare(room, on, this.shareAllowed);
  }

  dismissShareStopped(): void {
    this.#shareStopped = false;
  }

  /**
   * Audio-only: unsubscribe every remote video (cameras and shared screens) and switch the own
   * camera off; every microphone still plays. Off again subscribes them back. Remembered here.
   */
  async setAudioOnly(on: boolean): Promise<void> {
    this.#audioOnly = on;
    writeStored(AUDIO_ONLY_KEY, on ? '1' : null);
    const room = this.#connection.room;
    const lk = this.#connection.lk;
    if (room && lk) {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) this.#followAudioOnly(lk, publication);
      }
    }
    if (on && this.#snapshot.cameraOn) await this.setCamera(false);
    this.#snapshot.schedule();
  }

  /** "Not now" to the audio-only offer: not offered again in this call. */
  declineAudioOnly(): void {
    this.#audioOnlyDeclined = true;
  }

  /** Must run inside a click handler: browsers allow sound only after a gesture. */
  async unlockAudio(): Promise<void> {
    const room = this.#connection.room;
    if (!room) return;
    try {
      await room.startAudio();
    } finally {
      this.#snapshot.unlocked(room);
    }
  }

  /** "Turn my microphone on when I get the floor", remembered on this device. */
  setAutoMic(on: boolean): void {
    this.#floor.setAutoMic(on);
  }
  dismissMicOffer(): void {
    this.#floor.dismissMicOffer();
  }
  dismissFloorMoved(): void {
    this.#floor.dismissFloorMoved();
  }
  clearMediaProblem(): void {
    this.#media.clearMediaProblem();
  }

  chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#media.chooseDevice(this.#connection.room, kind, deviceId);
  }

  /** Lists cameras, microphones and speakers; `requestAccess` asks the browser, so they show their names. */
  async refreshDevices(requestAccess = false): Promise<void> {
    const lk = this.#connection.lk;
    if (!lk || this.kind === 'projector' || this.#connection.closed) return;
    await this.#media.refreshDevices(lk, this.canPublish, requestAccess);
  }

  /** The Room, when connected and free to switch a camera or microphone. */
  #liveRoom(): Room | null {
    const room = this.#connection.room;
    return room && this.#connection.phase === 'connected' ? room : null;
  }

  #createRoom(lk: LiveKit): Room {
    const room = new lk.Room(this.#media.roomOptions(lk));
    this.#snapshot.listen(lk, room);
    const E = lk.RoomEvent;
    room.on(E.ParticipantPermissionsChanged, (_previous, participant) => {
      if (participant === room.localParticipant) this.#applyPermissions(room, false);
    });
    room.on(E.MediaDevicesChanged, () => void this.refreshDevices());
    room.on(E.ActiveDeviceChanged, (kind, deviceId) => this.#media.followDevice(kind, deviceId));
    room.on(E.MediaDevicesError, (error, kind) => this.#media.deviceFailed(error, kind));
    room.on(E.TrackPublished, (publication) => this.#followAudioOnly(lk, publication));
    return room;
  }

  async #afterConnect(room: Room, join: VideoJoin): Promise<void> {
    const lk = this.#connection.lk;
    if (!lk) return;
    this.#snapshot.connected(lk, room);
    this.#applyPermissions(room, true, join);
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) this.#followAudioOnly(lk, publication);
    }
    this.#snapshot.schedule();
    void this.refreshDevices();
    // What this person had on before a drop comes back on.
    if (this.#media.wantCamera && this.#floor.cameraAllowed) await this.setCamera(true);
    if (this.#media.wantMic && this.#floor.micAllowed) await this.setMicrophone(true);
  }

  /**
   * A remote video this screen should (not) receive, as audio-only says; the projector always
   * receives its videos. The call joins with autoSubscribe on (the microphones must arrive at
   * once), so a video published later may flow for a moment until this unsubscribes it.
   */
  #followAudioOnly(lk: LiveKit, publication: RemoteTrackPublication): void {
    if (this.kind !== 'call' || publication.kind !== lk.Track.Kind.Video) return;
    if (publication.isDesired === !this.#audioOnly) return;
    publication.setSubscribed(!this.#audioOnly);
  }

  #applyPermissions(room: Room, initial: boolean, join: VideoJoin | null = this.#connection.join): void {
    const mayShare = mayPublish(room.localParticipant.permissions, 'screen', join?.canShare ?? false);
    if (this.#shareAllowed && !mayShare && room.localParticipant.isScreenShareEnabled) {
      // LiveKit unpublished the share when its source was taken; this also ends the capture (the browser's "sharing" bar goes).
      this.#shareStopped = true;
      void room.localParticipant.setScreenShareEnabled(false).catch(() => undefined);
      this.#snapshot.schedule();
    }
    this.#shareAllowed = mayShare;
    const prompt = this.#floor.follow(join, room.localParticipant.permissions, initial, {
      floorMode: this.#feed.status?.floorMode,
      micOn: this.#snapshot.micOn,
      wantMic: this.#media.wantMic,
    });
    if (prompt === 'switchOn') void this.setMicrophone(true);
    else if (prompt === 'revoked') {
      this.#media.forgetMic();
      // LiveKit unpublishes the track itself; this also releases the device (the red dot goes).
      void room.localParticipant.setMicrophoneEnabled(false).catch(() => undefined);
      this.#snapshot.schedule();
    }
  }
}
