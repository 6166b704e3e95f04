import type { ApiError, JoinMeetingResult, Meeting } from '../../../shared/protocol';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { connectSocket, request, type RakorSocket } from '../socket';
import { QueueManager } from './queue.svelte';
import { reloadForNewVersion } from '../reload';

/**
 * A phone that loses its network says so at once (the browser's offline event), while the socket
 * would notice only when its heartbeat times out, up to a minute later, showing a live page that
 * is not. Closing the transport makes the page say it is reconnecting; socket.io-client then
 * reconnects on its own, within its 5 s backoff of the network's return.
 */
function watchNetwork(socket: RakorSocket): () => void {
  const onOffline = () => {
    if (socket.connected) socket.io.engine.close();
  };
  window.addEventListener('offline', onOffline);
  return () => window.removeEventListener('offline', onOffline);
}

export type EndReason = 'revoked' | 'expired' | 'logout';

/**
 * A page's live link to one meeting: its socket, joined again on every reconnect, the meeting
 * as last heard, and the queue mirror. Every meeting screen (the meeting page, Ruang rapat)
 * opens one and closes it when it goes.
 */
export class MeetingConnection {
  readonly socket: RakorSocket;
  #meeting = $state<Meeting | null>(null);
  #queue = $state<QueueManager | null>(null);
  #connected = $state(false);
  #videoConfigured = $state<boolean | null>(null);
  #fatal = $state<ApiError | null>(null);
  #ended = $state<EndReason | null>(null);
  #endListeners: (() => void)[] = [];
  #unwatchNetwork: () => void;

  constructor(readonly meetingId: string) {
    this.socket = connectSocket();
    const socket = this.socket;
    socket.on('connect', () => {
      this.#connected = true;
      void this.#join();
    });
    socket.on('disconnect', () => (this.#connected = false));
    socket.on('connect_error', (err) => {
      this.#connected = false;
      // Refused by the server (session gone): reconnecting will not help.
      if (!socket.active) this.#fatal = (err as Error & { data?: ApiError }).data ?? { code: 'unauthenticated', message: err.message };
    });
    this.#unwatchNetwork = watchNetwork(socket);
    socket.on('meeting:updated', (m) => (this.#meeting = m));
    socket.on('session:ended', (reason) => {
      this.#ended = reason.code;
      this.#endListeners.forEach((l) => l());
      socket.disconnect();
    });
  }

  get meeting(): Meeting | null {
    return this.#meeting;
  }
  get queue(): QueueManager | null {
    return this.#queue;
  }
  get connected(): boolean {
    return this.#connected;
  }
  /** Whether the server has video, as the last join said; null before the first. */
  get videoConfigured(): boolean | null {
    return this.#videoConfigured;
  }
  /** A refusal that reconnecting cannot fix (no session, not this meeting's). */
  get fatal(): ApiError | null {
    return this.#fatal;
  }
  get ended(): EndReason | null {
    return this.#ended;
  }

  /** Called when the server ends this session (a revoked link, a logout elsewhere). */
  onEnded(listener: () => void): void {
    this.#endListeners.push(listener);
  }

  close(): void {
    this.#unwatchNetwork();
    this.#queue?.stop();
    this.socket.disconnect();
  }

  async #join(): Promise<void> {
    let res;
    try {
      // A reconnect says the last seq it applied: the answer is what it missed, in one round trip.
      const sinceSeq = this.#queue?.state?.seq || undefined;
      res = await request(this.socket, 'meeting:join', { meetingId: this.meetingId, protocolVersion: PROTOCOL_VERSION, sinceSeq }, 10_000);
    } catch {
      return; // The next reconnect joins again.
    }
    if ('error' in res) {
      // A server of another protocol version (upgraded while this tab was open): load its client.
      if (res.error.code === 'protocol_mismatch' && reloadForNewVersion()) return;
      this.#fatal = res.error;
      this.socket.disconnect();
      return;
    }
    const joined: JoinMeetingResult = res.data;
    this.#meeting = joined.meeting;
    this.#videoConfigured = joined.videoConfigured;
    if (!this.#queue) {
      // The first join carries no sinceSeq, so it always brings the snapshot.
      if (joined.queue === undefined) return;
      const manager = new QueueManager(this.socket, this.meetingId);
      manager.start(joined);
      this.#queue = manager;
    } else {
      this.#queue.adopt(joined);
    }
  }
}
