import { SCREEN_API } from '../../shared/protocol/api-screens';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingInputOf } from '../../shared/domain/meeting/input';
import { nextWaiting } from '../../shared/domain/speaking-queue/decide';
import type { Actor } from '../../shared/domain/roles/roles';
import { API } from '../../shared/protocol/api';
import { FOLLOW_UP_API } from '../../shared/protocol/follow-ups';
import { MATERIAL_API } from '../../shared/protocol/materials';
import { PROTOCOL_VERSION, type Ack, type QueueCommandInput, type QueueEvent, type QueueState, type Series } from '../../shared/protocol';
import { opdInput, meetingInput } from '../factories';
import { ROUTES, routeKey, type RouteSpec } from '../helpers/api-routes';
import { signWebhook, webhookBody } from '../helpers/livekit-webhook';
import { LiveKitDouble } from '../helpers/livekit-double';
import { connectSocket, emitAck, waitForConnect, type TestSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { eventually } from '../helpers/wait';
import { adminLogin, buildWorld, exchange, expiredAdminCookie, linkOf, tokenOf, type World } from '../helpers/world';
import { match } from '../helpers/match';
import { at, get } from '../helpers/at';

/**
 * The authorisation matrix: every REST route and every socket command against every kind of
 * caller, from one table. A column is a caller; a cell is what it must get: 'ok' (2xx, or an
 * accepted command), or the status of the refusal. Refused socket commands are also fenced: the
 * chair's next accepted command is the first thing a watcher hears after them.
 */
const COLUMNS = [
  'admin',
  'chair',
  'notulis',
  'projector',
  'observer',
  'inRoom',
  'remote',
  'otherChair',
  'otherParticipant',
  'revoked',
  'expired',
  'loggedOut',
  'none',
] as const;
type Column = (typeof COLUMNS)[number];
type Outcome = 'ok' | 400 | 401 | 403 | 404 | 409 | 410 | 415;
type Cells = Record<Column, Outcome>;

const DEAD: Column[] = ['revoked', 'expired', 'loggedOut', 'none'];
const A_LINKS: Column[] = ['chair', 'notulis', 'projector', 'observer', 'inRoom', 'remote'];
const OTHER: Column[] = ['otherChair', 'otherParticipant'];

/** Cells from the columns allowed; every other live session gets `refused`, dead ones 401. */
function cells(allowed: Column[], refused: Outcome = 403, overrides: Partial<Cells> = {}): Cells {
  const out = {} as Cells;
  for (const c of COLUMNS) out[c] = DEAD.includes(c) ? 401 : allowed.includes(c) ? 'ok' : refused;
  return { ...out, ...overrides };
}
const everyone = (o: Outcome): Cells => Object.fromEntries(COLUMNS.map((c) => [c, o])) as Cells;
const ADMIN_ONLY = cells(['admin']);
const READERS = cells(['admin', ...A_LINKS]);
const REPORTERS = cells(['admin', 'chair', 'notulis']);
const CHAIRS = cells(['admin', 'chair']);

interface Ctx {
  t: TestApp;
  w: World;
  cookie(c: Column): string;
  /** A session of the column's kind for this one request (logout ends it). */
  freshCookie(c: Column): Promise<string>;
  queue(): Promise<QueueState>;
  /** Gives a command as the admin through the service, to set the stage. */
  stage(command: QueueCommandInput, actor?: Actor): Promise<void>;
  n: number;
  createdSeries?: string;
  createdHoliday?: string;
}

interface RestRow {
  id: string;
  method: RouteSpec['method'];
  route: string;
  what: string;
  expect: Cells;
  path: (ctx: Ctx, c: Column) => string | Promise<string>;
  body?: (ctx: Ctx, c: Column) => unknown;
  /** Run before each cell expected ok. */
  prepare?: (ctx: Ctx) => Promise<void>;
  fresh?: boolean;
}

const A = (ctx: Ctx) => ctx.w.a.id;
const seriesInput = async (ctx: Ctx) => {
  const s = (await ctx.t.app.services.series.get(ctx.w.series.id)) as unknown as Series & Record<string, unknown>;
  const { id: _id, archived: _a, createdAt: _c, updatedAt: _u, occurrences: _o, ...input } = s;
  return input;
};

// One row per route, one line per row: the table is read across, as a matrix, so Prettier leaves it be.
// prettier-ignore
const REST: RestRow[] = [
  { id: 'C3', method: 'GET', route: '/api/health', what: 'health', expect: everyone('ok'), path: () => API.health },
  { id: 'V8', method: 'POST', route: '/api/livekit/webhook', what: 'an unsigned webhook', expect: everyone(401), path: () => API.livekitWebhook, body: () => ({ event: 'room_started' }) },
  {
    id: 'V8',
    method: 'POST',
    route: '/api/livekit/webhook',
    what: 'a webhook signed as LiveKit signs it',
    expect: everyone('ok'),
    path: () => API.livekitWebhook,
    body: (ctx) => webhookBody({ event: 'room_started', room: `rakor-${ctx.w.a.id}`, id: `EV_${++ctx.n}`, createdAtS: Math.floor(Date.now() / 1000) }),
  },
  { id: 'A3', method: 'GET', route: '/api/auth/session', what: 'the session state', expect: everyone('ok'), path: () => API.session },
  { id: 'A1', method: 'POST', route: '/api/auth/setup', what: 'setup once an admin exists', expect: everyone(400), path: () => API.setup, body: () => ({ token: 'x'.repeat(43), username: 'other', password: 'kata-sandi-123456' }) },
  { id: 'A2', method: 'POST', route: '/api/auth/login', what: 'a wrong password', expect: everyone(401), path: () => API.login, body: () => ({ username: 'sekretariat', password: 'salah-sekali' }) },
  { id: 'A3', method: 'POST', route: '/api/auth/logout', what: 'logout (of a fresh session of each kind)', expect: everyone('ok'), path: () => API.logout, fresh: true },
  { id: 'A6', method: 'POST', route: '/api/links/exchange', what: 'a valid link, whoever opens it', expect: everyone('ok'), path: () => API.linkExchange, body: (ctx) => ({ token: tokenOf(linkOf(ctx.w.c, ctx.w.links.c, 'observer')) }) },
  { id: 'A7', method: 'POST', route: '/api/links/exchange', what: 'a revoked link', expect: everyone(410), path: () => API.linkExchange, body: (ctx) => ({ token: tokenOf(ctx.w.links.a.find((l) => l.participantId === at(ctx.w.a.participants, 2, 'participant').id)!) }) },
  { id: 'A7', method: 'POST', route: '/api/links/exchange', what: 'an unknown link', expect: everyone(404), path: () => API.linkExchange, body: () => ({ token: 'tidak-dikenal-sama-sekali' }) },
  { id: 'A9 D1', method: 'GET', route: '/api/opds', what: 'the directory', expect: ADMIN_ONLY, path: () => API.opds },
  { id: 'A9 D1', method: 'GET', route: '/api/opds/groups', what: 'the groups', expect: ADMIN_ONLY, path: () => API.opdGroups },
  { id: 'A9 D1', method: 'POST', route: '/api/opds', what: 'add an OPD', expect: ADMIN_ONLY, path: () => API.opds, body: (ctx) => opdInput(`M${++ctx.n}`) },
  {
    id: 'A9 D1',
    method: 'PUT',
    route: '/api/opds/order',
    what: 'reorder a group',
    expect: ADMIN_ONLY,
    path: () => `${API.opds}/order`,
    body: (ctx) => ({ group: 'Camat', opdIds: ctx.w.opds.filter((o) => o.group === 'Camat').map((o) => o.id) }),
  },
  { id: 'A9 D1', method: 'PATCH', route: '/api/opds/:id', what: 'edit an OPD', expect: ADMIN_ONLY, path: (ctx) => API.opd(at(ctx.w.opds, 8, 'OPD').id), body: () => ({ headName: 'Kepala Baru' }) },
  { id: 'A9 D2', method: 'POST', route: '/api/opds/:id/archive', what: 'archive an OPD', expect: ADMIN_ONLY, path: (ctx) => API.opdArchive(at(ctx.w.opds, 8, 'OPD').id) },
  { id: 'A9 D2', method: 'POST', route: '/api/opds/:id/restore', what: 'restore an OPD', expect: ADMIN_ONLY, path: (ctx) => API.opdRestore(at(ctx.w.opds, 8, 'OPD').id) },
  { id: 'A9 D3', method: 'POST', route: '/api/opds/import/preview', what: 'preview an import', expect: ADMIN_ONLY, path: () => API.opdImportPreview, body: (ctx) => ({ csv: `name,short_name,kind,group,head_name,head_title\nDinas P${++ctx.n},P${ctx.n},dinas,Asisten II,,\n` }) },
  { id: 'A9 D4', method: 'POST', route: '/api/opds/import/apply', what: 'apply an import', expect: ADMIN_ONLY, path: () => API.opdImportApply, body: (ctx) => ({ csv: `name,short_name,kind,group,head_name,head_title\nDinas Q${++ctx.n},Q${ctx.n},dinas,Asisten II,,\n` }) },
  { id: 'A9', method: 'GET', route: '/api/meetings', what: 'the meeting list', expect: ADMIN_ONLY, path: () => API.meetings },
  { id: 'A9 S1', method: 'POST', route: '/api/meetings', what: 'plan a meeting', expect: ADMIN_ONLY, path: () => API.meetings, body: (ctx) => meetingInput(ctx.w.opds.slice(0, 2), { title: `Rapat ${++ctx.n}` }) },
  { id: 'A9 CW5', method: 'POST', route: '/api/meetings/clashes', what: 'check a draft for clashes', expect: ADMIN_ONLY, path: () => SCREEN_API.meetingClashes, body: (ctx) => ({ ...meetingInput(ctx.w.opds.slice(0, 2)), meetingId: A(ctx) }) },
  { id: 'A6', method: 'GET', route: '/api/meetings/:id', what: 'meeting A', expect: READERS, path: (ctx) => API.meeting(A(ctx)) },
  { id: 'A6', method: 'GET', route: '/api/meetings/:id', what: 'a meeting that does not exist', expect: cells([], 403, { admin: 404 }), path: () => API.meeting('tidak-ada') },
  { id: 'A9 S3', method: 'PUT', route: '/api/meetings/:id', what: 'edit meeting A', expect: ADMIN_ONLY, path: (ctx) => API.meeting(A(ctx)), body: (ctx) => meetingInputOf(ctx.w.a) },
  { id: 'A9 S5', method: 'POST', route: '/api/meetings/:id/copy', what: 'copy meeting A', expect: ADMIN_ONLY, path: (ctx) => API.meetingCopy(A(ctx)), body: () => ({}) },
  { id: 'A9 S4', method: 'PUT', route: '/api/meetings/:id/order', what: 'reorder meeting A', expect: ADMIN_ONLY, path: (ctx) => API.meetingOrder(A(ctx)), body: (ctx) => ({ participantIds: ctx.w.a.participants.map((p) => p.id) }) },
  { id: 'A9 A5', method: 'GET', route: '/api/meetings/:id/links', what: 'the links of A', expect: ADMIN_ONLY, path: (ctx) => API.meetingLinks(A(ctx)) },
  { id: 'A9 I2', method: 'GET', route: '/api/meetings/:id/links.csv', what: 'links.csv of A', expect: ADMIN_ONLY, path: (ctx) => API.meetingLinksCsv(A(ctx)) },
  {
    id: 'A9 A7',
    method: 'POST',
    route: '/api/meetings/:id/links/:linkId/revoke',
    what: 'revoke a link',
    expect: ADMIN_ONLY,
    path: (ctx, c) => (c === 'admin' ? API.linkRevoke(ctx.w.c.id, linkOf(ctx.w.c, ctx.w.links.c, 'projector').id) : API.linkRevoke(A(ctx), linkOf(ctx.w.a, ctx.w.links.a, 'notulis', 1).id)),
  },
  {
    id: 'A9 A8',
    method: 'POST',
    route: '/api/meetings/:id/links/:linkId/reissue',
    what: 'reissue a link',
    expect: ADMIN_ONLY,
    path: (ctx, c) => (c === 'admin' ? API.linkReissue(ctx.w.c.id, linkOf(ctx.w.c, ctx.w.links.c, 'notulis').id) : API.linkReissue(A(ctx), linkOf(ctx.w.a, ctx.w.links.a, 'notulis', 1).id)),
  },
  { id: 'A6 R3', method: 'GET', route: '/api/meetings/:id/queue', what: 'the queue of A', expect: READERS, path: (ctx) => API.meetingQueue(A(ctx)) },
  { id: 'A6 P3', method: 'GET', route: '/api/meetings/:id/statistics.csv', what: 'statistics.csv', expect: REPORTERS, path: (ctx) => API.meetingStatisticsCsv(A(ctx)) },
  { id: 'A6 TR3', method: 'GET', route: '/api/meetings/:id/time-report.pdf', what: 'time-report.pdf', expect: REPORTERS, path: (ctx) => SCREEN_API.meetingTimeReportPdf(A(ctx)) },
  { id: 'A6 Q9', method: 'GET', route: '/api/meetings/:id/attendance.csv', what: 'attendance.csv', expect: REPORTERS, path: (ctx) => API.meetingAttendanceCsv(A(ctx)) },
  { id: 'A6 M5', method: 'GET', route: '/api/meetings/:id/minutes/status', what: 'the minutes status', expect: READERS, path: (ctx) => API.minutesStatus(A(ctx)) },
  {
    id: 'M5',
    method: 'POST',
    route: '/api/meetings/:id/minutes/finalize',
    what: 'finalise the minutes',
    expect: REPORTERS,
    path: (ctx) => API.minutesFinalize(A(ctx)),
    prepare: async (ctx) => {
      if ((await ctx.t.store.minutes.status(A(ctx)))?.finalizedAt) await reopen(ctx);
    },
  },
  {
    id: 'M5',
    method: 'POST',
    route: '/api/meetings/:id/minutes/reopen',
    what: 'reopen the minutes',
    expect: ADMIN_ONLY,
    path: (ctx) => API.minutesReopen(A(ctx)),
    prepare: async (ctx) => {
      if (!(await ctx.t.store.minutes.status(A(ctx)))?.finalizedAt) await ctx.t.app.services.minutes.finalize(A(ctx), await adminSession(ctx));
    },
  },
  { id: 'A6 M6', method: 'GET', route: '/api/meetings/:id/follow-ups', what: 'the follow-ups', expect: READERS, path: (ctx) => API.followUps(A(ctx)) },
  { id: 'A9 FT4', method: 'GET', route: '/api/follow-ups', what: 'every follow-up', expect: ADMIN_ONLY, path: () => FOLLOW_UP_API.list },
  { id: 'A9 FD3', method: 'GET', route: '/api/follow-ups.xlsx', what: 'the follow-ups as XLSX', expect: ADMIN_ONLY, path: () => FOLLOW_UP_API.xlsx({ status: ['open'] }) },
  { id: 'A9 FD4', method: 'GET', route: '/api/follow-ups.csv', what: 'the follow-ups as CSV', expect: ADMIN_ONLY, path: () => FOLLOW_UP_API.csv({ overdue: true }) },
  { id: 'A9 FD4', method: 'GET', route: '/api/follow-ups.csv', what: 'the per-OPD recap as CSV', expect: ADMIN_ONLY, path: () => FOLLOW_UP_API.csv({}, 'recap') },
  { id: 'A9 FT4', method: 'GET', route: '/api/follow-ups/:meetingId/:followUpId', what: 'an item (none such)', expect: cells([], 403, { admin: 404 }), path: (ctx) => FOLLOW_UP_API.item(FOLLOW_UP_API.staffBase, A(ctx), 'tidak-ada') },
  { id: 'A9 FT4', method: 'PATCH', route: '/api/follow-ups/:meetingId/:followUpId', what: 'edit an item (none such)', expect: cells([], 403, { admin: 404 }), path: (ctx) => FOLLOW_UP_API.item(FOLLOW_UP_API.staffBase, A(ctx), 'tidak-ada'), body: () => ({ status: 'done' }) },
  { id: 'A9 FT4', method: 'POST', route: '/api/follow-ups/:meetingId/:followUpId/notes', what: 'a note on an item (none such)', expect: cells([], 403, { admin: 404 }), path: (ctx) => FOLLOW_UP_API.notes(FOLLOW_UP_API.staffBase, A(ctx), 'tidak-ada'), body: () => ({ text: 'x' }) },
  { id: 'A9 FT4', method: 'GET', route: '/api/follow-ups/:meetingId/:followUpId/notes/:noteId/file', what: 'a note\'s file (none such)', expect: cells([], 403, { admin: 404 }), path: (ctx) => FOLLOW_UP_API.noteFile(FOLLOW_UP_API.staffBase, A(ctx), 'tidak-ada', 'n') },
  { id: 'A6 FT4', method: 'GET', route: '/api/meetings/:id/my-follow-ups', what: 'a participant\'s own items', expect: cells(['inRoom', 'remote']), path: (ctx) => FOLLOW_UP_API.participantBase(A(ctx)) },
  { id: 'A6 FT4', method: 'GET', route: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId', what: 'an item not its own', expect: cells([], 403, { inRoom: 404, remote: 404 }), path: (ctx) => FOLLOW_UP_API.item(FOLLOW_UP_API.participantBase(A(ctx)), A(ctx), 'tidak-ada') },
  { id: 'A6 FT4', method: 'POST', route: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId/notes', what: 'a note on an item not its own', expect: cells([], 403, { inRoom: 404, remote: 404 }), path: (ctx) => FOLLOW_UP_API.notes(FOLLOW_UP_API.participantBase(A(ctx)), A(ctx), 'tidak-ada'), body: () => ({ text: 'x' }) },
  { id: 'A6 FT4', method: 'GET', route: '/api/meetings/:id/my-follow-ups/:meetingId/:followUpId/notes/:noteId/file', what: 'a file not its own', expect: cells([], 403, { inRoom: 404, remote: 404 }), path: (ctx) => FOLLOW_UP_API.noteFile(FOLLOW_UP_API.participantBase(A(ctx)), A(ctx), 'tidak-ada', 'n') },
  { id: 'A7 FT4', method: 'GET', route: '/api/opd-page/:token', what: 'an OPD page of an unknown token', expect: everyone(410), path: () => FOLLOW_UP_API.page('x'.repeat(43)) },
  { id: 'A7 FT4', method: 'GET', route: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId', what: 'an item through an unknown token', expect: everyone(410), path: (ctx) => FOLLOW_UP_API.item(FOLLOW_UP_API.pageBase('x'.repeat(43)), A(ctx), 'p') },
  { id: 'A7 FT4', method: 'POST', route: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId/notes', what: 'a note through an unknown token', expect: everyone(410), path: (ctx) => FOLLOW_UP_API.notes(FOLLOW_UP_API.pageBase('x'.repeat(43)), A(ctx), 'p'), body: () => ({ text: 'x' }) },
  { id: 'A7 FT4', method: 'GET', route: '/api/opd-page/:token/follow-ups/:meetingId/:followUpId/notes/:noteId/file', what: 'a file through an unknown token', expect: everyone(410), path: (ctx) => FOLLOW_UP_API.noteFile(FOLLOW_UP_API.pageBase('x'.repeat(43)), A(ctx), 'p', 'n') },
  { id: 'A6 FT3', method: 'GET', route: '/api/meetings/:id/previous-follow-ups', what: 'the earlier meetings\' items', expect: cells(['admin', 'chair', 'notulis', 'projector']), path: (ctx) => FOLLOW_UP_API.previous(A(ctx)) },
  { id: 'A6 FT3', method: 'POST', route: '/api/meetings/:id/previous-follow-ups/review', what: 'close an item not listed', expect: cells([], 403, { admin: 404, chair: 404 }), path: (ctx) => FOLLOW_UP_API.review(A(ctx)), body: () => ({ fromMeetingId: 'x', followUpId: 'y', decision: 'closed' }) },
  // The matrix sends JSON: the upload takes a form only (415), after the role check (403).
  { id: 'A6 BR4', method: 'POST', route: '/api/meetings/:id/materials', what: 'a paparan sent as JSON', expect: cells([], 403, { admin: 415, inRoom: 415, remote: 415 }), path: (ctx) => MATERIAL_API.list(A(ctx)) },
  { id: 'A6 BR3', method: 'GET', route: '/api/meetings/:id/materials', what: 'the bahan rapat (a participant: its own)', expect: cells(['admin', 'chair', 'notulis', 'projector', 'inRoom', 'remote']), path: (ctx) => MATERIAL_API.list(A(ctx)) },
  { id: 'A6 BR3', method: 'GET', route: '/api/meetings/:id/materials/:participantId/file', what: 'the in-room OPD\'s paparan', expect: cells(['admin', 'chair', 'notulis', 'projector', 'inRoom']), path: (ctx) => MATERIAL_API.file(A(ctx), at(ctx.w.a.participants, 0, 'participant').id), prepare: uploadPaparan },
  { id: 'A6 BR3', method: 'DELETE', route: '/api/meetings/:id/materials/:participantId', what: 'delete the in-room OPD\'s paparan', expect: cells(['admin', 'inRoom']), path: (ctx) => MATERIAL_API.one(A(ctx), at(ctx.w.a.participants, 0, 'participant').id), prepare: uploadPaparan },
  { id: 'A6 BR5', method: 'GET', route: '/api/meetings/:id/material-display', what: 'the paparan on the projector', expect: READERS, path: (ctx) => MATERIAL_API.display(A(ctx)) },
  { id: 'A9 FT4', method: 'GET', route: '/api/opds/:id/page-link', what: 'an OPD\'s page link', expect: ADMIN_ONLY, path: (ctx) => FOLLOW_UP_API.pageLink(at(ctx.w.opds, 7, 'OPD').id) },
  { id: 'A9 FT4', method: 'POST', route: '/api/opds/:id/page-link', what: 'a new OPD page link', expect: ADMIN_ONLY, path: (ctx) => FOLLOW_UP_API.pageLink(at(ctx.w.opds, 7, 'OPD').id) },
  { id: 'A9 FT4', method: 'DELETE', route: '/api/opds/:id/page-link', what: 'revoke an OPD page link', expect: ADMIN_ONLY, path: (ctx) => FOLLOW_UP_API.pageLink(at(ctx.w.opds, 7, 'OPD').id) },
  { id: 'A6 M6', method: 'GET', route: '/api/meetings/:id/directory', what: 'the follow-up picker', expect: READERS, path: (ctx) => API.meetingDirectory(A(ctx)) },
  { id: 'A6 M7', method: 'GET', route: '/api/meetings/:id/minutes.:format', what: 'minutes.md', expect: READERS, path: (ctx) => API.minutesExport(A(ctx), 'md') },
  { id: 'A6 M7', method: 'GET', route: '/api/meetings/:id/minutes.:format', what: 'minutes.docx', expect: READERS, path: (ctx) => API.minutesExport(A(ctx), 'docx') },
  { id: 'A6 M7', method: 'GET', route: '/api/meetings/:id/minutes.:format', what: 'minutes.pdf', expect: READERS, path: (ctx) => API.minutesExport(A(ctx), 'pdf') },
  { id: 'A6 OD4', method: 'GET', route: '/api/meetings/:id/minutes/versions', what: 'the finalised versions', expect: READERS, path: (ctx) => SCREEN_API.minutesVersions(A(ctx)) },
  { id: 'A6 OD4', method: 'GET', route: '/api/meetings/:id/minutes/versions/:version.:format', what: 'version 1 as PDF', expect: READERS, path: (ctx) => SCREEN_API.minutesVersionExport(A(ctx), 1, 'pdf'), prepare: (ctx) => versionsAtLeast(ctx, 1) },
  { id: 'A6 OD5', method: 'GET', route: '/api/meetings/:id/minutes/versions/:version/diff', what: 'what changed in version 2', expect: READERS, path: (ctx) => SCREEN_API.minutesVersionDiff(A(ctx), 2), prepare: (ctx) => versionsAtLeast(ctx, 2) },
  { id: 'A9 OD1', method: 'GET', route: '/api/settings/letterhead', what: 'the kop surat', expect: ADMIN_ONLY, path: () => SCREEN_API.letterhead },
  { id: 'A9 OD1', method: 'PUT', route: '/api/settings/letterhead', what: 'save the kop surat', expect: ADMIN_ONLY, path: () => SCREEN_API.letterhead, body: () => ({ government: 'PEMERINTAH KABUPATEN KUTAI TIMUR', numberingPattern: '{no:3}/NOT-RAKOR/{tahun}' }) },
  // The matrix sends JSON: the admin is refused 415 (an image only), everyone else by role first.
  { id: 'A9 OD1', method: 'PUT', route: '/api/settings/letterhead/logo', what: 'a logo sent as JSON', expect: cells([], 403, { admin: 415 }), path: () => SCREEN_API.letterheadLogo },
  { id: 'A9 OD1', method: 'GET', route: '/api/settings/letterhead/logo', what: 'the logo image', expect: ADMIN_ONLY, path: () => SCREEN_API.letterheadLogo, prepare: uploadLogo },
  { id: 'A9 OD1', method: 'DELETE', route: '/api/settings/letterhead/logo', what: 'remove the logo', expect: ADMIN_ONLY, path: () => SCREEN_API.letterheadLogo },
  { id: 'A6 V11', method: 'GET', route: '/api/meetings/:id/video', what: 'the video status', expect: READERS, path: (ctx) => API.video(A(ctx)) },
  { id: 'V2 V3', method: 'POST', route: '/api/meetings/:id/video/token', what: 'a call token', expect: cells(['admin', 'chair', 'notulis', 'projector', 'observer', 'remote']), path: (ctx) => API.videoToken(A(ctx)) },
  { id: 'V3', method: 'POST', route: '/api/meetings/:id/video/room-token', what: 'the room feed token', expect: cells(['admin', 'chair', 'projector']), path: (ctx) => API.videoRoomToken(A(ctx)) },
  { id: 'I3', method: 'GET', route: '/api/meetings/:id/invite.ics', what: 'the meeting invitation', expect: READERS, path: (ctx) => API.meetingInviteIcs(A(ctx)) },
  { id: 'I3', method: 'GET', route: '/api/meetings/:id/invite.ics', what: "the remote participant's own invitation", expect: cells(['admin', 'remote']), path: (ctx) => API.meetingInviteIcs(A(ctx), at(ctx.w.a.participants, 1, 'participant').id) },
  {
    id: 'I6',
    method: 'GET',
    route: '/api/meetings/:id/upcoming',
    what: "an OPD's upcoming meetings",
    expect: cells(['admin', 'inRoom', 'remote']),
    path: (ctx) => `${API.meetingUpcoming(A(ctx))}?participant=${at(ctx.w.a.participants, 0, 'participant').id}`,
  },
  { id: 'I5', method: 'GET', route: '/api/feeds/opd', what: 'the feed addresses', expect: ADMIN_ONLY, path: () => API.opdFeeds },
  { id: 'I5', method: 'GET', route: '/api/feeds/opd/:opdId/calendar.ics', what: "an OPD feed with its token (no session needed)", expect: everyone('ok'), path: (ctx) => API.opdFeed(at(ctx.w.opds, 0, 'OPD').id, ctx.w.opdFeedToken) },
  { id: 'I5', method: 'GET', route: '/api/feeds/opd/:opdId/calendar.ics', what: 'an OPD feed with another OPD\'s token', expect: everyone(401), path: (ctx) => API.opdFeed(at(ctx.w.opds, 1, 'OPD').id, ctx.w.opdFeedToken) },
  { id: 'I5', method: 'GET', route: '/api/series/:id/feed', what: 'the series feed address', expect: ADMIN_ONLY, path: (ctx) => API.seriesFeed(ctx.w.series.id) },
  {
    id: 'I5',
    method: 'GET',
    route: '/api/feeds/series/:seriesId/calendar.ics',
    what: 'the series feed with its token',
    expect: everyone('ok'),
    path: (ctx) => `/api/feeds/series/${ctx.w.series.id}/calendar.ics?token=${ctx.w.seriesFeedToken}`,
  },
  { id: 'I5', method: 'GET', route: '/api/feeds/series/:seriesId/calendar.ics', what: 'the series feed with a wrong token', expect: everyone(401), path: (ctx) => `/api/feeds/series/${ctx.w.series.id}/calendar.ics?token=salah` },
  { id: 'A9 S12', method: 'GET', route: '/api/series', what: 'the series list', expect: ADMIN_ONLY, path: () => API.series },
  { id: 'A9 S12', method: 'POST', route: '/api/series/preview', what: 'a series preview', expect: ADMIN_ONLY, path: () => API.seriesPreview, body: (ctx) => seriesInput(ctx) },
  {
    id: 'A9 S12',
    method: 'POST',
    route: '/api/series',
    what: 'create a series',
    expect: ADMIN_ONLY,
    path: () => API.series,
    body: async (ctx) => ({ ...(await seriesInput(ctx)), name: `Seri ${++ctx.n}`, rotation: [{ kind: 'group', group: 'Camat' }] }),
  },
  { id: 'A9 S12', method: 'GET', route: '/api/series/:id', what: 'one series', expect: ADMIN_ONLY, path: (ctx) => API.seriesOne(ctx.w.series.id) },
  { id: 'A9 S13', method: 'PUT', route: '/api/series/:id', what: 'edit a series', expect: ADMIN_ONLY, path: (ctx) => API.seriesOne(ctx.w.series.id), body: (ctx) => seriesInput(ctx) },
  { id: 'A9 S14', method: 'POST', route: '/api/meetings/:id/cancel', what: 'cancel an occurrence', expect: ADMIN_ONLY, path: (ctx, c) => API.meetingCancel(c === 'admin' ? ctx.w.occurrenceIds.at(-1)! : A(ctx)) },
  { id: 'A9 S14', method: 'POST', route: '/api/series/:id/archive', what: 'archive a series', expect: ADMIN_ONLY, path: (ctx) => API.seriesArchive(ctx.createdSeries ?? ctx.w.series.id) },
  { id: 'A9 S10', method: 'GET', route: '/api/holidays', what: 'the holidays', expect: ADMIN_ONLY, path: () => API.holidays },
  { id: 'A9 S10', method: 'POST', route: '/api/holidays', what: 'add a holiday', expect: ADMIN_ONLY, path: () => API.holidays, body: () => ({ date: '2032-12-25', name: 'Natal' }) },
  { id: 'A9 S10', method: 'DELETE', route: '/api/holidays/:date', what: 'remove a holiday', expect: ADMIN_ONLY, path: () => API.holiday('2032-12-25') },
  { id: 'A9 S16', method: 'GET', route: '/api/calendar', what: 'the admin calendar', expect: ADMIN_ONLY, path: () => API.calendar({ from: '2022-06-01', to: '2022-07-01' }) },
  { id: 'A6', method: 'GET', route: '/api/meetings/:id/checkin-code', what: 'the check-in code', expect: cells(['admin', 'chair', 'projector']), path: (ctx) => API.checkInCode(A(ctx)) },
  { id: 'A6', method: 'GET', route: '/api/meetings/:id/checkin', what: 'the check-in page with the room\'s code (no session needed)', expect: everyone('ok'), path: async (ctx) => API.checkInMeeting(A(ctx), await checkInToken(ctx)) },
  { id: 'A6', method: 'GET', route: '/api/meetings/:id/checkin', what: 'the check-in page with a wrong code', expect: everyone(404), path: (ctx) => API.checkInMeeting(A(ctx), 'A'.repeat(43)) },
  {
    id: 'A6 Q9',
    method: 'POST',
    route: '/api/meetings/:id/checkin',
    what: "checking in with the room's code",
    expect: cells(['inRoom', 'remote']),
    path: (ctx) => API.checkIn(A(ctx)),
    body: async (ctx) => ({ token: await checkInToken(ctx) }),
  },
];

async function checkInToken(ctx: Ctx): Promise<string> {
  const res = await fetch(`${ctx.t.baseUrl}${API.checkInCode(A(ctx))}`, { headers: { cookie: ctx.cookie('admin') } });
  const { url } = (await res.json()) as { url: string };
  return url.split('/').pop()!;
}

async function adminSession(ctx: Ctx) {
  const token = ctx.cookie('admin').split('=')[1];
  return (await ctx.t.app.services.auth.resolve(token))!;
}

async function reopen(ctx: Ctx): Promise<void> {
  await ctx.t.app.services.minutes.reopen(A(ctx), await adminSession(ctx));
}

/** Meeting A's minutes finalised at least `n` times (reopened in between). */
async function versionsAtLeast(ctx: Ctx, n: number): Promise<void> {
  const minutes = ctx.t.app.services.minutes;
  while ((await minutes.versions(A(ctx))).length < n) {
    if ((await ctx.t.store.minutes.status(A(ctx)))?.finalizedAt) await reopen(ctx);
    await minutes.finalize(A(ctx), await adminSession(ctx));
  }
}

/** A logo on the kop surat, as the settings page uploads it (the row before saved the texts). */
async function uploadLogo(ctx: Ctx): Promise<void> {
  const { demoLogoPng } = await import('../../server/demo/logo');
  const res = await fetch(`${ctx.t.baseUrl}${SCREEN_API.letterheadLogo}`, {
    method: 'PUT',
    headers: { cookie: ctx.cookie('admin'), 'content-type': 'image/png' },
    body: demoLogoPng(64),
  });
  expect(res.status).toBe(200);
}

/** The in-room OPD's paparan, uploaded by the admin for it unless it is there. */
async function uploadPaparan(ctx: Ctx): Promise<void> {
  const participantId = at(ctx.w.a.participants, 0, 'participant').id;
  if (await ctx.t.store.materials.get(A(ctx), participantId)) return;
  const { paparanPdf } = await import('../helpers/paparan-pdf');
  const body = new FormData();
  body.set('participantId', participantId);
  body.set('file', new Blob([new Uint8Array(await paparanPdf(1))], { type: 'application/pdf' }), 'paparan.pdf');
  const res = await fetch(`${ctx.t.baseUrl}${MATERIAL_API.list(A(ctx))}`, { method: 'POST', headers: { cookie: ctx.cookie('admin') }, body });
  expect(res.status).toBe(201);
}

// ---------------------------------------------------------------- socket commands

interface SocketRow {
  id: string;
  what: string;
  expect: Cells;
  /** The payload, built right before the cell is sent (ids of the queue as it is then). */
  command?: (ctx: Ctx, c: Column) => Promise<QueueCommandInput> | QueueCommandInput;
  /** Another socket event instead of a queue command. */
  event?: { name: 'meeting:join' | 'queue:sync' | 'clock:ping' | 'meeting:leave'; payload: (ctx: Ctx) => unknown };
  prepare?: (ctx: Ctx, c: Column) => Promise<void>;
  /** The meeting an allowed admin cell acts on (a once-only command: the admin runs meeting C). */
  adminMeeting?: 'c';
}

const waiting = async (ctx: Ctx) => {
  const q = await ctx.queue();
  if (!nextWaiting(q)) await ctx.stage({ type: 'queue.add', label: `Tambahan ${++ctx.n}`, allotmentMinutes: 5, placement: 'end' });
  return nextWaiting(await ctx.queue())!;
};
const speaking = async (ctx: Ctx) => {
  let q = await ctx.queue();
  const cur = q.currentTurnId ? q.turns[q.currentTurnId] : null;
  if (cur?.status === 'paused') await ctx.stage({ type: 'turn.resume' });
  if (!cur) {
    await waiting(ctx);
    await ctx.stage({ type: 'turn.next' });
  }
  q = await ctx.queue();
  if (get(q.turns, q.currentTurnId!, 'current turn').timer.arahanSince !== null) await ctx.stage({ type: 'arahan.stop' });
};
const participantActor = (ctx: Ctx, i: number): Actor => ({
  role: 'participant',
  meetingId: ctx.w.a.id,
  participantId: at(ctx.w.a.participants, i, 'participant').id,
});
const pendingOfRemote = async (ctx: Ctx) => {
  const remote = at(ctx.w.a.participants, 1, 'participant').id;
  let r = (await ctx.queue()).requests.find((x) => x.participantId === remote && x.status === 'pending');
  if (!r) {
    await ctx.stage({ type: 'request.create', kind: 'response' }, participantActor(ctx, 1));
    r = (await ctx.queue()).requests.find((x) => x.participantId === remote && x.status === 'pending')!;
  }
  return r.id;
};

// One row per command, one line per row, like REST above.
// prettier-ignore
const SOCKET: SocketRow[] = [
  { id: 'A10', what: 'meeting:join A', expect: READERS, event: { name: 'meeting:join', payload: (ctx) => ({ meetingId: ctx.w.a.id, protocolVersion: PROTOCOL_VERSION }) } },
  { id: 'A10 R3', what: 'queue:sync A', expect: READERS, event: { name: 'queue:sync', payload: (ctx) => ({ meetingId: ctx.w.a.id, sinceSeq: 0 }) } },
  { id: 'A10 R5', what: 'clock:ping', expect: cells([...COLUMNS.filter((c) => !DEAD.includes(c))]), event: { name: 'clock:ping', payload: () => ({}) } },
  { id: 'A10', what: 'meeting:leave', expect: cells([...COLUMNS.filter((c) => !DEAD.includes(c))]), event: { name: 'meeting:leave', payload: () => ({}) } },
  { id: 'A12 Q1', what: 'meeting.start', expect: CHAIRS, adminMeeting: 'c', command: () => ({ type: 'meeting.start' }) },
  { id: 'A12 Q2', what: 'turn.next', expect: CHAIRS, prepare: async (ctx) => void (await waiting(ctx)), command: () => ({ type: 'turn.next' }) },
  { id: 'A12 Q3', what: 'turn.call', expect: CHAIRS, command: async (ctx) => ({ type: 'turn.call', turnId: (await waiting(ctx)).id }) },
  { id: 'A12 T1', what: 'turn.pause', expect: CHAIRS, prepare: speaking, command: () => ({ type: 'turn.pause' }) },
  {
    id: 'A12 T1',
    what: 'turn.resume',
    expect: CHAIRS,
    prepare: async (ctx) => {
      await speaking(ctx);
      await ctx.stage({ type: 'turn.pause' });
    },
    command: () => ({ type: 'turn.resume' }),
  },
  { id: 'A12 T2', what: 'turn.extend', expect: CHAIRS, prepare: speaking, command: () => ({ type: 'turn.extend', minutes: 1 }) },
  { id: 'A12 T4', what: 'arahan.start', expect: CHAIRS, prepare: speaking, command: () => ({ type: 'arahan.start' }) },
  {
    id: 'A12 T4',
    what: 'arahan.stop',
    expect: CHAIRS,
    prepare: async (ctx) => {
      await speaking(ctx);
      await ctx.stage({ type: 'arahan.start' });
    },
    command: () => ({ type: 'arahan.stop' }),
  },
  { id: 'A12 Q2', what: 'turn.finish', expect: CHAIRS, prepare: speaking, command: () => ({ type: 'turn.finish' }) },
  { id: 'A12 Q4', what: 'turn.skip', expect: CHAIRS, command: async (ctx) => ({ type: 'turn.skip', turnId: (await waiting(ctx)).id }) },
  {
    id: 'A12 Q4',
    what: 'turn.restore',
    expect: CHAIRS,
    command: async (ctx) => {
      const turnId = (await waiting(ctx)).id;
      await ctx.stage({ type: 'turn.skip', turnId });
      return { type: 'turn.restore', turnId };
    },
  },
  { id: 'A12 Q5', what: 'queue.reorder', expect: CHAIRS, command: async (ctx) => ({ type: 'queue.reorder', turnIds: [...(await ctx.queue()).order].reverse() }) },
  { id: 'A12 Q6', what: 'queue.add', expect: CHAIRS, command: () => ({ type: 'queue.add', label: 'Bagian Hukum', allotmentMinutes: 3 }) },
  {
    id: 'A12 Q7',
    what: 'request.create',
    expect: cells(['inRoom', 'remote']),
    prepare: async (ctx) => {
      for (const i of [0, 1]) {
        const mine = (await ctx.queue()).requests.find((r) => r.participantId === at(ctx.w.a.participants, i, 'participant').id && r.status === 'pending' && r.kind === 'point_of_order');
        if (mine) await ctx.stage({ type: 'request.withdraw', requestId: mine.id }, participantActor(ctx, i));
      }
    },
    command: () => ({ type: 'request.create', kind: 'point_of_order' }),
  },
  // The remote participant's own pending request: the other OPD does not find it (404).
  { id: 'A12 Q8', what: "request.withdraw (the remote OPD's request)", expect: cells(['remote'], 403, { inRoom: 404 }), command: async (ctx) => ({ type: 'request.withdraw', requestId: await pendingOfRemote(ctx) }) },
  { id: 'A12 Q7 Q8', what: 'request.admit', expect: CHAIRS, command: async (ctx) => ({ type: 'request.admit', requestId: await pendingOfRemote(ctx) }) },
  { id: 'A12 Q8', what: 'request.decline', expect: CHAIRS, command: async (ctx) => ({ type: 'request.decline', requestId: await pendingOfRemote(ctx) }) },
  { id: 'A12 Q9', what: 'attendance.mark', expect: CHAIRS, command: (ctx) => ({ type: 'attendance.mark', participantId: at(ctx.w.a.participants, 0, 'participant').id, status: 'present_room' }) },
  { id: 'A12 T3', what: 'settings.warning', expect: CHAIRS, command: () => ({ type: 'settings.warning', warningMinutes: 1 }) },
  // Each cell from a state where the command is not a repeat (a repeat answers 409, not a refusal by role).
  {
    id: 'A12 V20',
    what: 'share.allow',
    expect: CHAIRS,
    prepare: async (ctx) => {
      const participantId = at(ctx.w.a.participants, 1, 'participant').id;
      if ((await ctx.queue()).screenShare?.allowed.includes(participantId)) await ctx.stage({ type: 'share.stop', participantId });
    },
    command: (ctx) => ({ type: 'share.allow', participantId: at(ctx.w.a.participants, 1, 'participant').id }),
  },
  {
    id: 'A12 V20',
    what: 'share.stop',
    expect: CHAIRS,
    prepare: async (ctx) => {
      const participantId = at(ctx.w.a.participants, 1, 'participant').id;
      if ((await ctx.queue()).screenShare?.stopped.includes(participantId)) await ctx.stage({ type: 'share.allow', participantId });
    },
    command: (ctx) => ({ type: 'share.stop', participantId: at(ctx.w.a.participants, 1, 'participant').id }),
  },
  { id: 'A12 Q10', what: 'session.switch', expect: CHAIRS, command: async (ctx) => ({ type: 'session.switch', session: (await ctx.queue()).session === 1 ? 2 : 1 }) },
  { id: 'A12 T5', what: 'meeting.end', expect: CHAIRS, adminMeeting: 'c', command: () => ({ type: 'meeting.end' }) },
];

// ---------------------------------------------------------------- the run

describe('authorisation matrix', () => {
  let t: TestApp;
  let double: LiveKitDouble;
  let ctx: Ctx;
  const cookies = {} as Record<Column, string>;
  const sockets = new Map<Column, TestSocket>();
  let watcher: TestSocket;
  const heard: QueueEvent[] = [];
  let fenceMinutes = 2;

  beforeAll(async () => {
    double = await LiveKitDouble.start();
    t = await startTestApp({ video: { url: double.url, apiKey: double.apiKey, apiSecret: double.apiSecret, sleep: async () => {}, requestTimeoutMs: 2000 } });
    const w = await buildWorld(t);
    const { a, b, links } = w;
    cookies.admin = w.admin.cookie;
    cookies.chair = await exchange(t, linkOf(a, links.a, 'chair'));
    cookies.notulis = await exchange(t, linkOf(a, links.a, 'notulis'));
    cookies.projector = await exchange(t, linkOf(a, links.a, 'projector'));
    cookies.observer = await exchange(t, linkOf(a, links.a, 'observer'));
    cookies.inRoom = await exchange(t, linkOf(a, links.a, 'participant', 0));
    cookies.remote = await exchange(t, linkOf(a, links.a, 'participant', 1));
    cookies.otherChair = await exchange(t, linkOf(b, links.b, 'chair'));
    cookies.otherParticipant = await exchange(t, linkOf(b, links.b, 'participant', 0));
    const revokedLink = linkOf(a, links.a, 'participant', 2);
    cookies.revoked = await exchange(t, revokedLink);
    await w.admin.post(API.linkRevoke(a.id, revokedLink.id));
    cookies.expired = await expiredAdminCookie(t, Date.now());
    cookies.loggedOut = await adminLogin(t);
    const out = await fetch(`${t.baseUrl}${API.logout}`, {
      method: 'POST',
      headers: { cookie: cookies.loggedOut, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    cookies.none = '';
    const admin: Actor = { role: 'admin', meetingId: null, participantId: null };
    ctx = {
      t,
      w,
      n: 0,
      cookie: (c) => cookies[c],
      async freshCookie(c) {
        if (c === 'admin') return adminLogin(t);
        if (DEAD.includes(c)) return cookies[c];
        const link = {
          chair: linkOf(a, links.a, 'chair'),
          notulis: linkOf(a, links.a, 'notulis'),
          projector: linkOf(a, links.a, 'projector'),
          observer: linkOf(a, links.a, 'observer'),
          inRoom: linkOf(a, links.a, 'participant', 0),
          remote: linkOf(a, links.a, 'participant', 1),
          otherChair: linkOf(b, links.b, 'chair'),
          otherParticipant: linkOf(b, links.b, 'participant', 0),
        }[c as 'chair'];
        return exchange(t, link);
      },
      queue: () => t.app.services.queue.state(a.id),
      async stage(command, actor = admin) {
        const { queueCommandSchema } = await import('../../shared/protocol');
        await t.app.services.queue.command(a.id, queueCommandSchema.parse(command), actor, { commandId: randomUUID() });
      },
    };
    for (const c of COLUMNS) {
      if (DEAD.includes(c)) continue;
      const socket = connectSocket(t.baseUrl, cookies[c]);
      await waitForConnect(socket);
      sockets.set(c, socket);
    }
    // The watcher: its own session of the observer's link, never sending a command.
    watcher = connectSocket(t.baseUrl, await exchange(t, linkOf(a, links.a, 'observer')));
    await waitForConnect(watcher);
    watcher.on('queue:event', (e) => heard.push(e));
    expect(await emitAck(watcher, 'meeting:join', { meetingId: a.id, protocolVersion: PROTOCOL_VERSION })).toHaveProperty('data');
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets.values()) s.disconnect();
    watcher?.disconnect();
    await t?.close();
    await double?.close();
  });

  it('F8 every route of the app has a row in the matrix', () => {
    const rows = new Set(REST.map((r) => `${r.method} ${r.route}`));
    expect(
      ROUTES.map((r) => `${r.method} ${r.path}`).filter((k) => !rows.has(k)),
      `routes without a row (${ROUTES.map(routeKey).length} routes)`,
    ).toEqual([]);
  });

  for (const row of REST) {
    it(`${row.id} F8 ${row.method} ${row.route}: ${row.what}`, async () => {
      const got = {} as Record<Column, 'ok' | number>;
      // Refusals first, so an allowed cell that changes state comes after them.
      const order = [...COLUMNS].sort((x, y) => Number(row.expect[x] === 'ok') - Number(row.expect[y] === 'ok'));
      for (const c of order) {
        if (row.expect[c] === 'ok' && row.prepare) await row.prepare(ctx);
        const cookie = row.fresh ? await ctx.freshCookie(c) : cookies[c];
        // As the client sends them: every state-changing request carries a JSON body, `{}` when it has nothing to say.
        const body = row.body ? await row.body(ctx, c) : row.method === 'GET' ? undefined : {};
        const headers: Record<string, string> = cookie ? { cookie } : {};
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (row.route === '/api/livekit/webhook' && row.what.includes('signed as')) {
          headers.authorization = signWebhook(body as string, { apiKey: double.apiKey, apiSecret: double.apiSecret });
        }
        const res = await fetch(`${t.baseUrl}${await row.path(ctx, c)}`, {
          method: row.method,
          headers,
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        got[c] = res.status < 300 ? 'ok' : res.status;
        if (res.status >= 400) expect(JSON.parse(text), `${c}: ${text}`).toHaveProperty('error.code');
        if (row.route === '/api/series' && row.method === 'POST' && res.status === 201) ctx.createdSeries = (JSON.parse(text) as { id: string }).id;
        // The fresh session of a logout is over.
        if (row.fresh && res.status === 200 && cookie) {
          const after = (await (await fetch(`${t.baseUrl}${API.session}`, { headers: { cookie } })).json()) as { session: unknown };
          expect(after.session, `${c} still has a session after logout`).toBeNull();
        }
      }
      expect(got).toEqual(row.expect);
    });
  }

  /** The chair's fence: an accepted command the watcher must hear next, and nothing before it. */
  async function fence(since: number): Promise<void> {
    fenceMinutes = fenceMinutes === 2 ? 3 : 2;
    const res = await emitAck<{ seq: number }>(sockets.get('chair')!, 'queue:command', {
      meetingId: ctx.w.a.id,
      commandId: randomUUID(),
      command: { type: 'settings.warning', warningMinutes: fenceMinutes },
    });
    if (!('data' in res)) throw new Error(`fence refused: ${JSON.stringify(res)}`);
    await eventually(() => heard.some((e) => e.seq === res.data.seq), { what: `the watcher to hear the fence ${res.data.seq}` });
    expect(heard.slice(since).map((e) => `${e.seq} ${e.body.type}`)).toEqual([`${res.data.seq} settings.changed`]);
  }

  /** Until what the queue has done (a remote participant marked online by joining, a staged command) has reached the watcher. */
  async function quiet(): Promise<void> {
    await t.app.services.queue.system(ctx.w.a.id, { type: 'attendance.online', participantId: '-' });
    const seq = (await ctx.queue()).seq;
    if (seq > 0) await eventually(() => heard.some((e) => e.seq === seq), { what: `the watcher to hear seq ${seq}` });
  }

  async function joinedTo(c: Column, meetingId: string): Promise<TestSocket> {
    const socket = sockets.get(c)!;
    const res = await emitAck(socket, 'meeting:join', { meetingId, protocolVersion: PROTOCOL_VERSION });
    if (!('data' in res) && !OTHER.includes(c)) throw new Error(`${c} could not join: ${JSON.stringify(res)}`);
    return socket;
  }

  it('A3 A7 F9 a live socket whose session is logged out, expired or revoked is refused 401 and closed; nobody hears its command', async () => {
    const end = {
      loggedOut: async (cookie: string) => {
        await fetch(`${t.baseUrl}${API.logout}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
      },
      expired: async (cookie: string) => {
        const { hashToken } = await import('../../server/auth/crypto');
        await t.store.sessions.touch(hashToken(at(cookie.split('='), 1, 'session token in the cookie')), new Date(Date.now() - 1000).toISOString());
      },
      revoked: async () => {
        await fetch(`${t.baseUrl}${API.linkRevoke(ctx.w.c.id, linkOf(ctx.w.c, ctx.w.links.c, 'chair').id)}`, {
          method: 'POST',
          headers: { cookie: cookies.admin, 'content-type': 'application/json' },
          body: '{}',
        });
      },
    };
    const got: Record<string, unknown> = {};
    for (const [how, finish] of Object.entries(end)) {
      const cookie = how === 'revoked' ? await exchange(t, linkOf(ctx.w.c, ctx.w.links.c, 'chair')) : await adminLogin(t);
      const socket = connectSocket(t.baseUrl, cookie);
      await waitForConnect(socket);
      expect(await emitAck(socket, 'meeting:join', { meetingId: ctx.w.c.id, protocolVersion: PROTOCOL_VERSION })).toHaveProperty('data');
      const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
      await finish(cookie);
      await quiet();
      const since = heard.length;
      // Closed by the server as it ends the session (told first), or refused if the command got in before.
      const res = socket.connected
        ? await emitAck(socket, 'queue:command', {
            meetingId: ctx.w.a.id,
            commandId: randomUUID(),
            command: { type: 'settings.warning', warningMinutes: 4 },
          }).catch(() => ({ error: { code: 'closed' } }))
        : { error: { code: 'closed' } };
      got[how] = 'error' in res ? res.error.code : 'accepted';
      await closed;
      await fence(since);
    }
    expect(got).toEqual({
      loggedOut: match.stringMatching(/^(unauthenticated|closed)$/),
      expired: 'unauthenticated',
      revoked: match.stringMatching(/^(unauthenticated|closed)$/),
    });
  });

  for (const row of SOCKET) {
    const title = row.command ? `queue:command ${row.what}` : row.what;
    it(`${row.id} F9 socket ${title}: refused commands reach nobody`, async () => {
      const got = {} as Record<Column, 'ok' | number>;
      const order = [...COLUMNS]
        .sort((x, y) => Number(row.expect[x] === 'ok') - Number(row.expect[y] === 'ok'))
        .sort((x, y) => Number(x === 'admin' && row.expect[x] === 'ok') - Number(y === 'admin' && row.expect[y] === 'ok'));
      for (const c of order) {
        if (DEAD.includes(c)) {
          // No socket at all: the handshake is refused with the typed error.
          const socket = connectSocket(t.baseUrl, cookies[c]);
          const err = await waitForConnect(socket).then(
            () => null,
            (e: Error & { data?: { code?: string } }) => e,
          );
          socket.disconnect();
          got[c] = err?.data?.code === 'unauthenticated' ? 401 : err ? 400 : 'ok';
          continue;
        }
        const meetingId = c === 'admin' && row.adminMeeting === 'c' ? ctx.w.c.id : OTHER.includes(c) ? ctx.w.b.id : ctx.w.a.id;
        const socket = await joinedTo(c, meetingId);
        if (row.expect[c] === 'ok' && row.prepare) await row.prepare(ctx, c);
        const command = row.command ? await row.command(ctx, c) : null;
        await quiet();
        const since = heard.length;
        const seqBefore = (await ctx.queue()).seq;
        let res: Ack<unknown>;
        if (row.event) res = await emitAck(socket, row.event.name, row.event.payload(ctx));
        else {
          const target = c === 'admin' && row.adminMeeting === 'c' ? ctx.w.c.id : ctx.w.a.id;
          res = await emitAck(socket, 'queue:command', { meetingId: target, commandId: randomUUID(), command });
        }
        const status =
          'data' in res
            ? 'ok'
            : ({ forbidden: 403, not_found: 404, unauthenticated: 401, conflict: 409, bad_request: 400, stale_seq: 409 } as Record<string, Outcome>)[
                res.error.code
              ];
        got[c] = status ?? 500;
        if (row.command && status !== 'ok') {
          expect((await ctx.queue()).seq, `${c}: refused yet stored`).toBe(seqBefore);
          await fence(since);
        }
        if (row.command && status === 'ok' && meetingId === ctx.w.a.id) {
          const seq = (res as { data: { seq: number } }).data.seq;
          await eventually(() => heard.some((e) => e.seq === seq), { what: `the watcher to hear ${c}'s accepted ${row.what}` }).catch(() => undefined);
          expect(
            heard.some((e) => e.seq === seq),
            `the watcher heard ${c}'s accepted ${row.what}`,
          ).toBe(true);
        }
        // Back in its meeting for the next row (a leave or a join elsewhere moved it).
        await joinedTo(c, OTHER.includes(c) ? ctx.w.b.id : ctx.w.a.id);
      }
      expect(got).toEqual(row.expect);
    });
  }
});
