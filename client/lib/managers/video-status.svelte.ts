import { API } from '../../../shared/protocol/api';
import type { ApiError, VideoStatus } from '../../../shared/protocol';
import { api } from '../api';
import { asApiError } from '../errors';
import type { RakorSocket } from '../socket';

/**
 * One meeting's video status (configured or not, floor mode, who may speak, remote presence,
 * the last LiveKit failure), fetched over HTTP and fetched again on 'video:changed' and after
 * the page's socket reconnects. Light: it never loads livekit-client.
 */
export class VideoStatusFeed {
  #status = $state.raw<VideoStatus | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #request = 0;
  #cleanups: (() => void)[] = [];

  constructor(
    private readonly meetingId: string,
    private readonly socket: RakorSocket | null,
    /** Told of every fresh status, e.g. so a call can start once video turns out configured. */
    private readonly onStatus: (status: VideoStatus) => void = () => {},
  ) {}

  get status(): VideoStatus | null {
    return this.#status;
  }
  /** null until the first answer; then whether the server has LiveKit settings. */
  get configured(): boolean | null {
    return this.#status ? this.#status.configured : null;
  }
  get error(): ApiError | null {
    return this.#error;
  }

  start(): () => void {
    const socket = this.socket;
    if (socket) {
      const onChanged = (change: { meetingId: string }) => {
        if (change.meetingId === this.meetingId) void this.refresh();
      };
      const onConnect = () => void this.refresh();
      socket.on('video:changed', onChanged);
      socket.on('connect', onConnect);
      this.#cleanups.push(
        () => socket.off('video:changed', onChanged),
        () => socket.off('connect', onConnect),
      );
    }
    void this.refresh();
    return () => this.stop();
  }

  stop(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    // An answer still in flight must not land after the screen left.
    this.#request++;
  }

  async refresh(): Promise<VideoStatus | null> {
    const request = ++this.#request;
    try {
      const status = await api.get<VideoStatus>(API.video(this.meetingId));
      // A slower, older answer must not overwrite a newer one.
      if (request !== this.#request) return null;
      this.#status = status;
      this.#error = null;
      this.onStatus(status);
      return status;
    } catch (err) {
      if (request === this.#request) this.#error = asApiError(err);
      return null;
    }
  }
}
