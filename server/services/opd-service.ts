import { randomUUID } from 'node:crypto';
import type { CsvEncoding, Opd, OpdImportPreview, OpdImportResult, OpdInput, OpdListQuery, OpdPatch, OpdReorderInput } from '../../shared/protocol';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Store } from '../store/ports';
import { parseOpdCsv } from './opd-csv';

/** The directory of agencies (OPD): list, search, add, edit, archive, import. */
export class OpdService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  list(query: OpdListQuery): Promise<Opd[]> {
    return this.store.opds.list(query);
  }

  groups(): Promise<string[]> {
    return this.store.opds.groups();
  }

  async create(input: OpdInput): Promise<Opd> {
    await this.assertShortNameFree(input.shortName);
    const now = this.clock.now().toISOString();
    // A new unit joins the end of its group.
    const position = (await this.store.opds.lastPosition(input.group)) + 1;
    const opd: Opd = { ...input, id: randomUUID(), position, archived: false, createdAt: now, updatedAt: now };
    await this.store.opds.insert(opd);
    return opd;
  }

  async update(id: string, patch: OpdPatch): Promise<Opd> {
    const current = await this.get(id);
    if (patch.shortName !== undefined) await this.assertShortNameFree(patch.shortName, id);
    const next: Opd = { ...current, ...patch, updatedAt: this.clock.now().toISOString() };
    // Moved to another group: it joins the end of that one.
    if (next.group !== current.group) next.position = (await this.store.opds.lastPosition(next.group)) + 1;
    await this.store.opds.update(next);
    return next;
  }

  /**
   * A group's new order: the ids of every active OPD of the group, each once (else 409, as a
   * stale screen's reorder would be). Archived units of the group keep their order, after them.
   */
  reorder(input: OpdReorderInput): Promise<Opd[]> {
    return this.store.transaction(async (repos) => {
      const members = await repos.opds.list({ group: input.group, includeArchived: true });
      const active = members.filter((o) => !o.archived);
      if (active.length === 0) throw new AppError('not_found', 'errors.groupWithoutActiveOpd', { group: input.group }, 'group');
      const ids = new Set(input.opdIds);
      const permutation = ids.size === input.opdIds.length && ids.size === active.length && active.every((o) => ids.has(o.id));
      if (!permutation) {
        throw new AppError('conflict', 'errors.groupOrderStale', { n: active.length, group: input.group }, 'opdIds');
      }
      const order = [...input.opdIds, ...members.filter((o) => o.archived).map((o) => o.id)];
      for (const [i, id] of order.entries()) await repos.opds.setPosition(id, i + 1);
      return repos.opds.list({ group: input.group, includeArchived: false });
    });
  }

  async setArchived(id: string, archived: boolean): Promise<Opd> {
    const current = await this.get(id);
    if (current.archived === archived) return current;
    const next: Opd = { ...current, archived, updatedAt: this.clock.now().toISOString() };
    await this.store.opds.update(next);
    return next;
  }

  /** `encoding`: how the route read the file's bytes (pasted text is already text). */
  async previewImport(csv: string, encoding: CsvEncoding = 'utf-8'): Promise<OpdImportPreview> {
    const { rows, problems, hasWhatsapp } = parseOpdCsv(csv);
    const existing = await this.store.opds.findByShortNames(rows.map((r) => r.opd.shortName));
    const known = new Map(existing.map((o) => [o.shortName.toLowerCase(), o]));
    return {
      rows: rows.map((r) => {
        const current = known.get(r.opd.shortName.toLowerCase());
        return { line: r.line, action: current ? 'update' : 'create', opd: current && !hasWhatsapp ? { ...r.opd, whatsapp: current.whatsapp } : r.opd };
      }),
      errors: problems,
      csv,
      encoding,
    };
  }

  /** Applies a whole import in one transaction, or nothing when any row is bad. */
  async applyImport(csv: string): Promise<OpdImportResult> {
    const { rows, problems, hasWhatsapp } = parseOpdCsv(csv);
    if (problems.length > 0) {
      throw new AppError('import_invalid', 'errors.importRowsInvalid', { n: problems.length }, undefined, problems);
    }
    if (rows.length === 0) throw new AppError('bad_request', 'errors.csvNoRows', {}, 'csv');
    const now = this.clock.now().toISOString();
    return this.store.transaction(async (repos) => {
      const existing = await repos.opds.findByShortNames(rows.map((r) => r.opd.shortName));
      const byKey = new Map(existing.map((o) => [o.shortName.toLowerCase(), o]));
      let created = 0;
      let updated = 0;
      // New units join the end of their group in the file's order; updated ones keep their place
      // unless they change group.
      const last = new Map<string, number>();
      const nextPosition = async (group: string) => {
        const position = (last.get(group) ?? (await repos.opds.lastPosition(group))) + 1;
        last.set(group, position);
        return position;
      };
      for (const { opd } of rows) {
        const current = byKey.get(opd.shortName.toLowerCase());
        if (current) {
          const position = opd.group === current.group ? current.position : await nextPosition(opd.group);
          // A file without the WhatsApp column keeps the numbers the directory holds.
          const whatsapp = hasWhatsapp ? opd.whatsapp : current.whatsapp;
          await repos.opds.update({ ...current, ...opd, whatsapp, position, updatedAt: now });
          updated++;
        } else {
          await repos.opds.insert({ ...opd, id: randomUUID(), position: await nextPosition(opd.group), archived: false, createdAt: now, updatedAt: now });
          created++;
        }
      }
      return { created, updated };
    });
  }

  private async get(id: string): Promise<Opd> {
    const opd = await this.store.opds.get(id);
    if (!opd) throw new AppError('not_found', 'errors.opdMissing');
    return opd;
  }

  private async assertShortNameFree(shortName: string, exceptId?: string): Promise<void> {
    const [clash] = await this.store.opds.findByShortNames([shortName]);
    if (clash && clash.id !== exceptId) {
      throw new AppError('conflict', 'errors.shortNameTaken', { shortName, name: clash.name }, 'shortName');
    }
  }
}
