/**
 * The REST routes, in one place so the client and the tests do not spell them twice.
 * Every failed answer has the body `{ error: { code, message, field?, details? } }`.
 *
 * GET    /api/health                         -> { status: 'ok', version }
 * GET    /api/auth/session                   -> SessionState
 * POST   /api/auth/setup    SetupInput       -> SessionState        (one-time token printed at boot)
 * POST   /api/auth/login    LoginInput       -> SessionState        (rate limited)
 * POST   /api/auth/logout                    -> { ok: true }
 * POST   /api/links/exchange LinkExchangeInput -> LinkExchangeResult (rate limited)
 * GET    /api/opds?q=&group=&includeArchived=  -> { items: Opd[] }   (admin)
 * GET    /api/opds/groups                    -> { items: string[] }
 * POST   /api/opds          OpdInput         -> Opd
 * PATCH  /api/opds/:id      OpdPatch         -> Opd
 * PUT    /api/opds/order    OpdReorderInput  -> { items: Opd[] }   (a group's active OPDs in their new order; 409 unless each once)
 * POST   /api/opds/:id/archive               -> Opd
 * POST   /api/opds/:id/restore               -> Opd
 * POST   /api/opds/import/preview { csv } | { file: base64 } -> OpdImportPreview (400 on csv: unreadable file)
 * POST   /api/opds/import/apply   { csv } | { file: base64 } -> OpdImportResult  (400 import_invalid, nothing applied)
 * GET    /api/meetings                       -> { items: MeetingSummary[] } (admin)
 * POST   /api/meetings      MeetingInput     -> Meeting
 * POST   /api/meetings/clashes ClashCheckInput -> { items: MeetingClash[] } (admin; the form's draft against stored meetings: a warning, never a refusal)
 * GET    /api/meetings/:id                   -> Meeting             (admin, or a session of that meeting)
 * PUT    /api/meetings/:id  MeetingInput     -> Meeting
 * POST   /api/meetings/:id/copy MeetingCopyInput -> Meeting
 * PUT    /api/meetings/:id/order ReorderInput -> Meeting
 * GET    /api/meetings/:id/links             -> { items: MeetingLink[] } (admin)
 * POST   /api/meetings/:id/links/:linkId/revoke  -> MeetingLink
 * POST   /api/meetings/:id/links/:linkId/reissue -> MeetingLink    (revokes the old one)
 * GET    /api/meetings/:id/links.csv        -> text/csv of every active link
 * GET    /api/meetings/:id/queue            -> QueueState            (any session of the meeting)
 * GET    /api/meetings/:id/statistics.csv   -> per-turn statistics   (admin, chair, notulis)
 * GET    /api/meetings/:id/time-report.pdf  -> one-page A4 time report: chart, per-OPD table, totals (admin, chair, notulis)
 * GET    /api/meetings/:id/attendance.csv   -> daftar hadir          (admin, chair, notulis)
 * GET    /api/meetings/:id/directory        -> { items: Opd[] }      (any session of the meeting: the follow-up picker)
 * GET    /api/meetings/:id/minutes/status   -> MinutesStatus         (any session of the meeting)
 * POST   /api/meetings/:id/minutes/finalize -> MinutesStatus         (chair, notulis, admin)
 * POST   /api/meetings/:id/minutes/reopen   -> MinutesStatus         (admin)
 * GET    /api/meetings/:id/minutes.docx|.pdf|.md -> the notulen     (any session of the meeting)
 * GET    /api/meetings/:id/minutes/versions -> { items: MinutesVersion[] } (any session of the meeting)
 * GET    /api/meetings/:id/minutes/versions/:version.docx|.pdf|.md -> that finalised version's notulen
 * GET    /api/meetings/:id/minutes/versions/:version/diff -> MinutesDiff (what changed from version - 1)
 * The kop surat (letterhead) and its logo: see shared/protocol/letterhead.ts (admin).
 * GET    /api/meetings/:id/follow-ups       -> { items: FollowUpRecord[] } (any session of the meeting)
 * WS     /collab/:id                         y-websocket protocol (session cookie; read-only but for notulis and admin)
 * Series, holidays and the calendar: see shared/protocol/schedule.ts.
 * The tracker of tindak lanjut across meetings (follow-ups, progress notes, files, OPD pages): see FOLLOW_UP_API in shared/protocol/follow-ups.ts.
 * GET    /api/follow-ups.xlsx?opdId&seriesId&status&overdue -> the list as a workbook: 'Tindak lanjut' and 'Rekap per OPD' (admin)
 * GET    /api/follow-ups.csv?…&view=items|recap -> the list, or the per-OPD recap, as CSV (admin)
 * Invitations (.ics), OPD calendar feeds and an OPD's upcoming meetings: see shared/protocol/meeting-plan.ts.
 * The room's check-in code and the check-in itself: see shared/protocol/checkin.ts.
 */
export const API = {
  health: '/api/health',
  session: '/api/auth/session',
  setup: '/api/auth/setup',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  linkExchange: '/api/links/exchange',
  opds: '/api/opds',
  opdGroups: '/api/opds/groups',
  opdOrder: '/api/opds/order',
  opd: (id: string) => `/api/opds/${encodeURIComponent(id)}`,
  opdArchive: (id: string) => `/api/opds/${encodeURIComponent(id)}/archive`,
  opdRestore: (id: string) => `/api/opds/${encodeURIComponent(id)}/restore`,
  opdImportPreview: '/api/opds/import/preview',
  opdImportApply: '/api/opds/import/apply',
  meetings: '/api/meetings',
  meeting: (id: string) => `/api/meetings/${encodeURIComponent(id)}`,
  meetingCopy: (id: string) => `/api/meetings/${encodeURIComponent(id)}/copy`,
  meetingOrder: (id: string) => `/api/meetings/${encodeURIComponent(id)}/order`,
  meetingLinks: (id: string) => `/api/meetings/${encodeURIComponent(id)}/links`,
  meetingLinksCsv: (id: string) => `/api/meetings/${encodeURIComponent(id)}/links.csv`,
  meetingQueue: (id: string) => `/api/meetings/${encodeURIComponent(id)}/queue`,
  meetingStatisticsCsv: (id: string) => `/api/meetings/${encodeURIComponent(id)}/statistics.csv`,
  meetingAttendanceCsv: (id: string) => `/api/meetings/${encodeURIComponent(id)}/attendance.csv`,
  meetingDirectory: (id: string) => `/api/meetings/${encodeURIComponent(id)}/directory`,
  minutesStatus: (id: string) => `/api/meetings/${encodeURIComponent(id)}/minutes/status`,
  minutesFinalize: (id: string) => `/api/meetings/${encodeURIComponent(id)}/minutes/finalize`,
  minutesReopen: (id: string) => `/api/meetings/${encodeURIComponent(id)}/minutes/reopen`,
  minutesExport: (id: string, format: 'docx' | 'pdf' | 'md') => `/api/meetings/${encodeURIComponent(id)}/minutes.${format}`,
  followUps: (id: string) => `/api/meetings/${encodeURIComponent(id)}/follow-ups`,
  /** Invitations and calendars: the routes are listed in shared/protocol/meeting-plan.ts. */
  meetingInviteIcs: (id: string, participantId?: string) =>
    `/api/meetings/${encodeURIComponent(id)}/invite.ics${participantId ? `?participant=${encodeURIComponent(participantId)}` : ''}`,
  meetingUpcoming: (id: string) => `/api/meetings/${encodeURIComponent(id)}/upcoming`,
  opdFeeds: '/api/feeds/opd',
  opdFeed: (opdId: string, token: string) => `/api/feeds/opd/${encodeURIComponent(opdId)}/calendar.ics?token=${encodeURIComponent(token)}`,
  video: (id: string) => `/api/meetings/${encodeURIComponent(id)}/video`,
  videoToken: (id: string) => `/api/meetings/${encodeURIComponent(id)}/video/token`,
  videoRoomToken: (id: string) => `/api/meetings/${encodeURIComponent(id)}/video/room-token`,
  livekitWebhook: '/api/livekit/webhook',
  /** The room's check-in: see shared/protocol/checkin.ts. */
  checkInCode: (id: string) => `/api/meetings/${encodeURIComponent(id)}/checkin-code`,
  checkInMeeting: (id: string, token: string) => `/api/meetings/${encodeURIComponent(id)}/checkin?token=${encodeURIComponent(token)}`,
  checkIn: (id: string) => `/api/meetings/${encodeURIComponent(id)}/checkin`,
  linkRevoke: (id: string, linkId: string) => `/api/meetings/${encodeURIComponent(id)}/links/${encodeURIComponent(linkId)}/revoke`,
  linkReissue: (id: string, linkId: string) => `/api/meetings/${encodeURIComponent(id)}/links/${encodeURIComponent(linkId)}/reissue`,
  /** Scheduling: the routes are listed in shared/protocol/schedule.ts. */
  series: '/api/series',
  seriesPreview: '/api/series/preview',
  seriesOne: (id: string) => `/api/series/${encodeURIComponent(id)}`,
  seriesArchive: (id: string) => `/api/series/${encodeURIComponent(id)}/archive`,
  /** The subscribable calendar address of a series (admin): `{ url }`. */
  seriesFeed: (id: string) => `/api/series/${encodeURIComponent(id)}/feed`,
  holidays: '/api/holidays',
  holiday: (date: string) => `/api/holidays/${encodeURIComponent(date)}`,
  meetingCancel: (id: string) => `/api/meetings/${encodeURIComponent(id)}/cancel`,
  calendar: (query: { from: string; to: string; group?: string; opdId?: string }) =>
    `/api/calendar?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString()}`,
} as const;

/** The SPA's pages, from their one table. Link sessions land on `/m/:meetingId`, which shows the page of their role. */
export { PAGES } from './pages';
