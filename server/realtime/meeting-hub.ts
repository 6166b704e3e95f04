import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { can } from '../../shared/domain/roles/roles';
import {
  joinMeetingSchema,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type Meeting,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { AppError, parseInput, toApiError } from '../errors';
import type { Logger } from '../logger';
import type { ActiveSession, AuthService } from '../services/auth-service';
import type { MeetingService } from '../services/meeting-service';
import type { MeetingNotifier } from '../services/notifier';
import { readSessionCookie } from '../http/session';

interface SocketData {
  session: ActiveSession;
}

type RakorServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RakorSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const meetingRoom = (id: string) => `meeting:${id}`;
const linkRoom = (id: string) => `link:${id}`;

/**
 * The real-time edge. A socket is authenticated from the same session cookie as the REST API
 * in the handshake, before any event; it then joins one meeting it is allowed to read.
 */
export class MeetingHub implements MeetingNotifier {
  readonly io: RakorServer;
  private meetings: MeetingService | null = null;

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly logger: Logger,
  ) {
    this.io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
    this.io.use(async (socket, next) => {
      try {
        const session = await this.auth.resolve(readSessionCookie(socket.handshake.headers.cookie));
        if (!session) return next(Object.assign(new Error('unauthenticated'), { data: toApiError(new AppError('unauthenticated', 'Log in, or open your personal link again.')) }));
        socket.data.session = session;
        next();
      } catch (err) {
        this.logger.error({ err }, 'socket authentication failed');
        next(new Error('internal'));
      }
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  /** Late binding: the meeting service needs the hub as its notifier, the hub needs the service. */
  attach(meetings: MeetingService): void {
    this.meetings = meetings;
  }

  meetingUpdated(meeting: Meeting): void {
    this.io.to(meetingRoom(meeting.id)).emit('meeting:updated', meeting);
  }

  linksRevoked(linkIds: readonly string[]): void {
    for (const id of linkIds) {
      this.io.to(linkRoom(id)).emit('session:ended', { code: 'revoked' });
      this.io.in(linkRoom(id)).disconnectSockets(true);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      void this.io.close(() => resolve());
    });
  }

  private onConnection(socket: RakorSocket): void {
    const { session } = socket.data;
    if (session.linkId) void socket.join(linkRoom(session.linkId));

    socket.on('meeting:join', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      ack(await this.handle(async () => {
        const { meetingId, protocolVersion } = parseInput(joinMeetingSchema, payload);
        if (protocolVersion !== PROTOCOL_VERSION) {
          throw new AppError('conflict', `This page speaks protocol ${protocolVersion}, the server ${PROTOCOL_VERSION}: reload the page.`, 'protocolVersion');
        }
        if (!can(session.actor, 'meeting.read', meetingId)) throw new AppError('forbidden', 'Your link is for another meeting.');
        if (!this.meetings) throw new Error('meeting service not attached');
        const meeting = await this.meetings.get(meetingId);
        for (const room of socket.rooms) if (room.startsWith('meeting:')) void socket.leave(room);
        await socket.join(meetingRoom(meetingId));
        return { meeting, protocolVersion: PROTOCOL_VERSION };
      }));
    });

    socket.on('meeting:leave', async (_payload, ack) => {
      for (const room of socket.rooms) if (room.startsWith('meeting:')) void socket.leave(room);
      if (typeof ack === 'function') ack({ data: { left: true } });
    });
  }

  private async handle<T>(work: () => Promise<T>): Promise<Ack<T>> {
    try {
      return { data: await work() };
    } catch (err) {
      if (!(err instanceof AppError)) this.logger.error({ err }, 'socket command failed');
      return { error: toApiError(err) };
    }
  }
}
