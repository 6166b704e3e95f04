import { sql, type Kysely, type Selectable } from 'kysely';
import type { Opd, OpdKind, OpdListQuery } from '../../shared/protocol';
import type { Database, OpdsTable } from './schema';
import type { OpdRepository } from './ports';

function toOpd(row: Selectable<OpdsTable>): Opd {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as OpdKind,
    group: row.group_name,
    position: row.position,
    headName: row.head_name,
    headTitle: row.head_title,
    whatsapp: row.whatsapp,
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(opd: Opd, archivedAt: string | null): Selectable<OpdsTable> {
  return {
    id: opd.id,
    name: opd.name,
    short_name: opd.shortName,
    short_key: opd.shortName.toLowerCase(),
    kind: opd.kind,
    group_name: opd.group,
    position: opd.position,
    head_name: opd.headName,
    head_title: opd.headTitle,
    whatsapp: opd.whatsapp,
    archived_at: archivedAt,
    created_at: opd.createdAt,
    updated_at: opd.updatedAt,
  };
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class SqlOpdRepository implements OpdRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(query: OpdListQuery): Promise<Opd[]> {
    let q = this.db.selectFrom('opds').selectAll();
    if (!query.includeArchived) q = q.where('archived_at', 'is', null);
    if (query.group) q = q.where('group_name', '=', query.group);
    if (query.q) {
      const pattern = likePattern(query.q);
      // The escape character said out loud: PostgreSQL's LIKE takes a backslash by default, SQLite's
      // none. Both sides are lower-cased, so PostgreSQL's case-sensitive LIKE finds what SQLite's
      // ASCII-case-blind one does; with the "C" collation PostgreSQL's lower() folds ASCII only, as SQLite's does.
      const like = (column: 'name' | 'short_key' | 'head_name') =>
        column === 'short_key' ? sql<boolean>`short_key like ${pattern} escape '\\'` : sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      q = q.where((eb) => eb.or([like('name'), like('short_key'), like('head_name')]));
    }
    // Each group in the secretariat's own order: the order its OPDs speak in.
    const rows = await q.orderBy('group_name').orderBy('position').orderBy('name').execute();
    return rows.map(toOpd);
  }

  async get(id: string): Promise<Opd | null> {
    const row = await this.db.selectFrom('opds').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOpd(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<Opd[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('opds')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(toOpd);
  }

  async findByShortNames(shortNames: readonly string[]): Promise<Opd[]> {
    if (shortNames.length === 0) return [];
    const keys = shortNames.map((s) => s.toLowerCase());
    const rows = await this.db.selectFrom('opds').selectAll().where('short_key', 'in', keys).execute();
    return rows.map(toOpd);
  }

  async groups(): Promise<string[]> {
    const rows = await this.db.selectFrom('opds').select('group_name').distinct().where('archived_at', 'is', null).orderBy('group_name').execute();
    return rows.map((r) => r.group_name);
  }

  async lastPosition(group: string): Promise<number> {
    const row = await this.db
      .selectFrom('opds')
      .select((eb) => eb.fn.max<number | null>('position').as('last'))
      .where('group_name', '=', group)
      .executeTakeFirst();
    return row?.last ?? 0;
  }

  async setPosition(id: string, position: number): Promise<void> {
    await this.db.updateTable('opds').set({ position }).where('id', '=', id).execute();
  }

  async insert(opd: Opd): Promise<void> {
    await this.db
      .insertInto('opds')
      .values(toRow(opd, opd.archived ? opd.updatedAt : null))
      .execute();
  }

  async update(opd: Opd): Promise<void> {
    const current = await this.db.selectFrom('opds').select('archived_at').where('id', '=', opd.id).executeTakeFirst();
    // Keep the original archive time when the unit stays archived.
    const archivedAt = opd.archived ? (current?.archived_at ?? opd.updatedAt) : null;
    const { id, created_at, ...rest } = toRow(opd, archivedAt);
    void created_at;
    await this.db.updateTable('opds').set(rest).where('id', '=', id).execute();
  }
}
