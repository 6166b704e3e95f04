import type { Participant, RemoteTrackPublication, Room } from 'livekit-client';
import type { VideoSessionKind } from './video-failures';
import {
  pickScreenShare,
  pickSpotlight,
  snapshotRoom,
  type ConnectionQualityLevel,
  type RemoteAudio,
  type SpotlightFallback,
  type VideoTile,
} from './video-model';

type LiveKit = typeof import('livekit-client');

/** The call this snapshot is of, while there is one. */
export interface SnapshotSource {
  lk: LiveKit;
  room: Room;
  /** This screen's own tile is in the call (it publishes). */
  includeLocal: boolean;
}

/**
 * The call as this screen shows it: who is in it with their tracks (rebuilt from LiveKit's
 * events, whose objects are not reactive), the spotlight, this screen's own camera and
 * microphone as LiveKit reports them, its connection quality, and whether sound may play.
 */
export class VideoRoomSnapshot {
  readonly #kind: VideoSessionKind;
  readonly #floor: () => string | null;
  readonly #source: () => SnapshotSource | null;
  #tiles = $state.raw<VideoTile[]>([]);
  #audio = $state.raw<RemoteAudio[]>([]);
  #activeSpeakers = $state.raw<string[]>([]);
  #quality = $state<ConnectionQualityLevel>('unknown');
  #audioBlocked = $state(false);
  #cameraOn = $state(false);
  #micOn = $state(false);
  #screenSharing = $state(false);
  // The projector leaves out the room's own share: the room shows it on its screens already (and may be this very screen).
  #screenShare = $derived.by(() => pickScreenShare(this.#kind === 'projector' ? this.#tiles.filter((t) => !t.isRoom) : this.#tiles, this.#floor()));
  #spotlight = $derived.by(() =>
    pickSpotlight(this.#tiles, {
      floorParticipantId: this.#floor(),
      activeSpeakers: this.#activeSpeakers,
      includeLocal: false,
      fallback: this.#fallback(),
    }),
  );
  #refreshQueued = false;

  constructor(kind: VideoSessionKind, floorParticipantId: () => string | null, source: () => SnapshotSource | null) {
    this.#kind = kind;
    this.#floor = floorParticipantId;
    this.#source = source;
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
  /** The browser refused to play sound before a click. */
  get audioBlocked(): boolean {
    return this.#audioBlocked;
  }
  get cameraOn(): boolean {
    return this.#cameraOn;
  }
  get micOn(): boolean {
    return this.#micOn;
  }
  /** This screen shares its own screen now. */
  get screenSharing(): boolean {
    return this.#screenSharing;
  }
  /** The remote participant whose shared screen is shown large, if any. */
  get screenShare(): VideoTile | null {
    return this.#screenShare;
  }

  /** Follows the Room's events that change what the screen shows. */
  listen(lk: LiveKit, room: Room): void {
    const E = lk.RoomEvent;
    const refresh = () => this.schedule();
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
    room.on(E.AudioPlaybackStatusChanged, () => this.followPlayback(room));
  }

  /** Just connected: the projector takes every camera already there; sound may be blocked. */
  connected(lk: LiveKit, room: Room): void {
    this.followPlayback(room);
    if (this.#kind === 'projector') {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.trackPublications.values()) this.#subscribeForProjector(lk, publication);
      }
    }
  }

  /** The projector never plays sound, so it is never blocked. */
  followPlayback(room: Room): void {
    this.#audioBlocked = this.#kind !== 'projector' && !room.canPlaybackAudio;
  }

  /** After `room.startAudio()` from a click. */
  unlocked(room: Room): void {
    this.#audioBlocked = !room.canPlaybackAudio;
  }

  /** Room events come in bursts: rebuild the snapshot once per microtask. */
  schedule(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.#refresh();
    });
  }

  /** The call is gone: nobody is shown, nothing plays. */
  reset(): void {
    this.#cameraOn = false;
    this.#micOn = false;
    this.#screenSharing = false;
    this.#audioBlocked = false;
    this.#tiles = [];
    this.#audio = [];
    this.#activeSpeakers = [];
    this.#quality = 'unknown';
  }

  #fallback(): SpotlightFallback {
    return this.#kind === 'call' ? 'any' : this.#kind === 'room' ? 'speakers' : 'none';
  }

  /** The projector shows video only: it leaves every microphone to the room's own computer. */
  #subscribeForProjector(lk: LiveKit, publication: RemoteTrackPublication): void {
    if (this.#kind === 'projector' && publication.kind === lk.Track.Kind.Video) publication.setSubscribed(true);
  }

  #refresh(): void {
    const source = this.#source();
    if (!source) return;
    const { lk, room } = source;
    const snapshot = snapshotRoom(lk, room, { includeLocal: source.includeLocal, playAudio: this.#kind !== 'projector' });
    this.#tiles = snapshot.tiles;
    this.#audio = snapshot.audio;
    this.#cameraOn = room.localParticipant.isCameraEnabled;
    this.#micOn = room.localParticipant.isMicrophoneEnabled;
    this.#screenSharing = room.localParticipant.isScreenShareEnabled;
    this.#quality = room.localParticipant.connectionQuality;
  }
}
