import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { can } from '../../shared/domain/roles/roles';
import {
  joinMeetingSchema,
  PROTOCOL_VERSION,
  queueCommandEnvelopeSchema,
  queueSyncSchema,
  type Ack,
  type ClientToServerEvents,
  type JoinMeetingResult,
  type Meeting,
  type QueueEvent,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { AppError, parseInput, toApiError } from '../errors';
import type { Logger } from '../logger';
import type { ActiveSession, AuthService } from '../services/auth-service';
import type { SessionEndReason } from '../events';
import type { MeetingService } from '../services/meeting-service';
import type { Clock } from '../clock';
import type { QueueService } from '../services/queue-service';
import { readSessionCookie } from '../http/session';
import { originAllowed } from '../auth/origin';
import { linkOpenedSignal } from '../../shared/domain/speaking-queue/attendance';
import type { Cluster } from '../cluster/cluster';
import type { MaterialDisplay } from '../../shared/protocol/materials';
import type { MaterialService } from '../services/material-service';

interface SocketData {
  session: ActiveSession;
}

type RakorServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RakorSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How long close() waits for open connections to flush what they still have to send and close. */
const CLOSE_FLUSH_MS = 2000;

const meetingRoom = (id: string) => `meeting:${id}`;
const linkRoom = (id: string) => `link:${id}`;
const sessionRoom = (idHash: string) => `session:${idHash}`;

/**
 * The real-time edge. A socket is authenticated from the same session cookie as the REST API
 * in the handshake, before any event; it then joins one meeting it is allowed to read.
 */
export class MeetingHub {
  readonly io: RakorServer;
  /** Set by drain(): new handshakes are refused, so clients go to another node (or retry until this one is back). */
  private draining = false;
  /** Events being handled: close() lets them answer before it ends the connections. */
  private readonly handling = new Set<Promise<unknown>>();
  /** Each socket's last event in hand: the next one waits for it (see handle()). Answers never reject. */
  private readonly inOrder = new WeakMap<RakorSocket, Promise<unknown>>();

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly meetings: MeetingService,
    private readonly queue: QueueService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** PUBLIC_URL: the origin a browser's handshake may come from (see originAllowed). */
    private readonly publicUrl: string,
    /** With other nodes, Socket.IO's rooms span them all through the cluster's adapter. */
    cluster: Cluster,
    /** Told to every joining screen: with LiveKit it shows a call (and the call link as a way out), without it the link. */
    private readonly videoConfigured: boolean,
    /** Bahan rapat: the projector's `material:show` command. */
    private readonly materials: MaterialService,
  ) {
    // WebSocket only: every node can take any connection, so a front needs no sticky sessions
    // (the minutes need WebSocket anyway; see "Running on several machines" in the README).
    this.io = new Server(httpServer, {
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      transports: ['websocket'],
      adapter: cluster.socketAdapter,
      // Refused at the engine (HTTP 403), not by a middleware: socket.io-client retries a failed
      // transport by itself, but gives up for good after a middleware's refusal.
      allowRequest: (_req, answer) => answer(this.draining ? 'draining' : null, !this.draining),
    });
    // authenticate() catches its own failures and always calls next().
    this.io.use((socket, next) => void this.authenticate(socket, next));
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** The handshake's check: the page's origin first, then the session cookie. */
  private async authenticate(socket: RakorSocket, next: (err?: Error) => void): Promise<void> {
    try {
      const { origin, host } = socket.handshake.headers;
      // Before the session: a page of another origin learns nothing, and touches no session.
      if (!originAllowed(origin, host, this.publicUrl)) {
        return next(Object.assign(new Error('forbidden'), { data: toApiError(new AppError('forbidden', 'errors.socketOrigin')) }));
      }
      const session = await this.auth.resolve(readSessionCookie(socket.handshake.headers.cookie));
      if (!session) return next(Object.assign(new Error('unauthenticated'), { data: toApiError(new AppError('unauthenticated', 'errors.noSession')) }));
      socket.data.session = session;
      next();
    } catch (err) {
      this.logger.error({ err }, 'socket authentication failed');
      next(new Error('internal'));
    }
  }

  meetingUpdated(meeting: Meeting): void {
    this.io.to(meetingRoom(meeting.id)).emit('meeting:updated', meeting);
  }

  queueEvents(meetingId: string, events: readonly QueueEvent[]): void {
    const room = this.io.to(meetingRoom(meetingId));
    for (const event of events) room.emit('queue:event', event);
  }

  minutesChanged(meetingId: string): void {
    this.io.to(meetingRoom(meetingId)).emit('minutes:changed', { meetingId });
  }

  materialDisplay(display: MaterialDisplay): void {
    this.io.to(meetingRoom(display.meetingId)).emit('material:display', display);
  }

  materialsChanged(meetingId: string): void {
    this.io.to(meetingRoom(meetingId)).emit('materials:changed', { meetingId });
  }

  videoChanged(meetingId: string): void {
    this.io.to(meetingRoom(meetingId)).emit('video:changed', { meetingId });
  }

  /** Events between nodes may have been lost (Redis was away): every screen on this node checks its seq. */
  resyncAll(): void {
    this.io.local.emit('queue:check');
  }

  linksRevoked(linkIds: readonly string[]): void {
    for (const id of linkIds) this.endRoom(linkRoom(id), 'revoked');
  }

  /**
   * Logged out or expired: the sockets of those sessions are told and closed, as for a revoked
   * link. On the next turn of the loop, so a command refused for that very reason is acked first.
   */
  sessionsEnded(idHashes: readonly string[], reason: SessionEndReason): void {
    setImmediate(() => {
      for (const idHash of idHashes) this.endRoom(sessionRoom(idHash), reason);
    });
  }

  private endRoom(room: string, code: SessionEndReason | 'revoked'): void {
    this.io.to(room).emit('session:ended', { code });
    this.io.in(room).disconnectSockets(true);
  }

  /** The node is shutting down: no new connection; those open stay, so the acks of commands in flight reach them. */
  drain(): void {
    this.draining = true;
  }

  /**
   * Ends every connection as a lost transport, not as a server-side disconnect: socket.io-client
   * reconnects by itself after a lost transport (after its own randomized backoff of 0.5 to 1.5 s,
   * to whichever node answers), never after a disconnect the server sent. Each connection first
   * sends what it still holds (an ack); then the server closes, and with it the HTTP server it is
   * attached to.
   */
  async close(): Promise<void> {
    this.draining = true;
    // Every event received before the connections end gets its answer (done, or refused as
    // draining): those that come while others are answered too, within the bound.
    const deadline = Date.now() + CLOSE_FLUSH_MS;
    while (this.handling.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())));
      await Promise.race([Promise.allSettled([...this.handling]), bound]);
      clearTimeout(timer);
    }
    const open = [...this.io.sockets.sockets.values()].filter((socket) => socket.connected);
    const closing = open.map(
      (socket) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, CLOSE_FLUSH_MS);
          socket.once('disconnect', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.conn.close();
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => {
      void this.io.close(() => resolve());
    });
  }

  private onConnection(socket: RakorSocket): void {
    const handshake = socket.data.session;
    socket.use((packet, next) => this.reshape(socket, packet, next));
    void socket.join(sessionRoom(handshake.idHash));
    if (handshake.linkId) void socket.join(linkRoom(handshake.linkId));

    socket.on('meeting:join', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      ack(
        await this.handle(socket, async (session) => {
          const { meetingId, protocolVersion, sinceSeq } = parseInput(joinMeetingSchema, payload);
          if (protocolVersion !== PROTOCOL_VERSION) {
            throw new AppError('protocol_mismatch', 'errors.protocolMismatch', { client: protocolVersion, server: PROTOCOL_VERSION }, 'protocolVersion');
          }
          if (!can(session.actor, 'meeting.read', meetingId)) throw new AppError('forbidden', 'errors.otherMeeting');
          const meeting = await this.meetings.get(meetingId);
          for (const room of socket.rooms) if (room.startsWith('meeting:')) void socket.leave(room);
          // Join first, read second: an event in between is at most a duplicate the client skips by seq.
          await socket.join(meetingRoom(meetingId));
          const queue = await this.queue.state(meetingId);
          // Only a participant planned remote is online by connecting; one in the room checks in.
          const online = session.role === 'participant' && queue.phase === 'running' ? linkOpenedSignal(meeting, session.participantId) : null;
          if (online) void this.queue.system(meetingId, online);
          const base = { meeting, serverNow: this.clock.now().getTime(), protocolVersion: PROTOCOL_VERSION, videoConfigured: this.videoConfigured };
          // A reconnect says what it holds: the events it missed, or the whole queue when it is too far behind.
          const sync = sinceSeq === undefined ? null : await this.queue.sync(meetingId, sinceSeq);
          const joined: JoinMeetingResult = sync?.kind === 'events' ? { ...base, events: sync.events } : { ...base, queue: sync?.state ?? queue };
          return joined;
        }),
      );
    });

    socket.on('queue:command', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      ack(
        await this.handle(socket, async (session) => {
          const envelope = parseInput(queueCommandEnvelopeSchema, payload);
          if (!can(session.actor, 'meeting.read', envelope.meetingId)) throw new AppError('forbidden', 'errors.otherMeeting');
          return this.queue.command(envelope.meetingId, envelope.command, session.actor, { expectedSeq: envelope.expectedSeq, commandId: envelope.commandId });
        }),
      );
    });

    socket.on('queue:sync', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      ack(
        await this.handle(socket, async (session) => {
          const { meetingId, sinceSeq } = parseInput(queueSyncSchema, payload);
          if (!can(session.actor, 'meeting.read', meetingId)) throw new AppError('forbidden', 'errors.otherMeeting');
          return this.queue.sync(meetingId, sinceSeq);
        }),
      );
    });

    // The service checks who may show what (the chair, or the floor OPD for its own); a refusal is acked to the sender alone.
    socket.on('material:show', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      ack(await this.handle(socket, (session) => this.materials.show(payload, session.actor)));
    });

    socket.on('clock:ping', (_payload, ack) => {
      if (typeof ack === 'function') ack({ data: { serverNow: this.clock.now().getTime() } });
    });

    socket.on('meeting:leave', (_payload, ack) => {
      for (const room of socket.rooms) if (room.startsWith('meeting:')) void socket.leave(room);
      if (typeof ack === 'function') ack({ data: { left: true } });
    });
  }

  /**
   * Every client event is one payload and an ack. A packet with more arguments, or with the ack
   * alone, is reshaped to that, so its handler still answers; an event nobody handles is answered
   * `bad_request` when it asks for an answer. Otherwise such a packet left the client's ack waiting forever.
   */
  private reshape(socket: RakorSocket, packet: unknown[], next: (err?: Error) => void): void {
    const [event, ...args] = packet;
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (res: Ack<never>) => void) : undefined;
    if (typeof event !== 'string' || socket.listenerCount(event) === 0) {
      ack?.({ error: { code: 'bad_request', message: 'Unknown event.' } });
      return;
    }
    packet.splice(1, packet.length - 1, args[0], ...(ack ? [ack] : []));
    next();
  }

  /**
   * One event's answer, counted while it is being worked out (see close()). A socket's events are
   * worked out one after the other, in the order they came: the session check before each reads
   * the store, and on PostgreSQL two reads from a pool may finish in either order, so a chair's
   * quick pause and resume could otherwise be decided resume first. Draining, an event does not
   * wait for the one in flight: the queue refuses every new command then, so nothing is decided
   * out of order, and the client hears at once that it should go to another node.
   */
  private handle<T>(socket: RakorSocket, work: (session: ActiveSession) => Promise<T>): Promise<Ack<T>> {
    const before = this.draining ? Promise.resolve() : (this.inOrder.get(socket) ?? Promise.resolve());
    const answer = before.then(() => this.answer(socket, work));
    this.inOrder.set(socket, answer);
    this.handling.add(answer);
    void answer.finally(() => this.handling.delete(answer));
    return answer;
  }

  /**
   * Runs one command with the session as it is now, not as it was at the handshake: a session
   * that has ended since (expired, logged out elsewhere, deleted) refuses the command, and the
   * socket is told and closed right after the refusal is acked.
   */
  private async answer<T>(socket: RakorSocket, work: (session: ActiveSession) => Promise<T>): Promise<Ack<T>> {
    try {
      const session = await this.auth.resolveHash(socket.data.session.idHash);
      if (!session) {
        // Gone without a word to this node (deleted in the store): end this socket all the same.
        setImmediate(() => {
          if (!socket.connected) return;
          socket.emit('session:ended', { code: 'expired' });
          socket.disconnect(true);
        });
        throw new AppError('unauthenticated', 'errors.sessionGone');
      }
      socket.data.session = session;
      return { data: await work(session) };
    } catch (err) {
      if (!(err instanceof AppError)) this.logger.error({ err }, 'socket command failed');
      return { error: toApiError(err) };
    }
  }
}
