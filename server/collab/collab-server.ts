import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { can } from '../../shared/domain/roles/roles';
import { COLLAB_CLOSE, COLLAB_PATH, COLLAB_VERSION_PARAM, MAX_COLLAB_FRAME_BYTES } from '../../shared/minutes/layout';
import { PROTOCOL_VERSION } from '../../shared/protocol/events';
import type { Logger } from '../logger';
import { readSessionCookie } from '../http/session';
import { originAllowed } from '../auth/origin';
import type { ActiveSession, AuthService } from '../services/auth-service';
import type { SessionEndReason } from '../events';
import type { MeetingService } from '../services/meeting-service';
import type { MinutesService } from '../services/minutes-service';
import type { CollabPeer } from './minutes-room';
import type { MinutesRooms } from './minutes-rooms';

const PING_MS = 30_000;

/** An open minutes connection: its peer in the room, and the session it was opened with. */
interface PeerEntry {
  peer: CollabPeer;
  session: ActiveSession;
}

/**
 * The y-websocket endpoint `/collab/<meetingId>` on the app's HTTP server. The session is checked
 * in the upgrade, before any sync; notulis and admin write, everyone else only reads.
 */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COLLAB_FRAME_BYTES });
  private readonly peers = new Map<WebSocket, PeerEntry>();
  private readonly pinger: NodeJS.Timeout;
  /** Set by drain(): a new connection is closed as `restarting` at once. */
  private draining = false;
  /** Set by close(): no message is read any more. */
  private closing = false;

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly meetings: MeetingService,
    private readonly minutes: MinutesService,
    private readonly rooms: MinutesRooms,
    private readonly logger: Logger,
    /** PUBLIC_URL: the origin a browser's handshake may come from (see originAllowed). */
    private readonly publicUrl: string,
  ) {
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const [path = ''] = (req.url ?? '').split('?');
      if (!path.startsWith(`${COLLAB_PATH}/`)) return; // Socket.IO's own upgrades
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        // A bad percent-encoding names no meeting (thrown here, it would take the process down).
        let meetingId: string | null;
        try {
          meetingId = decodeURIComponent(path.slice(COLLAB_PATH.length + 1));
        } catch {
          meetingId = null;
        }
        this.accept(ws, req, meetingId).catch((err: unknown) => {
          this.logger.error({ err }, 'collab connection failed');
          ws.close(COLLAB_CLOSE.internal, 'internal');
        });
      });
    });
    // Dead connections (a phone that lost its network) are dropped instead of lingering.
    const alive = new WeakSet<WebSocket>();
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, PING_MS);
    this.pinger.unref();
    this.wss.on('connection', (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
    });
  }

  /** Sessions of revoked links lose their minutes connection too. */
  closeLinks(linkIds: readonly string[]): void {
    for (const [ws, { peer }] of this.peers) {
      if (peer.linkId && linkIds.includes(peer.linkId)) ws.close(COLLAB_CLOSE.unauthenticated, 'revoked');
    }
  }

  /** Logged out or expired sessions lose their minutes connection, as revoked links do. */
  closeSessions(idHashes: readonly string[], reason: SessionEndReason): void {
    for (const [ws, { session }] of this.peers) {
      if (idHashes.includes(session.idHash)) ws.close(COLLAB_CLOSE.unauthenticated, reason);
    }
  }

  /** The node is shutting down: no new minutes socket; those open go on until close(). */
  drain(): void {
    this.draining = true;
  }

  /**
   * Closes every minutes socket with 1012 (`restarting`), after which y-websocket's provider
   * reconnects by itself, to whichever node answers. Every update read so far is stored or queued
   * in its room (the rooms' close waits for those); anything later is not read, and the editor
   * sends it again in the sync of its next connection, since the server's state lacks it.
   */
  close(): Promise<void> {
    this.draining = true;
    this.closing = true;
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(COLLAB_CLOSE.restarting, 'restarting');
    this.wss.close();
    return Promise.resolve();
  }

  private async accept(ws: WebSocket, req: IncomingMessage, meetingId: string | null): Promise<void> {
    this.wss.emit('connection', ws, req);
    // From the first moment: a frame past maxPayload while the session and room still load is an
    // 'error' event, which without a listener throws out of the process (seen on PostgreSQL, whose
    // awaits below take long enough for the frame to arrive during them).
    ws.on('error', (err) => this.logger.warn({ err, meetingId }, 'collab socket error'));
    // Messages that arrive while the session and room load are kept, in order.
    const early: Uint8Array[] = [];
    const keep = (data: Buffer) => early.push(new Uint8Array(data));
    ws.on('message', keep);

    if (this.draining) return ws.close(COLLAB_CLOSE.restarting, 'restarting');
    if (!originAllowed(req.headers.origin, req.headers.host, this.publicUrl)) return ws.close(COLLAB_CLOSE.forbidden, 'origin');
    // A page of another protocol version (a tab left open over an upgrade) reloads before it syncs anything.
    if (!speaksOurProtocol(req.url)) return ws.close(COLLAB_CLOSE.outdated, 'outdated');
    if (meetingId === null) return ws.close(COLLAB_CLOSE.notFound, 'not found');
    const session = await this.auth.resolve(readSessionCookie(req.headers.cookie));
    if (!session) return ws.close(COLLAB_CLOSE.unauthenticated, 'unauthenticated');
    if (!can(session.actor, 'meeting.read', meetingId)) return ws.close(COLLAB_CLOSE.forbidden, 'forbidden');
    if (!(await this.meetings.exists(meetingId))) return ws.close(COLLAB_CLOSE.notFound, 'not found');
    if (ws.readyState !== ws.OPEN) return;
    if (this.draining) return ws.close(COLLAB_CLOSE.restarting, 'restarting');

    const room = await this.rooms.open(meetingId);
    if (this.draining) return ws.close(COLLAB_CLOSE.restarting, 'restarting');
    const peer: CollabPeer = {
      canWrite: this.minutes.canWrite(session.actor.role),
      linkId: session.linkId,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    const entry: PeerEntry = { peer, session };
    this.peers.set(ws, entry);
    room.join(peer);
    ws.off('message', keep);
    for (const m of early) void room.receive(peer, m);
    // Closing (see close()): what arrives now is not read, the next connection's sync brings it.
    const read = (message: Uint8Array) => (this.closing ? Promise.resolve() : room.receive(peer, message));
    // The session is checked on use, not only in the upgrade: past its known expiry it is read
    // again (a REST call may have slid it), holding later messages so their order is kept.
    let held: Uint8Array[] | null = null;
    ws.on('message', (data: Buffer) => {
      const message = new Uint8Array(data);
      if (held) return void held.push(message);
      if (!this.auth.expired(entry.session)) return void read(message);
      held = [message];
      this.auth.resolveHash(entry.session.idHash).then(
        (live) => {
          const waiting = held ?? [];
          held = null;
          if (!live) return ws.close(COLLAB_CLOSE.unauthenticated, 'expired');
          entry.session = live;
          for (const m of waiting) void read(m);
        },
        (err: unknown) => {
          this.logger.error({ err, meetingId }, 'collab session check failed');
          ws.close(COLLAB_CLOSE.internal, 'internal');
        },
      );
    });
    ws.on('close', () => {
      this.peers.delete(ws);
      room.leave(peer);
      this.rooms.touch(room);
    });
  }
}

/** Whether the upgrade's query names this server's PROTOCOL_VERSION. */
function speaksOurProtocol(url: string | undefined): boolean {
  const query = (url ?? '').split('?')[1] ?? '';
  return new URLSearchParams(query).get(COLLAB_VERSION_PARAM) === String(PROTOCOL_VERSION);
}
