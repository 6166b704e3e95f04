// Before anything that builds a zod schema: see shared/zod-setup.ts.
import '../shared/zod-setup';
import type { TimeZone } from '../shared/domain/time';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import type { Clock } from './clock';
import { EventBus } from './events';
import type { Logger } from './logger';
import type { Store } from './store/ports';
import { AuthService } from './services/auth-service';
import { LinkService } from './services/link-service';
import { MeetingService } from './services/meeting-service';
import { OpdService } from './services/opd-service';
import { MeetingHub } from './realtime/meeting-hub';
import { QueueService } from './services/queue-service';
import { TimeoutScheduler, type Scheduler } from './services/scheduler';
import { authRoutes } from './http/auth-routes';
import { opdRoutes } from './http/opd-routes';
import { meetingRoutes } from './http/meeting-routes';
import { queueRoutes } from './http/queue-routes';
import { errorHandler, notFoundApi, requireJson } from './http/errors';
import { sessionMiddleware } from './http/session';
import { clientBuilt, compressResponses, serveClient } from './http/static';
import { PAGES } from '../shared/protocol/api';
import { MinutesRooms } from './collab/minutes-rooms';
import { CollabServer } from './collab/collab-server';
import { MinutesService } from './services/minutes-service';
import { minutesRoutes } from './http/minutes-routes';
import { FollowUpService } from './services/follow-up-service';
import { FollowUpExport } from './services/follow-up-export';
import { followUpExportRoutes, followUpNoteRoutes, followUpRoutes } from './http/follow-up-routes';
import { MaterialService } from './services/material-service';
import { materialRoutes, materialUploadRoute } from './http/material-routes';
import { LetterheadService } from './services/letterhead-service';
import { letterheadRoutes, logoUploadRoute } from './http/letterhead-routes';
import { CalendarService } from './services/calendar-service';
import { calendarRoutes } from './http/calendar-routes';
import { SeriesService } from './services/series-service';
import { ClashService } from './services/clash-service';
import { scheduleRoutes } from './http/schedule-routes';
import { VideoService } from './video/video-service';
import type { VideoOptions } from './video/video-options';
import { livekitWebhookRoute, videoRoutes } from './http/video-routes';
import type { TrustProxy } from './config';
import { CheckInService } from './services/checkin-service';
import { checkInRoutes } from './http/checkin-routes';
import { LocalCluster, type Cluster } from './cluster/cluster';
import { claimRounds } from './cluster/periodic';
import { DrainGate } from './http/drain-gate';

export const VERSION = '0.1.0';

export interface AppOptions {
  /** The regency's zone, given to the admin's forms as the default of a new meeting or series (DEFAULT_TIME_ZONE). */
  defaultTimeZone?: TimeZone;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Key that derives personal-link tokens (kept in DATA_DIR, never in the database). */
  linkKey: Buffer;
  publicUrl: string;
  sessionTtlMs: number;
  loginRateLimit: number;
  linkRateLimit: number;
  /** Express's `trust proxy` (TRUST_PROXY): which hops' X-Forwarded-For to believe; false believes none. */
  trustProxy?: TrustProxy;
  /** Folder of the built client; null or missing serves the API only (tests, `npm run dev`). */
  clientDir: string | null;
  /** Fires timer warnings and expiries; defaults to setTimeout on the clock. */
  scheduler?: Scheduler;
  /** Town before the date under the minutes' signatures. */
  minutesCity?: string;
  /** Minutes rooms: fold the log after this many updates, unload after this long without peers. */
  minutesCompactEvery?: number;
  minutesIdleMs?: number;
  /** LiveKit (LIVEKIT_URL, key, secret); null or missing runs without video. Tests point the URL at a local double. */
  video?: VideoOptions | null;
  /** The other nodes (REDIS_URL); missing: this node alone. */
  cluster?: Cluster;
}

export interface RakorApp {
  httpServer: HttpServer;
  /** The Express app itself: tests walk its router to check every route is in their table. */
  express: express.Express;
  services: {
    auth: AuthService;
    opds: OpdService;
    meetings: MeetingService;
    links: LinkService;
    queue: QueueService;
    minutes: MinutesService;
    followUps: FollowUpService;
    video: VideoService;
    series: SeriesService;
  };
  rooms: MinutesRooms;
  hub: MeetingHub;
  /** This node among the others (LocalCluster when alone). */
  cluster: Cluster;
  /** With no admin account yet, makes and returns the one-time setup URL. */
  setupUrl(): Promise<string | null>;
  /** Listens on a port, or on an already bound server's handle (tests bind port 0 once and hand it over). */
  listen(port: number | NetServer, host?: string): Promise<number>;
  /** Drains and stops (SIGTERM): see the steps inside. Called again, it answers the same promise. */
  close(): Promise<void>;
}

/** The composition root: every dependency comes in as an argument. */
export function createApplication(opts: AppOptions): RakorApp {
  const { store, clock, logger } = opts;
  const cluster = opts.cluster ?? new LocalCluster();
  const app = express();
  const httpServer = createServer(app);
  const secure = opts.publicUrl.startsWith('https://');

  // Services emit what happened on this bus once it is stored; the edges subscribe below, and nothing calls back up.
  const bus = new EventBus(logger);
  const auth = new AuthService(store, bus, clock, opts.sessionTtlMs);
  const queue = new QueueService(store, bus, clock, opts.scheduler ?? new TimeoutScheduler(clock), logger, { shared: cluster.shared });
  const links = new LinkService(store, opts.linkKey, opts.publicUrl, clock, bus);
  const meetings = new MeetingService(store, links, bus, clock);
  const claim = claimRounds(store, cluster, clock);
  const series = new SeriesService(store, meetings, clock, logger, claim);
  const clashes = new ClashService(store);
  const opds = new OpdService(store, clock);
  const calendar = new CalendarService(store, links, opts.linkKey, opts.publicUrl, clock);
  const rooms = new MinutesRooms(store, cluster, clock, logger, {
    compactEvery: opts.minutesCompactEvery ?? 500,
    idleMs: opts.minutesIdleMs ?? 60_000,
  });
  const minutes = new MinutesService(store, bus, rooms, queue, clock, logger, opts.minutesCity ?? '');
  const followUps = new FollowUpService(store, minutes, clock, opts.publicUrl);
  const letterhead = new LetterheadService(store, clock);
  const video = new VideoService(opts.video ?? null, { store, queue, bus, clock, logger, claim });
  const materials = new MaterialService(store, meetings, queue, clock);
  const hub = new MeetingHub(httpServer, auth, meetings, queue, clock, logger, opts.publicUrl, cluster, video.configured, materials);
  const collab = new CollabServer(httpServer, auth, meetings, minutes, rooms, logger, opts.publicUrl);
  const gate = new DrainGate();

  // Every subscription, in one place. The floor moves: the sockets hear it, the minutes write the turn's section, the call follows.
  bus.on('queue.committed', ({ meetingId, events }) => {
    hub.queueEvents(meetingId, events);
    minutes.queueEvents(meetingId, events);
    video.queueEvents(meetingId, events);
    materials.queueEvents(meetingId, events).catch((err: unknown) => logger.warn({ err, meetingId }, 'clearing the paparan on screen failed'));
    cluster.publish('queue.committed', { meetingId, events: [...events] });
  });
  // The bahan rapat or the paparan on the projector changed (stored first): the meeting's screens, on every node, hear it.
  materials.publishTo({ display: (display) => hub.materialDisplay(display), changed: (meetingId) => hub.materialsChanged(meetingId) });
  // A meeting edited: its screens reload it, the queue replans before the start, the minutes header and the call follow.
  bus.on('meeting.updated', ({ meeting }) => {
    hub.meetingUpdated(meeting);
    void queue.replan(meeting);
    minutes.meetingUpdated(meeting);
    video.meetingUpdated(meeting);
  });
  bus.on('minutes.changed', ({ meetingId }) => {
    hub.minutesChanged(meetingId);
    cluster.publish('minutes.status', { meetingId });
  });
  bus.on('video.changed', ({ meetingId }) => hub.videoChanged(meetingId));
  // A revoked link, a logout or an expiry ends that session's live connections, sockets and minutes alike.
  bus.on('links.revoked', ({ linkIds }) => {
    hub.linksRevoked(linkIds);
    collab.closeLinks(linkIds);
    cluster.publish('links.revoked', { linkIds: [...linkIds] });
  });
  bus.on('sessions.ended', ({ idHashes, reason }) => {
    hub.sessionsEnded(idHashes, reason);
    collab.closeSessions(idHashes, reason);
    cluster.publish('sessions.ended', { idHashes: [...idHashes], reason });
  });
  // What another node did. The sockets everywhere already heard it through Socket.IO's adapter
  // (the hub emits to rooms); what is this node's alone follows here: its timers, its minutes sockets.
  cluster.on('queue.committed', ({ meetingId, events }) => {
    queue.remoteCommitted(meetingId, events).catch((err: unknown) => logger.warn({ err, meetingId }, 'following another node’s queue failed'));
  });
  cluster.on('links.revoked', ({ linkIds }) => collab.closeLinks(linkIds));
  cluster.on('sessions.ended', ({ idHashes, reason }) => collab.closeSessions(idHashes, reason));
  // Redis came back: what was said meanwhile may be lost; every screen here checks its seq.
  cluster.onRecovered(() => hub.resyncAll());

  app.disable('x-powered-by');
  // Rate limits key on req.ip: believe X-Forwarded-For only from the proxies configured.
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          // The browser talks to LiveKit directly (signalling over wss, and its http fallbacks).
          'connect-src': ["'self'", ...(opts.video ? livekitOrigins(opts.video.url) : [])],
          'font-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          // Only behind HTTPS: on a plain-HTTP office network, upgrading would break every request.
          'upgrade-insecure-requests': secure ? [] : null,
        },
      },
      strictTransportSecurity: secure,
    }),
  );

  app.use(gate.middleware());
  // Every answer of Express over 1 kB leaves compressed (see compressResponses); the sockets' upgrades never come here.
  app.use(compressResponses());
  // While draining, 503: a load balancer's health check takes this node out before it goes.
  app.get('/api/health', (_req, res) => {
    if (gate.draining) res.status(503).json({ status: 'draining', version: VERSION, node: cluster.nodeId });
    else res.json({ status: 'ok', version: VERSION, node: cluster.nodeId });
  });
  // Before the JSON parser: the webhook's signature covers the raw bytes, and it carries no session.
  app.use('/api', livekitWebhookRoute(video));
  // Also before it: the kop surat's logo arrives as the image's own bytes (letterhead-routes.ts says why that is safe).
  app.use('/api', logoUploadRoute(letterhead, auth));
  // Also before it: a progress note may come as a form with its file (follow-up-routes.ts guards it).
  app.use('/api', followUpNoteRoutes(followUps, meetings, auth, opts.publicUrl));
  // Also before it: an OPD's paparan comes as a form with its PDF (material-routes.ts guards it).
  app.use('/api', materialUploadRoute(materials, auth, opts.publicUrl));
  app.use('/api', express.json({ limit: '2mb' }), requireJson, sessionMiddleware(auth));
  const cookie = { secure, ttlMs: opts.sessionTtlMs };
  app.use(
    '/api',
    authRoutes(auth, {
      cookie,
      defaultTimeZone: opts.defaultTimeZone,
      loginLimit: opts.loginRateLimit,
      linkLimit: opts.linkRateLimit,
      rateLimitStore: (prefix) => cluster.rateLimitStore(prefix),
    }),
  );
  app.use('/api', opdRoutes(opds));
  app.use('/api', meetingRoutes(meetings, links, clashes));
  app.use('/api', queueRoutes(meetings, queue, clock));
  app.use('/api', checkInRoutes(new CheckInService(opts.linkKey, opts.publicUrl, meetings, queue)));
  app.use('/api', minutesRoutes(meetings, minutes, opds));
  app.use('/api', followUpRoutes(followUps, meetings));
  app.use('/api', followUpExportRoutes(new FollowUpExport(followUps, store, clock)));
  app.use('/api', materialRoutes(materials));
  app.use('/api', letterheadRoutes(letterhead));
  app.use('/api', videoRoutes(meetings, video));
  app.use('/api', calendarRoutes(meetings, calendar));
  app.use('/api', scheduleRoutes(series, clashes));
  app.use('/api', notFoundApi);
  if (opts.clientDir && clientBuilt(opts.clientDir)) serveClient(app, opts.clientDir);
  app.use(errorHandler(logger));

  let purgeTimer: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;

  /** The drain, in order; every step is bounded by what is in flight, and main.ts bounds the whole. */
  async function drainAndClose(): Promise<void> {
    if (purgeTimer) clearInterval(purgeTimer);
    // 1. Nothing new: health answers 503; new API requests, Socket.IO handshakes, minutes sockets
    // and people's queue commands are refused (`draining`, a refused transport, close code 1012).
    const requests = gate.drain();
    hub.drain();
    collab.drain();
    queue.drain();
    // 2. What was accepted finishes: requests in flight, then a series top-up (it writes meetings,
    // links and notifications), then every queue command in flight, acked once stored, and the call's own calls.
    await requests;
    await series.close();
    await queue.close();
    await video.close();
    // 3. The minutes: every socket closed with 1012, its provider reconnects by itself; the edits
    // under way and the follow-ups waiting are written; every room is flushed and folded.
    await collab.close();
    await minutes.close();
    await rooms.close();
    // 4. Socket.IO last, so every ack above reached its client: each connection ends as a lost
    // transport and socket.io-client reconnects by itself. This closes the HTTP server too.
    await hub.close();
    // Redis last of all: the adapter carried the sockets' last words to the other nodes.
    await cluster.close();
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (!httpServer.listening) return resolve();
      httpServer.close(() => resolve());
    });
  }

  return {
    httpServer,
    express: app,
    services: { auth, opds, meetings, links, queue, minutes, followUps, video, series },
    rooms,
    hub,
    cluster,
    async setupUrl() {
      const token = await auth.issueSetupToken();
      return token ? `${opts.publicUrl}${PAGES.setup}?token=${token}` : null;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        const ready = () => {
          httpServer.off('error', reject);
          queue.resumeRunning().catch((err: unknown) => logger.error({ err }, 'resuming running queues failed'));
          // Every minute: an expired session's idle sockets (a screen that sends nothing) close soon after.
          purgeTimer = setInterval(() => {
            claim('sessions.purge', 60_000)
              .then((mine) => (mine ? auth.purgeExpired() : undefined))
              .catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
          }, 60_000);
          purgeTimer.unref();
          video.start();
          series.start();
          resolve((httpServer.address() as AddressInfo).port);
        };
        if (typeof port === 'number') httpServer.listen(port, host, ready);
        else httpServer.listen(port, ready);
      });
    },
    close() {
      closing ??= drainAndClose();
      return closing;
    },
  };
}

/** The LiveKit server as CSP sources: its ws(s) and http(s) origins. */
function livekitOrigins(url: string): string[] {
  const origin = new URL(url);
  const secure = origin.protocol === 'wss:' || origin.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${origin.host}`, `${secure ? 'https' : 'http'}://${origin.host}`];
}
