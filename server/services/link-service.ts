import { randomBytes, randomUUID } from 'node:crypto';
import type { LinkRole } from '../../shared/domain/roles/roles';
import type { Meeting, MeetingLink } from '../../shared/protocol';
import { PAGES } from '../../shared/protocol/api';
import { invitationText, plannedTurnText } from '../../shared/domain/meeting/invitation';
import { deriveLinkToken, hashToken } from '../auth/crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { LinkRecord, Repositories, Store } from '../store/ports';
import type { EventBus } from '../events';
import { csvDocument, type CsvCell } from './csv-writer';
import { qrDataUrl } from './qr-code';

/** The labels of links that are not a person's: they are data, shown as they are in lists and CSV. */
const FIXED_LABELS: Partial<Record<LinkRole, string>> = { projector: 'Proyektor', observer: 'Pengamat' };

interface WantedLink {
  role: LinkRole;
  participantId: string | null;
  notulisIndex: number | null;
  label: string;
}

function wantedLinks(meeting: Meeting): WantedLink[] {
  return [
    { role: 'chair', participantId: null, notulisIndex: null, label: meeting.chairName },
    ...meeting.notulis.map((name, i) => ({ role: 'notulis' as const, participantId: null, notulisIndex: i, label: name })),
    { role: 'projector', participantId: null, notulisIndex: null, label: FIXED_LABELS.projector! },
    { role: 'observer', participantId: null, notulisIndex: null, label: FIXED_LABELS.observer! },
    ...meeting.participants.map((p) => ({
      role: 'participant' as const,
      participantId: p.id,
      notulisIndex: null,
      label: p.representativeName ? `${p.opdShortName} (${p.representativeName})` : p.opdShortName,
    })),
  ];
}

const slotKey = (l: { role: LinkRole; participantId: string | null; notulisIndex: number | null }) =>
  `${l.role}:${l.participantId ?? ''}:${l.notulisIndex ?? ''}`;

const ROLE_RANK: Record<LinkRole, number> = { chair: 0, notulis: 1, projector: 2, observer: 3, participant: 4 };

/**
 * Chair, notulis, projector, observer, then participants in the meeting's speaking order (not
 * the order their links were made in: a reorder or a late addition moves them); revoked ones last.
 */
function inListOrder(links: readonly LinkRecord[], meeting: Meeting | null): LinkRecord[] {
  const position = new Map(meeting?.participants.map((p) => [p.id, p.position]) ?? []);
  const rank = (l: LinkRecord): [revoked: number, role: number, position: number] => [
    l.revokedAt ? 1 : 0,
    ROLE_RANK[l.role],
    l.notulisIndex ?? position.get(l.participantId ?? '') ?? 0,
  ];
  return [...links].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  });
}

/** Personal links: one per meeting role and per participant, revocable, re-issuable. */
export class LinkService {
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
    private readonly publicUrl: string,
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {}

  url(link: Pick<LinkRecord, 'id' | 'nonce'>): string {
    return `${this.publicUrl}${PAGES.linkLanding(deriveLinkToken(this.key, link.id, link.nonce))}`;
  }

  /**
   * Makes the meeting's active links match its roles and participants: a new participant gets a
   * link, a removed one loses it, a renamed one keeps its link under the new label.
   * Returns the ids of links revoked, whose sessions the caller ends.
   */
  async sync(repos: Repositories, meeting: Meeting): Promise<string[]> {
    const now = this.clock.now().toISOString();
    const active = (await repos.links.listByMeeting(meeting.id)).filter((l) => !l.revokedAt);
    const bySlot = new Map(active.map((l) => [slotKey(l), l]));
    const wanted = wantedLinks(meeting);
    const wantedKeys = new Set(wanted.map(slotKey));
    for (const w of wanted) {
      const existing = bySlot.get(slotKey(w));
      if (!existing) await repos.links.insert(this.newLink(meeting.id, w, now));
      else if (existing.label !== w.label) await repos.links.updateLabel(existing.id, w.label);
    }
    const revoked: string[] = [];
    for (const link of active) {
      if (wantedKeys.has(slotKey(link))) continue;
      await repos.links.revoke(link.id, now);
      await repos.sessions.deleteByLink(link.id);
      revoked.push(link.id);
    }
    return revoked;
  }

  /** Every link of the meeting, in list order (see inListOrder). */
  async list(meetingId: string): Promise<MeetingLink[]> {
    const links = await this.store.links.listByMeeting(meetingId);
    const meeting = await this.store.meetings.get(meetingId);
    return Promise.all(inListOrder(links, meeting).map((l) => this.view(l)));
  }

  async revoke(meetingId: string, linkId: string): Promise<MeetingLink> {
    const link = await this.findOwn(meetingId, linkId);
    const now = this.clock.now().toISOString();
    await this.store.transaction(async (repos) => {
      await repos.links.revoke(link.id, now);
      await repos.sessions.deleteByLink(link.id);
    });
    this.bus.emit('links.revoked', { linkIds: [link.id] });
    return this.view({ ...link, revokedAt: link.revokedAt ?? now });
  }

  /** Revokes the link and gives the same person a fresh one. */
  async reissue(meetingId: string, linkId: string): Promise<MeetingLink> {
    const link = await this.findOwn(meetingId, linkId);
    const now = this.clock.now().toISOString();
    const fresh = this.newLink(meetingId, link, now);
    await this.store.transaction(async (repos) => {
      const current = (await repos.links.listByMeeting(meetingId)).find((l) => !l.revokedAt && slotKey(l) === slotKey(link));
      if (current && current.id !== link.id) {
        throw new AppError('conflict', 'errors.linkSuperseded');
      }
      await repos.links.revoke(link.id, now);
      await repos.sessions.deleteByLink(link.id);
      await repos.links.insert(fresh);
    });
    this.bus.emit('links.revoked', { linkIds: [link.id] });
    return this.view(fresh);
  }

  /**
   * Every active link as CSV, for mail merges and printing; a participant's row also carries its
   * planned turn and its invitation (plain text, lines separated by LF inside the quoted field).
   */
  async csv(meetingId: string): Promise<string> {
    const meeting = await this.store.meetings.get(meetingId);
    const links = inListOrder(
      (await this.store.links.listByMeeting(meetingId)).filter((l) => !l.revokedAt),
      meeting,
    );
    const byId = new Map(meeting?.participants.map((p) => [p.id, p]) ?? []);
    const rows: CsvCell[][] = [['role', 'label', 'url', 'planned_time', 'invitation']];
    for (const l of links) {
      const url = this.url(l);
      const participant = l.participantId ? byId.get(l.participantId) : undefined;
      const plan = meeting && participant ? [plannedTurnText(meeting, participant.id), invitationText(meeting, participant, url, 'plain')] : ['', ''];
      rows.push([l.role, l.label, url, ...plan]);
    }
    return csvDocument(rows);
  }

  /** The personal link of each participant with an active one, by participant id. */
  async participantUrls(meetingId: string): Promise<Map<string, string>> {
    const links = await this.store.links.listByMeeting(meetingId);
    return new Map(links.filter((l) => l.role === 'participant' && l.participantId && !l.revokedAt).map((l) => [l.participantId!, this.url(l)]));
  }

  private async findOwn(meetingId: string, linkId: string): Promise<LinkRecord> {
    const link = await this.store.links.get(linkId);
    if (!link || link.meetingId !== meetingId) throw new AppError('not_found', 'errors.linkNotInMeeting');
    return link;
  }

  private newLink(meetingId: string, w: WantedLink, now: string): LinkRecord {
    const id = randomUUID();
    const nonce = randomBytes(16).toString('base64url');
    return {
      id,
      meetingId,
      role: w.role,
      participantId: w.participantId,
      notulisIndex: w.notulisIndex,
      label: w.label,
      nonce,
      tokenHash: hashToken(deriveLinkToken(this.key, id, nonce)),
      createdAt: now,
      revokedAt: null,
    };
  }

  private async view(l: LinkRecord): Promise<MeetingLink> {
    const url = this.url(l);
    return {
      id: l.id,
      role: l.role,
      label: l.label,
      participantId: l.participantId,
      url,
      qr: await qrDataUrl(url, { errorCorrectionLevel: 'M', margin: 1, width: 256 }),
      revoked: l.revokedAt !== null,
      createdAt: l.createdAt,
    };
  }
}
