import type { Express } from 'express';
import { must } from './at';

/**
 * Every REST route of the app, in one table: the fuzz test sends each of them random and
 * valid-shaped requests, the authorisation matrix names each of them in at least one row.
 * `appRoutes` walks the Express router, so a route added to the app and not here fails a test.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** Express pattern, with `:param` path parameters. */
  path: string;
  /** As the router walk spells it, when it differs from `path` (a RegExp route). */
  walked?: string;
  /** The route takes a JSON body. */
  body?: boolean;
  /** Query keys it reads. */
  query?: readonly string[];
  /** Relative cost (rendering a PDF, scrypt): the fuzz picks costly routes less often. */
  cost?: number;
}

export const EXPORT_ROUTE_REGEX = /^\/meetings\/([^/]+)\/minutes\.(docx|pdf|md)$/;
export const VERSION_EXPORT_ROUTE_REGEX = /^\/meetings\/([^/]+)\/minutes\/versions\/(\d+)\.(docx|pdf|md)$/;

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'POST', path: '/api/livekit/webhook', body: true },
  { method: 'GET', path: '/api/auth/session' },
  { method: 'POST', path: '/api/auth/setup', body: true, cost: 20 },
  { method: 'POST', path: '/api/auth/login', body: true, cost: 20 },
  { method: 'POST', path: '/api/auth/logout' },
  { method: 'POST', path: '/api/links/exchange', body: true },
  { method: 'GET', path: '/api/opds', query: ['q', 'group', 'includeArchived'] },
  { method: 'GET', path: '/api/opds/groups' },
  { method: 'POST', path: '/api/opds', body: true },
  { method: 'PUT', path: '/api/opds/order', body: true },
  { method: 'PATCH', path: '/api/opds/:id', body: true },
  { method: 'POST', path: '/api/opds/:id/archive' },
  { method: 'POST', path: '/api/opds/:id/restore' },
  { method: 'POST', path: '/api/opds/import/preview', body: true, cost: 2 },
  { method: 'POST', path: '/api/opds/import/apply', body: true, cost: 2 },
  { method: 'GET', path: '/api/meetings' },
  { method: 'POST', path: '/api/meetings', body: true, cost: 2 },
  { method: 'POST', path: '/api/meetings/clashes', body: true },
  { method: 'GET', path: '/api/meetings/:id' },
  { method: 'PUT', path: '/api/meetings/:id', body: true, cost: 2 },
  { method: 'POST', path: '/api/meetings/:id/copy', body: true, cost: 2 },
  { method: 'PUT', path: '/api/meetings/:id/order', body: true },
  { method: 'GET', path: '/api/meetings/:id/links', cost: 3 },
  { method: 'GET', path: '/api/meetings/:id/links.csv', cost: 2 },
  { method: 'POST', path: '/api/meetings/:id/links/:linkId/revoke' },
  { method: 'POST', path: '/api/meetings/:id/links/:linkId/reissue' },
  { method: 'GET', path: '/api/meetings/:id/queue' },
  { method: 'GET', path: '/api/meetings/:id/statistics.csv' },
  { method: 'GET', path: '/api/meetings/:id/time-report.pdf', cost: 3 },
  { method: 'GET', path: '/api/meetings/:id/attendance.csv' },
  { method: 'GET', path: '/api/meetings/:id/minutes/status' },
  { method: 'POST', path: '/api/meetings/:id/minutes/finalize' },
  { method: 'POST', path: '/api/meetings/:id/minutes/reopen' },
  { method: 'GET', path: '/api/meetings/:id/follow-ups' },
  { method: 'GET', path: '/api/follow-ups', query: ['opdId', 'seriesId', 'status', 'overdue'] },
  { method: 'GET', path: '/api/follow-ups.xlsx', query: ['opdId', 'seriesId', 'status', 'overdue'], cost: 5 },
  { method: 'GET', path: '/api/follow-ups.csv', query: ['opdId', 'seriesId', 'status', 'overdue', 'view'] },
  { method: 'GET', path: '/api/follow-ups/:meetingId/:followUpId' },
  { method: 'PATCH', path: '/api/follow-ups/:meetingId/:followUpId', body: true },
  { method: 'POST', path: '/api/follow-ups/:meetingId/:followUpId/notes', body: true },
  { method: 'GET', path: '/api/follow-ups/:meetingId/:followUpId/notes/:noteId/file' },
  { method: 'GET', path: '/api/meetings/:id/my-follow-ups' },
  { method: 'GET', path: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId' },
  { method: 'POST', path: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId/notes', body: true },
  { method: 'GET', path: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId/notes/:noteId/file' },
  { method: 'GET', path: '/api/opd-page/:token' },
  { method: 'GET', path: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId' },
  { method: 'POST', path: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId/notes', body: true },
  { method: 'GET', path: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId/notes/:noteId/file' },
  { method: 'GET', path: '/api/meetings/:id/previous-follow-ups' },
  { method: 'POST', path: '/api/meetings/:id/previous-follow-ups/review', body: true },
  { method: 'POST', path: '/api/meetings/:id/materials', body: true, cost: 2 },
  { method: 'GET', path: '/api/meetings/:id/materials' },
  { method: 'GET', path: '/api/meetings/:id/materials/:participantId/file' },
  { method: 'DELETE', path: '/api/meetings/:id/materials/:participantId' },
  { method: 'GET', path: '/api/meetings/:id/material-display' },
  { method: 'GET', path: '/api/opds/:id/page-link' },
  { method: 'POST', path: '/api/opds/:id/page-link' },
  { method: 'DELETE', path: '/api/opds/:id/page-link' },
  { method: 'GET', path: '/api/meetings/:id/directory' },
  { method: 'GET', path: '/api/meetings/:id/minutes.:format', walked: `GET /api${EXPORT_ROUTE_REGEX}`, cost: 6 },
  { method: 'GET', path: '/api/meetings/:id/minutes/versions' },
  { method: 'GET', path: '/api/meetings/:id/minutes/versions/:version/diff', cost: 4 },
  { method: 'GET', path: '/api/meetings/:id/minutes/versions/:version.:format', walked: `GET /api${VERSION_EXPORT_ROUTE_REGEX}`, cost: 6 },
  { method: 'GET', path: '/api/settings/letterhead' },
  { method: 'PUT', path: '/api/settings/letterhead', body: true },
  { method: 'PUT', path: '/api/settings/letterhead/logo', body: true, cost: 2 },
  { method: 'GET', path: '/api/settings/letterhead/logo' },
  { method: 'DELETE', path: '/api/settings/letterhead/logo' },
  { method: 'GET', path: '/api/meetings/:id/video' },
  { method: 'POST', path: '/api/meetings/:id/video/token' },
  { method: 'POST', path: '/api/meetings/:id/video/room-token' },
  { method: 'GET', path: '/api/meetings/:id/invite.ics', query: ['participant'] },
  { method: 'GET', path: '/api/meetings/:id/upcoming', query: ['participant'] },
  { method: 'GET', path: '/api/feeds/opd' },
  { method: 'GET', path: '/api/feeds/opd/:opdId/calendar.ics', query: ['token'] },
  { method: 'GET', path: '/api/series/:id/feed' },
  { method: 'GET', path: '/api/feeds/series/:seriesId/calendar.ics', query: ['token'] },
  { method: 'GET', path: '/api/series' },
  { method: 'POST', path: '/api/series/preview', body: true, query: ['seriesId'], cost: 3 },
  { method: 'POST', path: '/api/series', body: true, cost: 3 },
  { method: 'GET', path: '/api/series/:id' },
  { method: 'PUT', path: '/api/series/:id', body: true, cost: 3 },
  { method: 'POST', path: '/api/series/:id/archive' },
  { method: 'GET', path: '/api/holidays' },
  { method: 'POST', path: '/api/holidays', body: true, cost: 2 },
  { method: 'DELETE', path: '/api/holidays/:date', cost: 2 },
  { method: 'POST', path: '/api/meetings/:id/cancel' },
  { method: 'GET', path: '/api/calendar', query: ['from', 'to', 'group', 'opdId'] },
  { method: 'GET', path: '/api/meetings/:id/checkin-code', cost: 2 },
  { method: 'GET', path: '/api/meetings/:id/checkin', query: ['token'] },
  { method: 'POST', path: '/api/meetings/:id/checkin', body: true },
];

/** `METHOD /path` as the table and the router walk both spell it. */
export const routeKey = (r: RouteSpec): string => r.walked ?? `${r.method} ${r.path}`;

export const paramsOf = (r: RouteSpec): string[] => [...r.path.matchAll(/:(\w+)/g)].map((m) => must(m[1], `a param name in ${r.path}`));

/** Fills `:params` with already-encoded segments. */
export function fillPath(r: RouteSpec, segments: Record<string, string>): string {
  return r.path.replace(/:(\w+)/g, (_, name: string) => segments[name] ?? 'x');
}

interface WalkLayer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: WalkLayer[] };
}

/** Every `METHOD /path` the Express app answers, walked from its router stack (Express 5). */
export function appRoutes(app: Express): string[] {
  const out: string[] = [];
  const spell = (p: unknown) => (p instanceof RegExp ? String(p) : typeof p === 'string' ? p : '');
  const walk = (stack: WalkLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.push(`${method.toUpperCase()} ${prefix}${spell(layer.route.path)}`);
        }
      } else if (layer.handle?.stack) {
        const mount = spell(layer.rawPath);
        walk(layer.handle.stack, mount === '/' ? prefix : `${prefix}${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: WalkLayer[] } }).router.stack, '');
  return out;
}
