import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { JobRepository, SecretRepository } from './ports';

export class SqlSecretRepository implements SecretRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async getOrCreate(name: string, create: () => Uint8Array): Promise<Uint8Array> {
    const stored = await this.find(name);
    if (stored) return stored;
    // Two nodes booting at once both get here: the first insert wins, the second does nothing, and
    // both read back the one value that was stored.
    await this.db
      .insertInto('secrets')
      .values({ name, value: create(), created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const value = await this.find(name);
    if (!value) throw new Error(`the secret ${name} was neither stored nor found`);
    return value;
  }

  private async find(name: string): Promise<Uint8Array | null> {
    const row = await this.db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst();
    return row ? new Uint8Array(row.value) : null;
  }
}

export class SqlJobRepository implements JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(name: string, now: number, periodMs: number, owner: string): Promise<boolean> {
    // A job seen for the first time is due at once.
    await this.db
      .insertInto('cluster_jobs')
      .values({ name, next_run_at: now, owner: null, ran_at: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // One statement decides: of several nodes updating the row at once, PostgreSQL lets one through
    // and re-checks the condition for the others against the row it wrote, which is no longer due.
    const result = await this.db
      .updateTable('cluster_jobs')
      .set({ next_run_at: now + periodMs, owner, ran_at: now })
      .where('name', '=', name)
      .where('next_run_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
