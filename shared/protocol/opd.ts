import { z } from '../zod-setup';
import type { ErrorDetail } from './errors';
import { whatsappSchema } from '../domain/reminders/schemas';

/** Kinds of regional agency (OPD), as the secretariat's spreadsheet names them. */
export const OPD_KINDS = ['dinas', 'badan', 'bagian', 'inspektorat', 'kecamatan', 'desa', 'other'] as const;
export type OpdKind = (typeof OPD_KINDS)[number];

/** The usual groups; a custom group is any other non-empty name. */
export const STANDARD_GROUPS = ['Asisten I', 'Asisten II', 'Asisten III', 'Camat', 'Kepala Desa'] as const;

const trimmed = (max: number) => z.string().trim().max(max, 'field.maxChars');

const opdFields = z.object({
  name: trimmed(160).min(1, 'field.required'),
  shortName: trimmed(40).min(1, 'field.required'),
  kind: z.enum(OPD_KINDS),
  group: trimmed(60).min(1, 'field.required'),
  headName: trimmed(120),
  headTitle: trimmed(120),
  /** The OPD's (its head's) WhatsApp number, stored as E.164 digits ("6281234567890"); '' for none. */
  whatsapp: whatsappSchema,
});

export const opdInputSchema = opdFields.extend({
  headName: opdFields.shape.headName.default(''),
  headTitle: opdFields.shape.headTitle.default(''),
  whatsapp: opdFields.shape.whatsapp.default(''),
});
export type OpdInput = z.infer<typeof opdInputSchema>;

/** A partial edit: fields left out keep their value (so no defaults here). */
export const opdPatchSchema = opdFields.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'field.nothingToChange',
});
export type OpdPatch = z.infer<typeof opdPatchSchema>;

export interface Opd extends OpdInput {
  id: string;
  /**
   * Its place within its group (1 = first), as the secretariat orders the group: the order a
   * group's OPDs speak in (series rotation, "add a whole group"). New and imported OPDs join the
   * end of their group, in the order they come; PUT /api/opds/order changes it.
   */
  position: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export const opdListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  group: z.string().trim().max(60).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type OpdListQuery = z.infer<typeof opdListQuerySchema>;

/** 1 MiB holds far more than any regency's directory. */
const MAX_IMPORT_BYTES = 1024 * 1024;

/**
 * A CSV import: pasted text (`csv`), or a chosen file's own bytes in base64 (`file`), which the
 * server decodes (UTF-8, UTF-16 with a BOM, or Windows-1252 as Excel saves it), since a browser
 * reading the file as text would already have garbled a Windows-1252 "Rifa’i". Exactly one of the two.
 */
export const opdImportSchema = z
  .object({
    csv: z.string().min(1, 'import.field.empty').max(MAX_IMPORT_BYTES, 'import.field.tooLarge').optional(),
    file: z
      .string()
      .min(1, 'import.field.empty')
      .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, 'import.field.tooLarge')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'import.field.base64')
      .optional(),
  })
  .refine((v) => (v.csv === undefined) !== (v.file === undefined), { message: 'import.field.oneSource', path: ['csv'] });
export type OpdImportInput = z.infer<typeof opdImportSchema>;

/** How the server read an imported file's bytes. */
export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export interface OpdImportRow {
  line: number;
  /** `update` when a unit with the same short name exists already. */
  action: 'create' | 'update';
  opd: OpdInput;
}

export interface OpdImportPreview {
  rows: OpdImportRow[];
  errors: (ErrorDetail & { line: number })[];
  /** The text as read: a file's bytes decoded, for the page to show and apply. */
  csv: string;
  encoding: CsvEncoding;
}

export interface OpdImportResult {
  created: number;
  updated: number;
}

/** A new order of one group's active OPDs: every one of them, each once. */
export const opdReorderSchema = z.object({
  group: trimmed(60).min(1, 'field.required'),
  opdIds: z.array(z.string().min(1).max(64)).min(1, 'field.minOneOpd').max(500),
});
export type OpdReorderInput = z.infer<typeof opdReorderSchema>;
