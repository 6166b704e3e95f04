import { createHash, randomUUID } from 'node:crypto';
import { dateInZone } from '../../shared/domain/time';
import type { Meeting, Opd } from '../../shared/protocol';
import {
  ATTACHMENT_TYPES,
  isOpenStatus,
  isOverdue,
  MAX_ATTACHMENT_BYTES,
  type AttachmentType,
  type CarriedFollowUp,
  type FollowUpDetail,
  type FollowUpPatch,
  type FollowUpQuery,
  type ProgressNote,
  type ProgressNoteInput,
  type ReviewInput,
  type TrackedFollowUp,
} from '../../shared/protocol/follow-ups';
import { hashToken, randomToken } from '../auth/crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { FollowUpListRow, ProgressNoteRow, Store } from '../store/ports';
import type { MinutesService } from './minutes-service';

/**
 * Who acts on the tracker: the secretariat (an admin session), or an owner OPD, through a
 * participant's personal link of any of its meetings or through its standing OPD page.
 */
export type Principal = { kind: 'staff'; name: string } | { kind: 'opd'; opdId: string; name: string };

/** A file as it arrived in a form: checked here, by its first bytes, before anything is stored. */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** What the first bytes of a file say it is; null for any type the tracker refuses. */
export function sniffAttachment(bytes: Uint8Array): AttachmentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(-120) || 'lampiran';
}

export function attachmentTooLarge(sizeBytes: number): AppError {
  return new AppError(
    'too_large',
    'followUps.fileTooLarge',
    { maxMb: MAX_ATTACHMENT_BYTES / (1024 * 1024), sizeMb: (sizeBytes / (1024 * 1024)).toFixed(1) },
    'file',
  );
}

/** The tracker of tindak lanjut across meetings (shared/protocol/follow-ups.ts). */
export class FollowUpService {
  constructor(
    private readonly store: Store,
    private readonly minutes: MinutesService,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {
    minutes.setPreviousSource((meeting, listed) => this.previous(meeting, listed));
  }

  /** The secretariat's list: every meeting's items, filtered. */
  async list(query: FollowUpQuery): Promise<TrackedFollowUp[]> {
    const rows = await this.store.followUps.search({
      ...(query.opdId ? { opdIds: [query.opdId] } : {}),
      ...(query.seriesId ? { seriesId: query.seriesId } : {}),
      ...(query.status ? { statuses: query.status } : {}),
    });
    const items = await this.present(rows);
    return query.overdue ? items.filter((i) => i.overdue) : items;
  }

  /** An OPD's own items, from every meeting: open ones first, the soonest due first. */
  async forOpd(opdId: string): Promise<TrackedFollowUp[]> {
    const items = await this.present(await this.store.followUps.search({ opdIds: [opdId] }));
    const rank = (i: TrackedFollowUp) => (isOpenStatus(i.status) ? 0 : 1);
    return items.sort((a, b) => rank(a) - rank(b) || (a.dueDate || '9999').localeCompare(b.dueDate || '9999') || b.meetingDate.localeCompare(a.meetingDate));
  }

  async detail(meetingId: string, followUpId: string, who: Principal): Promise<FollowUpDetail> {
    const item = await this.visible(meetingId, followUpId, who);
    const notes = await this.store.followUps.notes(meetingId, followUpId);
    return { ...item, notes: await this.presentNotes(notes) };
  }

  /**
   * A progress note by the owner OPD or the secretariat: its text, link and file, and the status it
   * moves the item to. The note, the file and the status land together; a draft of the minutes
   * then takes the status.
   */
  async addNote(meetingId: string, followUpId: string, who: Principal, input: ProgressNoteInput, upload: Upload | null): Promise<FollowUpDetail> {
    const item = await this.visible(meetingId, followUpId, who);
    const file = upload ? this.checkUpload(upload) : null;
    const now = this.clock.now().toISOString();
    const statusTo = input.status !== undefined && input.status !== item.status ? input.status : null;
    const note: ProgressNoteRow = {
      id: randomUUID(),
      meetingId,
      followUpId,
      createdAt: now,
      authorName: who.name,
      authorOpdId: who.kind === 'opd' ? who.opdId : null,
      statusFrom: statusTo ? item.status : null,
      statusTo,
      text: input.text,
      linkUrl: input.link,
      fileId: file?.id ?? null,
    };
    await this.store.transaction(async (repos) => {
      await repos.minutes.lock(meetingId);
      if (file) await repos.followUps.addFile({ ...file, createdAt: now });
      await repos.followUps.addNote(note);
      if (statusTo) {
        const row = await repos.followUps.get(meetingId, followUpId);
        if (!row) throw new AppError('not_found', 'followUps.notFound');
        await repos.followUps.upsert({ ...row, status: statusTo, updatedAt: now, updatedBy: who.name });
      }
    });
    if (statusTo) await this.minutes.trackerChanged(meetingId);
    return this.detail(meetingId, followUpId, who);
  }

  /** The secretariat's edit outside the minutes: a status or a new due date, recorded as a note. */
  async patch(meetingId: string, followUpId: string, who: Principal, patch: FollowUpPatch): Promise<FollowUpDetail> {
    const now = this.clock.now().toISOString();
    await this.store.transaction(async (repos) => {
      await repos.minutes.lock(meetingId);
      const row = await repos.followUps.get(meetingId, followUpId);
      if (!row) throw new AppError('not_found', 'followUps.notFound');
      const status = patch.status ?? row.status;
      const dueDate = patch.dueDate ?? row.dueDate;
      if (status === row.status && dueDate === row.dueDate) return;
      await repos.followUps.upsert({ ...row, status, dueDate, updatedAt: now, updatedBy: who.name });
      await repos.followUps.addNote({
        id: randomUUID(),
        meetingId,
        followUpId,
        createdAt: now,
        authorName: who.name,
        authorOpdId: null,
        statusFrom: status !== row.status ? row.status : null,
        statusTo: status !== row.status ? status : null,
        text: dueDate !== row.dueDate ? `Batas waktu: ${row.dueDate || '-'} → ${dueDate || '-'}` : '',
        linkUrl: '',
        fileId: null,
      });
    });
    await this.minutes.trackerChanged(meetingId);
    return this.detail(meetingId, followUpId, who);
  }

  /** A note's file, for whoever may see the item. */
  async noteFile(meetingId: string, followUpId: string, noteId: string, who: Principal): Promise<{ name: string; mime: string; bytes: Uint8Array }> {
    await this.visible(meetingId, followUpId, who);
    const note = (await this.store.followUps.notes(meetingId, followUpId)).find((n) => n.id === noteId);
    const file = note?.fileId ? await this.store.followUps.file(note.fileId) : null;
    if (!file) throw new AppError('not_found', 'followUps.fileNotFound');
    return file;
  }

  /**
   * The earlier meetings' items a meeting brings back: those of the OPDs on its list, from
   * meetings dated before it, still open, or reviewed by this meeting (so an item closed during
   * the meeting stays on its list, with its new status).
   */
  async previous(meeting: Meeting, listed: readonly string[] = []): Promise<CarriedFollowUp[]> {
    const opdIds = [...new Set(meeting.participants.map((p) => p.opdId))];
    const [rows, reviews] = await Promise.all([this.store.followUps.search({ opdIds, meetingBefore: meeting.date }), this.store.followUps.reviews(meeting.id)]);
    const reviewOf = new Map(reviews.map((r) => [`${r.fromMeetingId}/${r.followUpId}`, r]));
    // Listed once, listed until the minutes are final: an item closed meanwhile shows its new status.
    const keep = new Set([...reviewOf.keys(), ...listed]);
    const kept = rows.filter((r) => r.meetingId !== meeting.id && (isOpenStatus(r.status) || keep.has(`${r.meetingId}/${r.id}`)));
    const items = await this.present(kept);
    return items
      .map((item) => {
        const review = reviewOf.get(`${item.meetingId}/${item.id}`);
        return { ...item, decision: review?.decision ?? null, decidedBy: review?.decidedBy ?? null, decidedAt: review?.decidedAt ?? null };
      })
      .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate) || a.position - b.position);
  }

  /**
   * The chair's (or the secretariat's) decision on an earlier item in this meeting: carried on,
   * or closed (Selesai). Recorded once: a second decision on the same item is refused, naming the first.
   */
  async review(meeting: Meeting, input: ReviewInput, who: Principal): Promise<CarriedFollowUp[]> {
    const listed = (await this.previous(meeting)).find((i) => i.meetingId === input.fromMeetingId && i.id === input.followUpId);
    if (!listed) throw new AppError('not_found', 'followUps.notListed');
    const now = this.clock.now().toISOString();
    const closing = input.decision === 'closed' && isOpenStatus(listed.status);
    const recorded = await this.store.transaction(async (repos) => {
      await repos.minutes.lock(input.fromMeetingId);
      const first = await repos.followUps.addReview({
        meetingId: meeting.id,
        fromMeetingId: input.fromMeetingId,
        followUpId: input.followUpId,
        decision: input.decision,
        decidedBy: who.name,
        decidedAt: now,
      });
      if (!first) return false;
      const row = await repos.followUps.get(input.fromMeetingId, input.followUpId);
      if (!row) throw new AppError('not_found', 'followUps.notFound');
      if (closing) await repos.followUps.upsert({ ...row, status: 'done', updatedAt: now, updatedBy: who.name });
      await repos.followUps.addNote({
        id: randomUUID(),
        meetingId: input.fromMeetingId,
        followUpId: input.followUpId,
        createdAt: now,
        authorName: who.name,
        authorOpdId: null,
        statusFrom: closing ? row.status : null,
        statusTo: closing ? 'done' : null,
        text: `${input.decision === 'closed' ? 'Ditutup' : 'Dilanjutkan'} pada rapat «${meeting.title}» (${meeting.date}).`,
        linkUrl: '',
        fileId: null,
      });
      return true;
    });
    if (!recorded) {
      const first = (await this.store.followUps.reviews(meeting.id)).find((r) => r.fromMeetingId === input.fromMeetingId && r.followUpId === input.followUpId);
      throw new AppError('conflict', first?.decision === 'closed' ? 'followUps.alreadyClosed' : 'followUps.alreadyCarried', { by: first?.decidedBy ?? '?' });
    }
    if (closing) await this.minutes.trackerChanged(input.fromMeetingId);
    await this.minutes.refreshPrevious(meeting.id);
    return this.previous(meeting);
  }

  /** A new standing page link for the OPD (the old one stops working): its address, shown once. */
  async createPageLink(opdId: string, who: Principal): Promise<{ url: string; createdAt: string }> {
    await this.opd(opdId);
    const token = randomToken();
    const createdAt = this.clock.now().toISOString();
    await this.store.transaction((repos) => repos.followUps.addPageLink(opdId, hashToken(token), createdAt, who.name));
    return { url: `${this.publicUrl}/opd/${token}`, createdAt };
  }

  async revokePageLink(opdId: string): Promise<{ revoked: number }> {
    await this.opd(opdId);
    return { revoked: await this.store.followUps.revokePageLinks(opdId, this.clock.now().toISOString()) };
  }

  async pageLinkStatus(opdId: string): Promise<{ active: boolean; createdAt: string | null; createdBy: string | null }> {
    await this.opd(opdId);
    const link = await this.store.followUps.activePageLink(opdId);
    return { active: !!link, createdAt: link?.createdAt ?? null, createdBy: link?.createdBy ?? null };
  }

  /** The OPD a standing page's token opens, as the principal of its requests; a revoked or unknown token is refused. */
  async pagePrincipal(token: string): Promise<{ principal: Principal; opd: Opd }> {
    const opdId = token.length >= 20 && token.length <= 100 ? await this.store.followUps.pageLinkOpd(hashToken(token)) : null;
    if (!opdId) throw new AppError('link_revoked', 'followUps.pageLinkRevoked');
    const opd = await this.opd(opdId);
    return { principal: { kind: 'opd', opdId, name: opd.shortName }, opd };
  }

  /** The principal of a participant's personal-link session: its OPD, named with its representative. */
  async participantPrincipal(meeting: Meeting, participantId: string | null): Promise<{ principal: Principal; opd: Opd }> {
    const participant = meeting.participants.find((p) => p.id === participantId);
    if (!participant) throw new AppError('forbidden', 'errors.roleForbidden');
    const opd = await this.opd(participant.opdId);
    const name = participant.representativeName ? `${opd.shortName} (${participant.representativeName})` : opd.shortName;
    return { principal: { kind: 'opd', opdId: opd.id, name }, opd };
  }

  private async opd(opdId: string): Promise<Opd> {
    const [opd] = await this.store.opds.getMany([opdId]);
    if (!opd) throw new AppError('not_found', 'errors.opdMissing');
    return opd;
  }

  /** The item, if `who` may see it: the secretariat sees all, an OPD only the items it owns (others read as unknown). */
  private async visible(meetingId: string, followUpId: string, who: Principal): Promise<TrackedFollowUp> {
    const [row] = await this.store.followUps
      .search({ meetingIds: [meetingId], ...(who.kind === 'opd' ? { opdIds: [who.opdId] } : {}) })
      .then((rows) => rows.filter((r) => r.id === followUpId));
    if (!row) throw new AppError('not_found', 'followUps.notFound');
    const [item] = await this.present([row]);
    if (!item) throw new AppError('not_found', 'followUps.notFound');
    return item;
  }

  private checkUpload(upload: Upload): { id: string; name: string; mime: AttachmentType; sizeBytes: number; sha256: string; bytes: Uint8Array } {
    if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge(upload.bytes.length);
    if (upload.bytes.length === 0) throw new AppError('bad_request', 'followUps.fileEmpty', {}, 'file');
    const mime = sniffAttachment(upload.bytes);
    if (!mime || !(ATTACHMENT_TYPES as readonly string[]).includes(mime)) throw new AppError('unsupported_type', 'followUps.fileType', {}, 'file');
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    return { id: randomUUID(), name: cleanFileName(upload.name), mime, sizeBytes: upload.bytes.length, sha256, bytes: upload.bytes };
  }

  private async present(rows: readonly FollowUpListRow[]): Promise<TrackedFollowUp[]> {
    const ids = [...new Set(rows.flatMap((r) => r.opdIds))];
    const opds = new Map((ids.length ? await this.store.opds.getMany(ids) : []).map((o) => [o.id, o]));
    const now = this.clock.now();
    return rows.map((r) => ({
      meetingId: r.meetingId,
      id: r.id,
      position: r.position,
      action: r.action,
      opdIds: r.opdIds,
      opdShortNames: r.opdIds.map((id) => opds.get(id)?.shortName ?? '?'),
      dueDate: r.dueDate,
      status: r.status,
      overdue: isOverdue(r, dateInZone(now, r.meetingTimeZone)),
      meetingTitle: r.meetingTitle,
      meetingDate: r.meetingDate,
      seriesId: r.seriesId,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
      noteCount: r.noteCount,
    }));
  }

  private async presentNotes(notes: readonly ProgressNoteRow[]): Promise<ProgressNote[]> {
    const files = new Map((await this.store.followUps.fileMeta(notes.flatMap((n) => (n.fileId ? [n.fileId] : [])))).map((f) => [f.id, f]));
    return notes.map((n) => {
      const file = n.fileId ? files.get(n.fileId) : undefined;
      return {
        id: n.id,
        createdAt: n.createdAt,
        authorName: n.authorName,
        authorOpdId: n.authorOpdId,
        statusFrom: n.statusFrom,
        statusTo: n.statusTo,
        text: n.text,
        link: n.linkUrl,
        file: file ? { name: file.name, mime: file.mime, sizeBytes: file.sizeBytes } : null,
      };
    });
  }
}
