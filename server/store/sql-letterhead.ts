import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { LetterheadRecord, LetterheadRepository } from './ports';

/** The kop surat's single row (id 1). */
const ROW = 1;

export class SqlLetterheadRepository implements LetterheadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(): Promise<LetterheadRecord | null> {
    const r = await this.db
      .selectFrom('letterhead')
      .select([
        'government',
        'office',
        'address',
        'phone',
        'email',
        'website',
        'numbering_pattern',
        'logo_mime',
        'logo_width',
        'logo_height',
        'logo_updated_at',
        'updated_at',
        'updated_by',
        // The size alone: the bytes stay in the database until an export or the preview asks for them.
        (eb) => eb.fn<number | null>('length', ['logo_bytes']).as('logo_size'),
      ])
      .where('id', '=', ROW)
      .executeTakeFirst();
    if (!r) return null;
    return {
      government: r.government,
      office: r.office,
      address: r.address,
      phone: r.phone,
      email: r.email,
      website: r.website,
      numberingPattern: r.numbering_pattern,
      logo:
        r.logo_mime && r.logo_width !== null && r.logo_height !== null
          ? {
              mime: r.logo_mime,
              widthPx: r.logo_width,
              heightPx: r.logo_height,
              sizeBytes: Number(r.logo_size ?? 0),
              updatedAt: r.logo_updated_at ?? r.updated_at,
            }
          : null,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  async save(record: Omit<LetterheadRecord, 'logo'>): Promise<void> {
    const row = {
      government: record.government,
      office: record.office,
      address: record.address,
      phone: record.phone,
      email: record.email,
      website: record.website,
      numbering_pattern: record.numberingPattern,
      updated_at: record.updatedAt,
      updated_by: record.updatedBy,
    };
    await this.db
      .insertInto('letterhead')
      .values({ id: ROW, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async setLogo(logo: { bytes: Uint8Array; mime: string; widthPx: number; heightPx: number }, at: string, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('letterhead')
      .set({
        logo_bytes: logo.bytes,
        logo_mime: logo.mime,
        logo_width: logo.widthPx,
        logo_height: logo.heightPx,
        logo_updated_at: at,
        updated_at: at,
        updated_by: by,
      })
      .where('id', '=', ROW)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async clearLogo(at: string, by: string): Promise<void> {
    await this.db
      .updateTable('letterhead')
      .set({ logo_bytes: null, logo_mime: null, logo_width: null, logo_height: null, logo_updated_at: null, updated_at: at, updated_by: by })
      .where('id', '=', ROW)
      .execute();
  }

  async logo(): Promise<{ bytes: Uint8Array; mime: string; widthPx: number; heightPx: number } | null> {
    const r = await this.db.selectFrom('letterhead').select(['logo_bytes', 'logo_mime', 'logo_width', 'logo_height']).where('id', '=', ROW).executeTakeFirst();
    if (!r?.logo_bytes || !r.logo_mime || r.logo_width === null || r.logo_height === null) return null;
    return { bytes: new Uint8Array(r.logo_bytes), mime: r.logo_mime, widthPx: r.logo_width, heightPx: r.logo_height };
  }
}
