import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { can } from '../../shared/domain/roles/roles';
import { COLLAB_CLOSE, COLLAB_PATH, MAX_COLLAB_MESSAGE_BYTES } from '../../shared/minutes/layout';
import type { Logger } from '../logger';
import { readSessionCookie } from '../http/session';
import type { AuthService } from '../services/auth-service';
import type { MeetingService } from '../services/meeting-service';
import type { MinutesService } from '../services/minutes-service';
import type { CollabPeer } from './minutes-room';
import type { MinutesRooms } from './minutes-rooms';

const PING_MS = 30_000;

/**
 * The y-websocket endpoint `/collab/<meetingId>` on the app's HTTP server. The session is checked
 * in the upgrade, before any sync; notulis and admin write, everyone else only reads.
 */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COLLAB_MESSAGE_BYTES });
  private readonly peers = new Map<WebSocket, CollabPeer>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly meetings: MeetingService,
    private readonly minutes: MinutesService,
    private readonly rooms: MinutesRooms,
    private readonly logger: Logger,
  ) {
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (!path.startsWith(`${COLLAB_PATH}/`)) return; // Socket.IO's own upgrades
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.accept(ws, req, decodeURIComponent(path.slice(COLLAB_PATH.length + 1))).catch((err: unknown) => {
          this.logger.error({ err }, 'collab connection failed');
          ws.close(1011, 'internal');
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
    for (const [ws, peer] of this.peers) {
      if (peer.linkId && linkIds.includes(peer.linkId)) ws.close(COLLAB_CLOSE.unauthenticated, 'revoked');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(COLLAB_CLOSE.restarting, 'restarting');
    this.wss.close();
  }

  private async accept(ws: WebSocket, req: IncomingMessage, meetingId: string): Promise<void> {
    this.wss.emit('connection', ws, req);
    // Messages that arrive while the session and room load are kept, in order.
    const early: Uint8Array[] = [];
    const keep = (data: Buffer) => early.push(new Uint8Array(data));
    ws.on('message', keep);

    const origin = req.headers.origin;
    if (origin && new URL(origin).host !== req.headers.host) return ws.close(COLLAB_CLOSE.forbidden, 'origin');
    const session = await this.auth.resolve(readSessionCookie(req.headers.cookie));
    if (!session) return ws.close(COLLAB_CLOSE.unauthenticated, 'unauthenticated');
    if (!can(session.actor, 'meeting.read', meetingId)) return ws.close(COLLAB_CLOSE.forbidden, 'forbidden');
    if (!(await this.meetings.exists(meetingId))) return ws.close(COLLAB_CLOSE.notFound, 'not found');
    if (ws.readyState !== ws.OPEN) return;

    const room = await this.rooms.open(meetingId);
    const peer: CollabPeer = {
      canWrite: this.minutes.canWrite(session.actor.role),
      linkId: session.linkId,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    this.peers.set(ws, peer);
    room.join(peer);
    ws.off('message', keep);
    for (const m of early) void room.receive(peer, m);
    ws.on('message', (data: Buffer) => void room.receive(peer, new Uint8Array(data)));
    ws.on('close', () => {
      this.peers.delete(ws);
      room.leave(peer);
      this.rooms.touch(room);
    });
    ws.on('error', (err) => this.logger.warn({ err, meetingId }, 'collab socket error'));
  }
}
