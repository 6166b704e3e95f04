import { randomUUID } from 'node:crypto';
import type { LinkExchangeInput, LoginInput, SessionInfo, SetupInput } from '../../shared/protocol';
import type { Actor } from '../../shared/domain/roles/roles';
import { hashPassword, hashToken, randomToken, verifyPassword } from '../auth/crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { EventBus, SessionEndReason } from '../events';
import type { SessionRecord, Store } from '../store/ports';

/** A session as the edges see it: who, scoped to what, and how to authorise it. */
export interface ActiveSession extends SessionRecord {
  actor: Actor;
}

export interface IssuedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  info: SessionInfo;
}

// A fixed hash to compare against when the username is unknown, so timing does not tell.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

export function sessionInfo(s: SessionRecord): SessionInfo {
  return { role: s.role, name: s.name, meetingId: s.meetingId, participantId: s.participantId, expiresAt: s.expiresAt };
}

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {}

  async setupRequired(): Promise<boolean> {
    return (await this.store.users.count()) === 0;
  }

  /** With no admin yet, makes a fresh one-time setup token (the previous one stops working). */
  async issueSetupToken(): Promise<string | null> {
    if (!(await this.setupRequired())) return null;
    const token = randomToken();
    await this.store.setupTokens.replace(hashToken(token), this.clock.now().toISOString());
    return token;
  }

  async setup(input: SetupInput): Promise<IssuedSession> {
    const now = this.clock.now().toISOString();
    const passwordHash = await hashPassword(input.password);
    const userId = randomUUID();
    await this.store.transaction(async (repos) => {
      if ((await repos.users.count()) > 0) {
        throw new AppError('setup_invalid', 'errors.alreadySetUp');
      }
      if (!(await repos.setupTokens.consume(hashToken(input.token), now))) {
        throw new AppError('setup_invalid', 'errors.setupLinkInvalid', {}, 'token');
      }
      await repos.users.insert({ id: userId, username: input.username, passwordHash, createdAt: now });
    });
    return this.issue({ role: 'admin', name: input.username, userId, meetingId: null, participantId: null, linkId: null });
  }

  async login(input: LoginInput): Promise<IssuedSession> {
    const user = await this.store.users.findByUsername(input.username);
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new AppError('invalid_credentials', 'errors.wrongCredentials');
    return this.issue({ role: 'admin', name: user.username, userId: user.id, meetingId: null, participantId: null, linkId: null });
  }

  async exchangeLink(input: LinkExchangeInput): Promise<IssuedSession> {
    const link = await this.store.links.findByTokenHash(hashToken(input.token));
    if (!link) throw new AppError('link_unknown', 'errors.linkUnknown');
    if (link.revokedAt) throw new AppError('link_revoked', 'errors.linkRevoked');
    return this.issue({
      role: link.role,
      name: link.label,
      userId: null,
      meetingId: link.meetingId,
      participantId: link.participantId,
      linkId: link.id,
    });
  }

  /** The live session behind a cookie, sliding its expiry; null when unknown or expired. */
  async resolve(token: string | undefined): Promise<ActiveSession | null> {
    if (!token) return null;
    return this.resolveHash(hashToken(token));
  }

  /**
   * The live session with this id hash, sliding its expiry: what a socket checks on every use,
   * since its cookie was read once at the handshake. Null when ended or expired.
   */
  async resolveHash(idHash: string): Promise<ActiveSession | null> {
    const record = await this.store.sessions.find(idHash);
    if (!record) return null;
    const now = this.clock.now().getTime();
    const expires = Date.parse(record.expiresAt);
    if (expires <= now) {
      await this.store.sessions.delete(idHash);
      this.ended([idHash], 'expired');
      return null;
    }
    // Slide the expiry only when half of it is gone, so reads do not write on every request.
    if (expires - now < this.sessionTtlMs / 2) {
      record.expiresAt = new Date(now + this.sessionTtlMs).toISOString();
      await this.store.sessions.touch(idHash, record.expiresAt);
    }
    return { ...record, actor: { role: record.role, meetingId: record.meetingId, participantId: record.participantId } };
  }

  /** True once a session held in memory (by a socket) is past the expiry it was last read with. */
  expired(session: SessionRecord): boolean {
    return Date.parse(session.expiresAt) <= this.clock.now().getTime();
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const idHash = hashToken(token);
    await this.store.sessions.delete(idHash);
    this.ended([idHash], 'logout');
  }

  /** Deletes the sessions past their expiry and ends their sockets; returns how many. */
  async purgeExpired(): Promise<number> {
    const idHashes = await this.store.sessions.deleteExpired(this.clock.now().toISOString());
    if (idHashes.length > 0) this.ended(idHashes, 'expired');
    return idHashes.length;
  }

  /** Sessions that end here (logout, expiry) are announced, so their live sockets close too. */
  private ended(idHashes: readonly string[], reason: SessionEndReason): void {
    this.bus.emit('sessions.ended', { idHashes, reason });
  }

  private async issue(fields: Omit<SessionRecord, 'idHash' | 'createdAt' | 'expiresAt'>): Promise<IssuedSession> {
    const token = randomToken();
    const now = this.clock.now();
    const record: SessionRecord = {
      ...fields,
      idHash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionTtlMs).toISOString(),
    };
    await this.store.sessions.insert(record);
    return { token, info: sessionInfo(record) };
  }
}
