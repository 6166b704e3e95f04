import { createHash, randomUUID } from 'node:crypto';
import { can, type Actor } from '../../shared/domain/roles/roles';
import type { Meeting, QueueEvent } from '../../shared/protocol';
import {
  MATERIAL_READERS,
  MAX_MATERIAL_BYTES,
  MAX_MATERIAL_MB,
  materialShowSchema,
  type Material,
  type MaterialDisplay,
  type MaterialUploadFields,
} from '../../shared/protocol/materials';
import type { Clock } from '../clock';
import { AppError, parseInput } from '../errors';
import type { ActiveSession } from './auth-service';
import type { Upload } from './follow-up-service';
import { sniffAttachment } from './follow-up-service';
import type { MeetingService } from './meeting-service';
import { pdfPageCount } from './pdf-page-count';
import type { QueueService } from './queue-service';
import type { MaterialDisplayRow, MaterialRow, Store } from '../store/ports';

/** What the service tells the screens, once stored: the display, and that a meeting's bahan rapat changed. */
export interface MaterialListener {
  display(display: MaterialDisplay): void;
  changed(meetingId: string): void;
}

/** Queue events after which the floor may have moved: the display is checked against the new floor. */
const FLOOR_EVENTS: ReadonlySet<string> = new Set(['meeting.started', 'meeting.ended', 'session.switched', 'turn.started', 'turn.finished', 'turn.skipped']);

export function materialTooLarge(sizeBytes: number | null): AppError {
  return new AppError(
    'too_large',
    'materials.fileTooLarge',
    { maxMb: MAX_MATERIAL_MB, sizeMb: sizeBytes === null ? `> ${MAX_MATERIAL_MB}` : (sizeBytes / (1024 * 1024)).toFixed(1) },
    'file',
  );
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return clean.slice(-120) || 'paparan.pdf';
}

/** The title a paparan gets when its uploader gives none: the file's name without `.pdf`. */
function titleOf(fileName: string): string {
  return (
    fileName
      .replace(/\.pdf$/i, '')
      .replace(/[_]+/g, ' ')
      .trim() || 'Paparan'
  );
}

/**
 * Bahan rapat (shared/protocol/materials.ts): each participant's paparan, who may read it, and
 * what the room's projector shows of it. The display is stored before it is told to the screens
 * (through the listener app.ts gives, the hub's broadcast), like every other server state.
 */
export class MaterialService {
  private listener: MaterialListener = { display: () => {}, changed: () => {} };

  constructor(
    private readonly store: Store,
    private readonly meetings: MeetingService,
    private readonly queue: QueueService,
    private readonly clock: Clock,
  ) {}

  /** Where stored changes go (the hub's broadcasts to the meeting's room). */
  publishTo(listener: MaterialListener): void {
    this.listener = listener;
  }

  /** A participant's own paparan, or, for the admin, any participant's (`fields.participantId`). */
  async upload(meetingId: string, session: ActiveSession, fields: MaterialUploadFields, upload: Upload | null): Promise<Material> {
    const meeting = await this.meetings.get(meetingId);
    const participantId = this.writableParticipant(meeting, session, fields.participantId);
    if (!upload || upload.bytes.length === 0) throw new AppError('bad_request', 'materials.fileMissing', {}, 'file');
    if (upload.bytes.length > MAX_MATERIAL_BYTES) throw materialTooLarge(upload.bytes.length);
    // By its bytes, not its name: a text file called .pdf is not a PDF.
    if (sniffAttachment(upload.bytes) !== 'application/pdf') throw new AppError('unsupported_type', 'materials.fileType', {}, 'file');
    const pageCount = await pdfPageCount(upload.bytes);
    if (pageCount === null) throw new AppError('bad_request', 'materials.fileUnreadable', {}, 'file');
    const now = this.clock.now().toISOString();
    const name = cleanFileName(upload.name);
    const fileId = randomUUID();
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const row = { meetingId, participantId, fileId, title: fields.title || titleOf(name), pageCount, uploadedAt: now, uploadedBy: session.name };
    await this.store.transaction((repos) =>
      repos.materials.put(row, { id: fileId, name, mime: 'application/pdf', sizeBytes: upload.bytes.length, sha256, bytes: upload.bytes, createdAt: now }),
    );
    this.listener.changed(meetingId);
    // Shown right now: the projector reloads the new file, on a page it has.
    const display = await this.store.materials.display(meetingId);
    if (display?.participantId === participantId) {
      await this.saveDisplay(meeting, { ...display, page: Math.min(display.page, pageCount), updatedAt: now });
    }
    return present(meeting, { ...row, fileName: name, sizeBytes: upload.bytes.length });
  }

  /** The chair, the notulis, the secretariat and the projector read every OPD's paparan; a participant its own. */
  async list(meetingId: string, session: ActiveSession): Promise<Material[]> {
    const meeting = await this.meetings.get(meetingId);
    const own = this.readScope(meeting, session);
    const rows = await this.store.materials.forMeeting(meetingId);
    const order = new Map(meeting.participants.map((p) => [p.id, p.position]));
    return rows
      .filter((r) => order.has(r.participantId) && (own === null || r.participantId === own))
      .sort((a, b) => (order.get(a.participantId) ?? 0) - (order.get(b.participantId) ?? 0))
      .map((r) => present(meeting, r));
  }

  async file(meetingId: string, session: ActiveSession, participantId: string): Promise<{ name: string; bytes: Uint8Array }> {
    const meeting = await this.meetings.get(meetingId);
    const own = this.readScope(meeting, session);
    if (own !== null && own !== participantId) throw new AppError('forbidden', 'materials.readForbidden');
    const row = await this.store.materials.get(meetingId, participantId);
    const file = row && meeting.participants.some((p) => p.id === participantId) ? await this.store.followUps.file(row.fileId) : null;
    if (!file) throw new AppError('not_found', 'materials.notFound');
    return { name: file.name, bytes: file.bytes };
  }

  async remove(meetingId: string, session: ActiveSession, participantId: string): Promise<{ removed: true }> {
    const meeting = await this.meetings.get(meetingId);
    this.writableParticipant(meeting, session, participantId);
    const removed = await this.store.transaction((repos) => repos.materials.remove(meetingId, participantId));
    if (!removed) throw new AppError('not_found', 'materials.notFound');
    this.listener.changed(meetingId);
    const display = await this.store.materials.display(meetingId);
    if (display?.participantId === participantId) {
      await this.saveDisplay(meeting, { ...display, participantId: null, page: 1, turnId: null, updatedAt: this.clock.now().toISOString() });
    }
    return { removed: true };
  }

  /** What the projector shows now (any reader of the meeting: every screen follows it). */
  async display(meetingId: string): Promise<MaterialDisplay> {
    const meeting = await this.meetings.get(meetingId);
    return this.presentDisplay(meeting, await this.store.materials.display(meetingId));
  }

  /**
   * The socket command `material:show`: the chair (and the admin) shows any paparan, at any page,
   * or hides it; the participant that has the floor, only its own, only while it has the floor.
   */
  async show(payload: unknown, actor: Actor): Promise<MaterialDisplay> {
    const input = parseInput(materialShowSchema, payload);
    if (!can(actor, 'meeting.read', input.meetingId)) throw new AppError('forbidden', 'errors.otherMeeting');
    const meeting = await this.meetings.get(input.meetingId);
    const state = await this.queue.state(meeting.id);
    if (!can(actor, 'queue.chair', meeting.id)) {
      const own = actor.role === 'participant' ? actor.participantId : null;
      if (!own) throw new AppError('forbidden', 'materials.showForbidden');
      const floor = state.phase === 'running' && state.currentTurnId ? state.turns[state.currentTurnId] : undefined;
      if (floor?.participantId !== own) throw new AppError('forbidden', 'materials.notOnFloor');
      const shown = input.participantId ?? (await this.store.materials.display(meeting.id))?.participantId ?? own;
      if (shown !== own) throw new AppError('forbidden', 'materials.showForbidden');
    }
    let page = 1;
    if (input.participantId !== null) {
      if (!meeting.participants.some((p) => p.id === input.participantId)) throw new AppError('not_found', 'materials.participantUnknown');
      const row = await this.store.materials.get(meeting.id, input.participantId);
      if (!row) throw new AppError('not_found', 'materials.notFound');
      if (input.page > row.pageCount) throw new AppError('bad_request', 'materials.pageOutOfRange', { page: input.page, pages: row.pageCount }, 'page');
      page = input.page;
    }
    const row: MaterialDisplayRow = {
      meetingId: meeting.id,
      participantId: input.participantId,
      page,
      turnId: input.participantId === null ? null : state.currentTurnId,
      updatedAt: this.clock.now().toISOString(),
    };
    return this.saveDisplay(meeting, row);
  }

  /** The floor moved (queue events committed on this node): a paparan shown on another turn is hidden. */
  async queueEvents(meetingId: string, events: readonly QueueEvent[]): Promise<void> {
    if (!events.some((e) => FLOOR_EVENTS.has(e.body.type))) return;
    const state = await this.queue.state(meetingId);
    const cleared = await this.store.materials.clearDisplayUnlessTurn(
      meetingId,
      state.phase === 'running' ? state.currentTurnId : null,
      this.clock.now().toISOString(),
    );
    if (cleared) this.listener.display(await this.display(meetingId));
  }

  private async saveDisplay(meeting: Meeting, row: MaterialDisplayRow): Promise<MaterialDisplay> {
    await this.store.materials.setDisplay(row);
    const display = await this.presentDisplay(meeting, row);
    this.listener.display(display);
    return display;
  }

  private async presentDisplay(meeting: Meeting, row: MaterialDisplayRow | null): Promise<MaterialDisplay> {
    const material = row?.participantId ? await this.store.materials.get(meeting.id, row.participantId) : null;
    const shown = material && meeting.participants.some((p) => p.id === material.participantId) ? present(meeting, material) : null;
    return {
      meetingId: meeting.id,
      participantId: shown ? shown.participantId : null,
      page: shown && row ? row.page : 1,
      material: shown,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  /** null: every OPD's paparan; else the one participant whose own the session may read. */
  private readScope(meeting: Meeting, session: ActiveSession): string | null {
    if (!can(session.actor, 'meeting.read', meeting.id)) throw new AppError('forbidden', 'errors.roleForbidden');
    if (MATERIAL_READERS.includes(session.actor.role)) return null;
    const own = session.actor.role === 'participant' ? session.actor.participantId : null;
    if (!own || !meeting.participants.some((p) => p.id === own)) throw new AppError('forbidden', 'errors.roleForbidden');
    return own;
  }

  /** The participant whose paparan this session may upload or delete: its own, or (the admin) the one it names. */
  private writableParticipant(meeting: Meeting, session: ActiveSession, named: string | undefined): string {
    const { actor } = session;
    if (!can(actor, 'meeting.read', meeting.id)) throw new AppError('forbidden', 'errors.roleForbidden');
    let participantId: string;
    if (actor.role === 'admin') {
      if (!named) throw new AppError('bad_request', 'materials.participantRequired', {}, 'participantId');
      participantId = named;
    } else if (actor.role === 'participant' && actor.participantId && (named === undefined || named === actor.participantId)) {
      participantId = actor.participantId;
    } else {
      throw new AppError('forbidden', 'errors.roleForbidden');
    }
    if (!meeting.participants.some((p) => p.id === participantId)) throw new AppError('not_found', 'materials.participantUnknown');
    return participantId;
  }
}

function present(meeting: Meeting, r: MaterialRow): Material {
  const p = meeting.participants.find((x) => x.id === r.participantId);
  return {
    participantId: r.participantId,
    opdName: p?.opdName ?? '',
    opdShortName: p?.opdShortName ?? '',
    title: r.title,
    fileName: r.fileName,
    fileId: r.fileId,
    pageCount: r.pageCount,
    sizeBytes: r.sizeBytes,
    uploadedAt: r.uploadedAt,
    uploadedBy: r.uploadedBy,
  };
}
