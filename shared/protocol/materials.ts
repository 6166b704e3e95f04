import { z } from '../zod-setup';
import { MATERIAL_TITLE_MAX_CHARS } from './material-constants';

export * from './material-constants';

/** The schemas of bahan rapat's REST fields and socket command (material-constants.ts holds the rest). */
const id = z.string().min(1).max(64);

/** The upload form's fields beside the file: a title (the file's name without .pdf when empty), and, for the admin, whose it is. */
export const materialUploadFieldsSchema = z.object({
  title: z.string().trim().max(MATERIAL_TITLE_MAX_CHARS, 'field.maxChars').default(''),
  participantId: id.optional(),
});
export type MaterialUploadFields = z.infer<typeof materialUploadFieldsSchema>;

export const materialParamsSchema = z.object({ id, participantId: id });

/** The socket command that shows a paparan at a page (participantId null hides it). */
export const materialShowSchema = z.object({
  meetingId: id,
  participantId: id.nullable(),
  page: z.number().int().min(1).max(10_000).default(1),
});
export type MaterialShowInput = z.input<typeof materialShowSchema>;
