/**
 * Addresses that only screens loaded on demand use (the admin's forms, the chair's and the
 * notulis's tools), kept apart from API (api.ts), which every page's first chunk carries: a
 * participant's phone downloads none of them. The routes themselves are listed in api.ts.
 */
export const SCREEN_API = {
  meetingClashes: '/api/meetings/clashes',
  meetingTimeReportPdf: (id: string) => `/api/meetings/${encodeURIComponent(id)}/time-report.pdf`,
  minutesVersions: (id: string) => `/api/meetings/${encodeURIComponent(id)}/minutes/versions`,
  minutesVersionExport: (id: string, version: number, format: 'docx' | 'pdf' | 'md') =>
    `/api/meetings/${encodeURIComponent(id)}/minutes/versions/${version}.${format}`,
  minutesVersionDiff: (id: string, version: number) => `/api/meetings/${encodeURIComponent(id)}/minutes/versions/${version}/diff`,
  /** The kop surat: see shared/protocol/letterhead.ts. */
  letterhead: '/api/settings/letterhead',
  letterheadLogo: '/api/settings/letterhead/logo',
  /** The preview while editing `seriesId`: its own occurrences are not clashes (CW6). */
  seriesPreviewOf: (seriesId: string) => `/api/series/preview?seriesId=${encodeURIComponent(seriesId)}`,
} as const;
