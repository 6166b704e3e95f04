import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier, type ClaimGrants } from 'livekit-server-sdk';
import type { z } from 'zod';
import {
  fullPermission,
  METHODS,
  participantJson,
  TwirpFailure,
  type DoubleParticipant,
  type DoublePermission,
  type MethodName,
  type TrackSourceName,
} from './livekit-twirp';

export type { DoubleParticipant, DoublePermission } from './livekit-twirp';

/**
 * A local stand-in for LiveKit's server API (Twirp over JSON: `POST /twirp/livekit.RoomService/<Method>`),
 * strict where LiveKit is strict: it checks the HS256 bearer token against the secret, its issuer
 * and times, the grant each method needs (roomAdmin for the very room), and refuses bodies with
 * unknown fields or wrong types. It keeps rooms, participants and their permissions, so a test can
 * join fake participants and read back exactly who may publish a microphone after each floor move.
 */

export interface DoubleCall {
  method: string;
  status: number;
  body: unknown;
}

/** Whether a held permission lets its participant publish a microphone now. */
export function mayPublishMicrophone(p: DoublePermission): boolean {
  return p.canPublish && (p.canPublishSources.length === 0 || p.canPublishSources.includes('MICROPHONE'));
}

export class LiveKitDouble {
  readonly calls: DoubleCall[] = [];
  /** Every permission any participant ever held (at join and after each update), in order. */
  readonly permissionLog: { room: string; identity: string; permission: DoublePermission }[] = [];
  private readonly rooms = new Map<string, Map<string, DoubleParticipant>>();
  private readonly verifier: TokenVerifier;
  private failures: { status: number; code: string }[] = [];
  private delays: number[] = [];
  private sids = 0;

  private constructor(
    private readonly server: Server,
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {
    this.verifier = new TokenVerifier(apiKey, apiSecret);
  }

  static async start(apiKey = 'devkey', apiSecret = 'rahasia-livekit-untuk-uji-yang-cukup-panjang'): Promise<LiveKitDouble> {
    let double: LiveKitDouble | null = null;
    const server = createServer((req, res) => void double!.handle(req, res));
    double = new LiveKitDouble(server, apiKey, apiSecret);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What LIVEKIT_URL would be: browsers use ws(s), the server API the same host over http(s). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next `n` calls answer this error (before anything is checked or changed). */
  failNext(n: number, status = 503, code = 'unavailable'): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, code });
  }

  /** The next `n` calls wait `ms` first; a client that gives up meanwhile does not stop them from applying. */
  delayNext(n: number, ms: number): void {
    for (let i = 0; i < n; i++) this.delays.push(ms);
  }

  /** A participant connects with the given permission (LiveKit creates the room on the first join). */
  join(roomName: string, who: string, permission: Partial<DoublePermission> = {}, name = who, metadata = ''): DoubleParticipant {
    const participants = this.rooms.get(roomName) ?? new Map<string, DoubleParticipant>();
    this.rooms.set(roomName, participants);
    const participant: DoubleParticipant = {
      sid: `PA_${++this.sids}`,
      identity: who,
      name,
      metadata,
      joinedAtMs: Date.now(),
      permission: { ...fullPermission({}), canSubscribe: true, canPublish: true, canPublishData: true, ...permission },
    };
    // A second connection under one identity replaces the first, as in LiveKit.
    participants.set(who, participant);
    this.permissionLog.push({ room: roomName, identity: who, permission: participant.permission });
    return participant;
  }

  /** Connects the way a browser does: the token is checked, and its grant becomes the permission. */
  async joinWithToken(token: string): Promise<DoubleParticipant> {
    const claims = await this.verifier.verify(token);
    const video = claims.video;
    if (!video?.roomJoin || !video.room || !claims.sub) throw new Error('token cannot join a room');
    const sources = (video.canPublishSources ?? []) as unknown as string[];
    return this.join(
      video.room,
      claims.sub,
      {
        canSubscribe: video.canSubscribe ?? true,
        canPublish: video.canPublish ?? true,
        canPublishData: video.canPublishData ?? true,
        canPublishSources: sources.map((s) => s.toUpperCase() as TrackSourceName),
        hidden: video.hidden ?? false,
        canUpdateMetadata: video.canUpdateOwnMetadata ?? false,
      },
      claims.name ?? claims.sub,
      claims.metadata ?? '',
    );
  }

  leave(roomName: string, who: string): void {
    this.rooms.get(roomName)?.delete(who);
  }

  participant(roomName: string, who: string): DoubleParticipant | undefined {
    return this.rooms.get(roomName)?.get(who);
  }

  /** Identities in the room whose permission lets them publish a microphone, sorted. */
  microphones(roomName: string): string[] {
    return [...(this.rooms.get(roomName)?.values() ?? [])]
      .filter((p) => mayPublishMicrophone(p.permission))
      .map((p) => p.identity)
      .sort();
  }

  callsOf(method: MethodName): DoubleCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = /^\/twirp\/livekit\.RoomService\/([A-Za-z]+)$/.exec(req.url ?? '')?.[1] ?? '';
    let status = 200;
    let answer: unknown;
    let body: unknown = raw;
    try {
      const failure = this.failures.shift();
      const delay = this.delays.shift();
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (failure) throw new TwirpFailure(failure.status, failure.code, 'injected failure');
      if (req.method !== 'POST' || !(method in METHODS)) throw new TwirpFailure(404, 'bad_route', `no handler for ${req.method} ${req.url}`);
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new TwirpFailure(400, 'malformed', 'expected application/json');
      const spec = METHODS[method as MethodName];
      const claims = await this.authorise(req.headers.authorization);
      try {
        body = JSON.parse(raw);
      } catch {
        throw new TwirpFailure(400, 'malformed', 'body is not JSON');
      }
      const parsed = spec.body.safeParse(body);
      if (!parsed.success)
        throw new TwirpFailure(
          400,
          'malformed',
          `bad ${method} request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
        );
      const grants = claims.video ?? {};
      if (spec.grant === 'roomAdmin') {
        const target = (parsed.data as { room: string }).room;
        if (!grants.roomAdmin || !target || grants.room !== target) throw new TwirpFailure(403, 'permission_denied', `roomAdmin for room ${target} required`);
      } else if (!grants[spec.grant]) throw new TwirpFailure(403, 'permission_denied', `${spec.grant} required`);
      answer = this.apply(method as MethodName, parsed.data);
    } catch (err) {
      const failure = err instanceof TwirpFailure ? err : new TwirpFailure(500, 'internal', String(err));
      status = failure.status;
      answer = { code: failure.code, msg: failure.message };
    }
    this.calls.push({ method, status, body });
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  private async authorise(header: string | undefined): Promise<ClaimGrants> {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) throw new TwirpFailure(401, 'unauthenticated', 'no bearer token');
    try {
      // Signature (HS256 with the secret), issuer (the api key), exp required, nbf.
      return await this.verifier.verify(token, 0);
    } catch (err) {
      throw new TwirpFailure(401, 'unauthenticated', `invalid token: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private apply(method: MethodName, data: Record<string, unknown>): unknown {
    const roomOf = (name: string) => {
      const participants = this.rooms.get(name);
      if (!participants) throw new TwirpFailure(404, 'not_found', 'requested room does not exist');
      return participants;
    };
    const participantOf = (name: string, who: string) => {
      const p = roomOf(name).get(who);
      if (!p) throw new TwirpFailure(404, 'not_found', 'participant does not exist');
      return p;
    };
    const roomJson = (name: string) => ({ sid: `RM_${name}`, name, numParticipants: this.rooms.get(name)?.size ?? 0 });
    switch (method) {
      case 'CreateRoom': {
        const name = data.name as string;
        if (!this.rooms.has(name)) this.rooms.set(name, new Map());
        return roomJson(name);
      }
      case 'ListRooms': {
        const names = (data.names as string[] | undefined) ?? [];
        return { rooms: [...this.rooms.keys()].filter((n) => names.length === 0 || names.includes(n)).map(roomJson) };
      }
      case 'DeleteRoom':
        this.rooms.delete(data.room as string);
        return {};
      case 'ListParticipants':
        return { participants: [...roomOf(data.room as string).values()].map(participantJson) };
      case 'GetParticipant':
        return participantJson(participantOf(data.room as string, data.identity as string));
      case 'RemoveParticipant':
        participantOf(data.room as string, data.identity as string);
        this.rooms.get(data.room as string)!.delete(data.identity as string);
        return {};
      case 'MutePublishedTrack':
        participantOf(data.room as string, data.identity as string);
        throw new TwirpFailure(404, 'not_found', 'track is not found');
      case 'UpdateParticipant': {
        const p = participantOf(data.room as string, data.identity as string);
        const update = data as z.infer<(typeof METHODS)['UpdateParticipant']['body']>;
        if (update.permission) {
          // LiveKit replaces the whole set: whatever is left out becomes false.
          p.permission = fullPermission(update.permission);
          this.permissionLog.push({ room: update.room, identity: update.identity, permission: p.permission });
        }
        if (update.metadata !== undefined) p.metadata = update.metadata;
        if (update.name !== undefined) p.name = update.name;
        return participantJson(p);
      }
    }
  }
}
