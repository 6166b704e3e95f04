import type { Role } from '../domain/roles/roles';

/**
 * Bahan rapat: each OPD's paparan (a PDF) uploaded before the meeting, seen by the chair, the
 * notulis and the secretariat, shown page by page on the room's projector, and listed in the
 * minutes as lampiran. One current paparan per participant: a new upload replaces the old.
 * Constants and shapes only, without zod, for the phone's screens; the schemas are in materials.ts.
 */

/** Largest paparan accepted: a slide deck exported to PDF, photos included. */
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
export const MAX_MATERIAL_MB = MAX_MATERIAL_BYTES / (1024 * 1024);
export const MATERIAL_TITLE_MAX_CHARS = 160;

/** Who sees every OPD's material (a participant sees its own only). */
export const MATERIAL_READERS: readonly Role[] = ['admin', 'chair', 'notulis', 'projector'];

/** One OPD's current paparan, as every list shows it. */
export interface Material {
  participantId: string;
  opdName: string;
  opdShortName: string;
  title: string;
  fileName: string;
  /** Changes with every upload: screens reload the PDF when it does. */
  fileId: string;
  pageCount: number;
  sizeBytes: number;
  uploadedAt: string;
  uploadedBy: string;
}

/**
 * What the room's projector shows besides its own view: one OPD's paparan at a page, or nothing
 * (participantId null). Kept in the database, so it survives a restart and every node serves it;
 * it clears by itself when the floor moves.
 */
export interface MaterialDisplay {
  meetingId: string;
  participantId: string | null;
  /** 1-based; 1 when nothing is shown. */
  page: number;
  /** The shown material (null when nothing is shown). */
  material: Material | null;
  updatedAt: string | null;
}

export const MATERIAL_API = {
  list: (meetingId: string) => `/api/meetings/${meetingId}/materials`,
  one: (meetingId: string, participantId: string) => `/api/meetings/${meetingId}/materials/${participantId}`,
  /** The PDF itself; `fileId` only tells a cache that a new upload is another file. */
  file: (meetingId: string, participantId: string, fileId?: string) =>
    `/api/meetings/${meetingId}/materials/${participantId}/file${fileId ? `?v=${encodeURIComponent(fileId)}` : ''}`,
  display: (meetingId: string) => `/api/meetings/${meetingId}/material-display`,
} as const;

/** "2,4 MB" ("2.4 MB" in English), "380 kB": a size as the lists show it. */
export function materialSize(bytes: number, locale: 'id' | 'en' = 'id'): string {
  if (bytes >= 1024 * 1024) {
    const mb = (bytes / (1024 * 1024)).toFixed(1);
    return `${locale === 'id' ? mb.replace('.', ',') : mb} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
