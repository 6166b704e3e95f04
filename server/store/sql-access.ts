import type { Kysely, Selectable } from 'kysely';
import type { LinkRole, Role } from '../../shared/domain/roles/roles';
import type { Database, LinksTable, SessionsTable } from './schema';
import type { LinkRecord, LinkRepository, SessionRecord, SessionRepository, SetupTokenRepository, UserRecord, UserRepository } from './ports';

export class SqlUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? { id: row.id, username: row.username, passwordHash: row.password_hash, createdAt: row.created_at } : null;
  }

  async insert(user: UserRecord): Promise<void> {
    await this.db.insertInto('users').values({ id: user.id, username: user.username, password_hash: user.passwordHash, created_at: user.createdAt }).execute();
  }
}

export class SqlSetupTokenRepository implements SetupTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async replace(tokenHash: string, now: string): Promise<void> {
    await this.db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
    await this.db.insertInto('setup_tokens').values({ token_hash: tokenHash, created_at: now, used_at: null }).execute();
  }

  async consume(tokenHash: string, now: string): Promise<boolean> {
    const res = await this.db
      .updateTable('setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    idHash: row.id_hash,
    role: row.role as Role,
    name: row.name,
    userId: row.user_id,
    meetingId: row.meeting_id,
    participantId: row.participant_id,
    linkId: row.link_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class SqlSessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        role: s.role,
        name: s.name,
        user_id: s.userId,
        meeting_id: s.meetingId,
        participant_id: s.participantId,
        link_id: s.linkId,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  async find(idHash: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async touch(idHash: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteByLink(linkId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('link_id', '=', linkId).execute();
  }

  async deleteExpired(now: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).returning('id_hash').execute();
    return rows.map((r) => r.id_hash);
  }
}

function toLink(row: Selectable<LinksTable>): LinkRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    role: row.role as LinkRole,
    participantId: row.participant_id,
    notulisIndex: row.notulis_index,
    label: row.label,
    nonce: row.nonce,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export class SqlLinkRepository implements LinkRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listByMeeting(meetingId: string): Promise<LinkRecord[]> {
    const rows = await this.db.selectFrom('links').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toLink);
  }

  async get(id: string): Promise<LinkRecord | null> {
    const row = await this.db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    const row = await this.db.selectFrom('links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async insert(l: LinkRecord): Promise<void> {
    await this.db
      .insertInto('links')
      .values({
        id: l.id,
        meeting_id: l.meetingId,
        role: l.role,
        participant_id: l.participantId,
        notulis_index: l.notulisIndex,
        label: l.label,
        nonce: l.nonce,
        token_hash: l.tokenHash,
        created_at: l.createdAt,
        revoked_at: l.revokedAt,
      })
      .execute();
  }

  async revoke(id: string, now: string): Promise<void> {
    await this.db.updateTable('links').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async updateLabel(id: string, label: string): Promise<void> {
    await this.db.updateTable('links').set({ label }).where('id', '=', id).execute();
  }
}
