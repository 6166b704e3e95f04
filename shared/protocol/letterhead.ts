import { z } from '../zod-setup';
import { NUMBERING_PATTERN_MAX, patternProblem } from '../minutes/numbering';

/**
 * The kop surat (letterhead) the admin sets once and every notulen prints, and the pattern of the
 * nomor notulen. Routes (admin only):
 *
 * GET    /api/settings/letterhead        -> Letterhead (the defaults while none is saved)
 * PUT    /api/settings/letterhead        LetterheadInput -> Letterhead
 * GET    /api/settings/letterhead/logo   -> the logo image (404 without one)
 * PUT    /api/settings/letterhead/logo   raw PNG or JPEG body, its Content-Type -> Letterhead
 *                                         (413 over LOGO_MAX_BYTES, 415 not a PNG/JPEG by its bytes,
 *                                          400 a size outside LOGO_MIN_PX..LOGO_MAX_PX; nothing stored then)
 * DELETE /api/settings/letterhead/logo   -> Letterhead
 */

/** The largest logo accepted, in bytes: a letterhead emblem is a few tens of kilobytes. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** A logo's width and height must each lie within these, in pixels. */
export const LOGO_MIN_PX = 16;
export const LOGO_MAX_PX = 4096;
export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const line = (max: number) => z.string().trim().max(max, 'field.maxChars');

export const letterheadInputSchema = z.object({
  /** "PEMERINTAH KABUPATEN KUTAI TIMUR" */
  government: line(120).min(1, 'field.required'),
  /** "SEKRETARIAT DAERAH" */
  office: line(120).default(''),
  /** One or more lines ("Jl. Soekarno-Hatta, Bukit Pelangi\nSangatta, Kutai Timur"). */
  address: z.string().trim().max(300, 'field.maxChars').default(''),
  phone: line(60).default(''),
  email: z.union([z.literal(''), z.string().trim().max(120, 'field.maxChars').email('letterhead.field.email')]).default(''),
  website: line(120).default(''),
  numberingPattern: z
    .string()
    .trim()
    .min(1, 'field.required')
    .max(NUMBERING_PATTERN_MAX, 'field.maxChars')
    .superRefine((pattern, ctx) => {
      const found = patternProblem(pattern);
      if (found) ctx.addIssue({ code: 'custom', message: `letterhead.field.${found.problem}`, params: 'token' in found ? { token: found.token } : {} });
    }),
});
export type LetterheadInput = z.infer<typeof letterheadInputSchema>;

export interface Letterhead extends LetterheadInput {
  /** False until the admin saved the kop surat once: the exports print none until then. */
  configured: boolean;
  logo: { mime: LogoType; widthPx: number; heightPx: number; sizeBytes: number; updatedAt: string } | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** One finalised version of a meeting's minutes, as `GET /api/meetings/:id/minutes/versions` lists it. */
export interface MinutesVersion {
  version: number;
  finalizedAt: string;
  /** The display name of who finalised it, as stored then. */
  finalizedBy: string;
  /** Their role then (chair, notulis, admin); empty for versions kept before roles were stored. */
  finalizedRole: string;
}
