import type { RemoteParticipant, RemoteTrackPublication, Room, Track } from 'livekit-client';
import type { VideoStatus } from '../../../shared/protocol';
import { VideoConnection } from './video-connection.svelte';
import { isRoomIdentity, isWatcherIdentity, parseMeta, type ConnectionQualityLevel } from './video-model';

type LiveKit = typeof import('livekit-client');

/**
 * The chair's view of each remote OPD's connection quality, by identity.
 *
 * How the chair gets it (issue 12): LiveKit tells a participant the quality of the others only
 * for those it is subscribed to (livekit-server v1.13.5, pkg/rtc/room.go connectionQualityWorker:
 * "send updates to only users that are subscribed to each other", via GetSubscribedParticipants).
 * A hidden watcher with autoSubscribe off would therefore hear nobody's quality. So the chair's
 * console joins with its own watcher token (hidden, subscribe only, publishes nothing), with
 * autoSubscribe off, subscribes to ONE track of each remote OPD (its microphone when it has one,
 * the smallest) and at once asks the SFU to forward none of it (setEnabled(false)). The
 * subscription is what makes LiveKit report that OPD's quality; no media flows, nothing is
 * attached or played, so the room hears no echo. An OPD that publishes nothing has no track to
 * subscribe to and shows "unknown" until it does.
 *
 * Not chosen: every browser reporting its own quality to Rakor (a write per change per phone, and
 * state another node would need), and LiveKit webhooks (they carry no quality).
 */
export class VideoQualityWatch {
  readonly #connection: VideoConnection;
  #quality = $state.raw<Record<string, ConnectionQualityLevel>>({});
  #sharing = $state.raw<string[]>([]);

  constructor(meetingId: string) {
    this.#connection = new VideoConnection('watch', meetingId, {
      createRoom: (lk) => this.#createRoom(lk),
      connected: (room) => {
        const lk = this.#connection.lk;
        if (lk) for (const participant of room.remoteParticipants.values()) this.#follow(lk, participant);
        this.#read(room);
        return Promise.resolve();
      },
      resumed: () => {
        const room = this.#connection.room;
        if (room) this.#read(room);
      },
      reset: () => {
        this.#quality = {};
        this.#sharing = [];
      },
    });
  }

  /** Each remote OPD's quality as LiveKit last reported it; absent: not in the call. */
  get quality(): Record<string, ConnectionQualityLevel> {
    return this.#quality;
  }

  /** This console's own (hidden) identity in the call, once joined: LiveKit reports its connection like any other. */
  get identity(): string | null {
    return this.#connection.join?.identity ?? null;
  }

  /** Identities sharing a screen right now (their publication is listed, whether received or not). */
  get sharing(): readonly string[] {
    return this.#sharing;
  }

  /** The status feed's answer: the watch connects once video is configured. */
  follow(status: VideoStatus): void {
    this.#connection.follow(status);
  }

  destroy(): void {
    this.#connection.destroy();
  }

  #createRoom(lk: LiveKit): Room {
    // Nothing it receives is ever shown: no adaptive stream to manage, no layers to ask for.
    const room = new lk.Room({ adaptiveStream: false, dynacast: false });
    const E = lk.RoomEvent;
    const read = () => this.#read(room);
    room.on(E.ParticipantConnected, (participant) => {
      this.#follow(lk, participant);
      read();
    });
    room.on(E.ParticipantDisconnected, read);
    room.on(E.TrackPublished, (_publication, participant) => {
      this.#follow(lk, participant);
      read();
    });
    room.on(E.TrackUnpublished, (_publication, participant) => {
      this.#follow(lk, participant);
      read();
    });
    // Subscribed, and at once silenced: the SFU keeps the subscription (and the quality reports), sends no media.
    room.on(E.TrackSubscribed, (_track, publication) => publication.setEnabled(false));
    room.on(E.ConnectionQualityChanged, read);
    return room;
  }

  /** Keeps exactly one subscribed (and silenced) track per remote OPD, the smallest it has. */
  #follow(lk: LiveKit, participant: RemoteParticipant): void {
    if (isWatcherIdentity(participant.identity, parseMeta(participant.metadata))) return;
    const publications = [...participant.trackPublications.values()];
    if (publications.some((p) => p.isDesired)) return;
    const pick = (kind: Track.Kind): RemoteTrackPublication | undefined => publications.find((p) => p.kind === kind);
    const chosen = pick(lk.Track.Kind.Audio) ?? pick(lk.Track.Kind.Video);
    if (!chosen) return;
    chosen.setSubscribed(true);
    chosen.setEnabled(false);
  }

  #read(room: Room): void {
    const next: Record<string, ConnectionQualityLevel> = {};
    const sharing: string[] = [];
    const screen = this.#connection.lk?.Track.Source.ScreenShare;
    for (const participant of room.remoteParticipants.values()) {
      const meta = parseMeta(participant.metadata);
      if (isWatcherIdentity(participant.identity, meta) || isRoomIdentity(participant.identity, meta)) continue;
      next[participant.identity] = participant.connectionQuality;
      if (screen && [...participant.trackPublications.values()].some((p) => p.source === screen)) sharing.push(participant.identity);
    }
    this.#quality = next;
    this.#sharing = sharing;
  }
}
