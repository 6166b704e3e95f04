import type { Room } from 'livekit-client';
import { API } from '../../../shared/protocol/api';
import type { VideoJoin, VideoStatus } from '../../../shared/protocol';
import { ApiFailure, api } from '../api';
import { connectFailure, dropFailure, retryDelayMs, tokenFailure, type VideoFailure, type VideoSessionKind } from './video-failures';
import type { VideoProblem } from './video-model';

type LiveKit = typeof import('livekit-client');

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

export interface VideoConnectionHooks {
  /** A new Room, listened to by the screen's other parts (the connection adds its own listeners). */
  createRoom(lk: LiveKit): Room;
  /** The call is up: restore what this person had on. */
  connected(room: Room, join: VideoJoin): Promise<void>;
  /** LiveKit resumed a connection by itself. */
  resumed(): void;
  /** The call is gone: nothing of it stays on screen. */
  reset(): void;
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
 * One screen's connection to the meeting's LiveKit room: livekit-client loaded on demand, a fresh
 * token for every connect, the Room, and what happens when it fails or drops (a new attempt after
 * a backoff, or a stop with the problem a person must see).
 */
export class VideoConnection {
  readonly #kind: VideoSessionKind;
  readonly #meetingId: string;
  readonly #hooks: VideoConnectionHooks;
  #phase = $state<VideoPhase>('checking');
  #problem = $state.raw<VideoProblem | null>(null);
  #join = $state.raw<VideoJoin | null>(null);
  #retryInMs = $state<number | null>(null);

  #lk: LiveKit | null = null;
  #room: Room | null = null;
  #connecting = false;
  #closed = false;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(kind: VideoSessionKind, meetingId: string, hooks: VideoConnectionHooks) {
    this.#kind = kind;
    this.#meetingId = meetingId;
    this.#hooks = hooks;
  }

  get phase(): VideoPhase {
    return this.#phase;
  }
  get problem(): VideoProblem | null {
    return this.#problem;
  }
  get join(): VideoJoin | null {
    return this.#join;
  }
  get retryInMs(): number | null {
    return this.#retryInMs;
  }
  /** livekit-client, once loaded. */
  get lk(): LiveKit | null {
    return this.#lk;
  }
  get room(): Room | null {
    return this.#room;
  }
  get closed(): boolean {
    return this.#closed;
  }

  /** A fresh video status: a call starts once video turns out configured, and ends when it no longer is. */
  follow(status: VideoStatus): void {
    if (this.#closed) return;
    if (!status.configured) {
      this.#phase = 'unconfigured';
      this.#clearRetry();
      this.#closeRoom();
      return;
    }
    if (this.#phase === 'checking' || this.#phase === 'unconfigured') void this.connect();
  }

  /** Back from the background or back online: a dropped call reconnects now, with a new token. */
  wake(): void {
    if (this.#phase === 'disconnected') void this.connect();
  }

  async connect(): Promise<void> {
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
        return this.#fail({ problem: { kind: 'network' }, retry: true });
      }
      this.#lk = lk;
      if (!lk.isBrowserSupported()) return this.#fail({ problem: { kind: 'unsupported' }, retry: false });

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
        // The projector picks its videos itself; the chair's quality watch subscribes to one silenced track per OPD.
        await room.connect(join.url, join.token, { autoSubscribe: this.#kind === 'call' || this.#kind === 'room' });
      } catch (err) {
        if (this.#closed) return;
        const failure = connectFailure(
          !(err instanceof lk.ConnectionError)
            ? 'other'
            : err.reason === lk.ConnectionErrorReason.Cancelled
              ? 'cancelled'
              : err.reason === lk.ConnectionErrorReason.NotAllowed
                ? 'notAllowed'
                : 'other',
        );
        if (failure) this.#fail(failure);
        return;
      }
      if (this.#closed) {
        void room.disconnect();
        return;
      }
      this.#retries = 0;
      this.#phase = 'connected';
      await this.#hooks.connected(room, join);
    } finally {
      this.#connecting = false;
    }
  }

  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearRetry();
    this.#closeRoom();
  }

  #tokenUrl(): string {
    return this.#kind === 'room' ? API.videoRoomToken(this.#meetingId) : API.videoToken(this.#meetingId);
  }

  #refused(err: unknown): void {
    const failure = tokenFailure(this.#kind, err instanceof ApiFailure ? { status: err.status, code: err.error.code } : null);
    if (failure === 'unconfigured') this.#phase = 'unconfigured';
    else this.#fail(failure);
  }

  #fail(failure: VideoFailure): void {
    this.#clearRetry();
    this.#problem = failure.problem;
    this.#hooks.reset();
    if (failure.retry && !this.#closed) {
      this.#phase = 'disconnected';
      const delay = retryDelayMs(this.#retries);
      this.#retries++;
      this.#retryInMs = delay;
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        void this.connect();
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

  #closeRoom(): void {
    const room = this.#room;
    this.#room = null;
    if (room) {
      room.removeAllListeners();
      void room.disconnect();
    }
  }

  #createRoom(lk: LiveKit): Room {
    const room = this.#hooks.createRoom(lk);
    const E = lk.RoomEvent;
    room.on(E.ConnectionStateChanged, (state) => {
      const S = lk.ConnectionState;
      if (state === S.Reconnecting || state === S.SignalReconnecting) this.#phase = 'reconnecting';
      else if (state === S.Connected && this.#phase === 'reconnecting') {
        this.#phase = 'connected';
        this.#hooks.resumed();
      }
    });
    room.on(E.Disconnected, (reason) => this.#onDisconnected(lk, reason));
    this.#room = room;
    return room;
  }

  #onDisconnected(lk: LiveKit, reason: number | undefined): void {
    // A connect that fails also ends in 'disconnected': connect() reports that one itself.
    if (this.#closed || this.#connecting) return;
    const R = lk.DisconnectReason;
    const failure = dropFailure(
      reason === R.CLIENT_INITIATED ? 'client' : reason === R.DUPLICATE_IDENTITY ? 'duplicate' : reason === R.PARTICIPANT_REMOVED ? 'removed' : 'other',
    );
    if (failure) this.#fail(failure);
  }
}
