import * as Y from 'yjs';
import { clockInZone, dateInZone, formatCalendarDate, zoneLabel } from '../../shared/domain/time';
import { speakerOf, speakerText } from '../../shared/domain/speaking-queue/attendance';
import type { Block, ExportLetterhead, MinutesExport, TextRun } from '../../shared/minutes/export-model';
import { MINUTES_PARTS, type FollowUp, type HeaderField, type PreviousFollowUp } from '../../shared/minutes/layout';
import { readFollowUps, readHeader, readPreviousFollowUps, type ReadIssue } from '../../shared/minutes/schema';
import type { AttendanceEntry, Meeting, Opd, Participant, QueueState } from '../../shared/protocol';
import type { LetterheadRecord, MinutesStatusRecord } from '../store/ports';
import { translate } from '../../shared/i18n';
import { effectiveAgenda } from '../../shared/domain/meeting/plan-rules';

/** An earlier item's status as this meeting saw it, with what the meeting decided: "Selesai (ditutup oleh Kasmidi Bulang)". */
function previousStatus(p: PreviousFollowUp): string {
  const status = translate('id', `minutes.followUpStatus.${p.status}`);
  if (!p.decision) return status;
  const decision = translate('id', `followUps.decision.${p.decision}`).toLowerCase();
  return `${status} (${decision}${p.decidedBy ? ` oleh ${p.decidedBy}` : ''})`;
}

/** "30 Juni 2022" */
export function longDate(date: string): string {
  if (!date) return '-';
  return formatCalendarDate(date, 'id', { day: 'numeric', month: 'long', year: 'numeric' });
}

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  // The delta's own text: toString() wraps marks in tags, and stripping those would strip typed "<b>" too.
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  if (node instanceof Y.XmlElement) {
    if (node.nodeName === 'hardBreak') return '\n';
    return node
      .toArray()
      .map((c) => textOf(c))
      .join(node.nodeName === 'paragraph' ? '' : ' ');
  }
  return '';
}

function runsOf(el: Y.XmlElement): TextRun[] {
  const runs: TextRun[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string') continue;
        const run: TextRun = { text: op.insert };
        if (op.attributes?.bold) run.bold = true;
        if (op.attributes?.italic) run.italic = true;
        runs.push(run);
      }
    } else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') runs.push({ text: '\n' });
  }
  return runs;
}

function listItems(list: Y.XmlElement, depth = 0): TextRun[][] {
  const items: TextRun[][] = [];
  for (const li of list.toArray()) {
    if (!(li instanceof Y.XmlElement)) continue;
    for (const part of li.toArray()) {
      if (!(part instanceof Y.XmlElement)) continue;
      if (part.nodeName === 'bulletList' || part.nodeName === 'orderedList') items.push(...listItems(part, depth + 1));
      else {
        const runs = runsOf(part);
        // A nested item reads as indented under its parent.
        if (depth > 0) runs.unshift({ text: `${'  '.repeat(depth)}- ` });
        items.push(runs);
      }
    }
  }
  return items;
}

/** The TipTap document as plain blocks, in order. */
export function blocksOf(fragment: Y.XmlFragment): Block[] {
  const blocks: Block[] = [];
  const walk = (nodes: (Y.XmlElement | Y.XmlText | Y.XmlHook)[]) => {
    for (const node of nodes) {
      if (!(node instanceof Y.XmlElement)) continue;
      switch (node.nodeName) {
        case 'heading': {
          const level = Math.min(4, Math.max(1, Number(node.getAttribute('level')) || 2)) as 1 | 2 | 3 | 4;
          blocks.push({ type: 'heading', level, text: textOf(node) });
          break;
        }
        case 'paragraph':
        case 'codeBlock':
          blocks.push({ type: 'paragraph', runs: runsOf(node) });
          break;
        case 'bulletList':
        case 'orderedList':
          blocks.push({ type: 'list', ordered: node.nodeName === 'orderedList', items: listItems(node) });
          break;
        case 'table':
          blocks.push({
            type: 'table',
            rows: node
              .toArray()
              .filter((r): r is Y.XmlElement => r instanceof Y.XmlElement)
              .map((row) => row.toArray().map((cell) => textOf(cell).trim())),
          });
          break;
        case 'blockquote':
          walk(node.toArray());
          break;
        default:
          break;
      }
    }
  };
  walk(fragment.toArray());
  // Trailing empty paragraphs are editing space, not content.
  for (let last = blocks.at(-1); last !== undefined; last = blocks.at(-1)) {
    if (last.type === 'paragraph' && last.runs.every((r) => !r.text.trim())) blocks.pop();
    else break;
  }
  return blocks;
}

/** The readable tindak lanjut of the document; a malformed row is skipped and reported in `issues`. */
export function followUpsOf(doc: Y.Doc, issues?: ReadIssue[]): FollowUp[] {
  return readFollowUps(doc, issues);
}

function attendanceStatus(entry: AttendanceEntry | undefined): string {
  switch (entry?.status) {
    case 'present_room':
      return 'Hadir di ruang';
    case 'present_online':
      return 'Hadir daring';
    case 'represented':
      return 'Diwakili';
    case 'excused':
      return entry.reason ? `Izin: ${entry.reason}` : 'Izin';
    case 'absent':
      return 'Tidak hadir';
    default:
      return 'Tidak tercatat';
  }
}

function attendee(p: Participant, entry: AttendanceEntry | undefined): string {
  // A represented OPD is named by its representative, never by the head it stood in for.
  if (entry?.status === 'represented') return speakerText({ name: entry.representativeName, title: entry.representativeTitle }) || '-';
  return speakerText(speakerOf(p, entry)) || '-';
}

/** "Pembukaan; Paparan OPD; Arahan pimpinan; Penutup": the meeting's agenda on one line, in Indonesian. */
export function agendaLine(meeting: Pick<Meeting, 'agenda'>): string {
  return effectiveAgenda(meeting.agenda)
    .map((item) => item.title || translate('id', `plan.kind.${item.kind}`))
    .join('; ');
}

/** The bahan rapat of the meeting's participants, in speaking order: "OPD — title (n halaman)". */
function lampiranOf(meeting: Meeting, materials: NonNullable<ExportInput['materials']>): string[] {
  const byParticipant = new Map(materials.map((m) => [m.participantId, m]));
  return meeting.participants.flatMap((p) => {
    const m = byParticipant.get(p.id);
    return m ? [translate('id', 'materials.minutes.line', { opd: p.opdShortName, title: m.title, pages: m.pageCount })] : [];
  });
}

export interface ExportInput {
  doc: Y.Doc;
  meeting: Meeting;
  queue: QueueState | null;
  /** OPDs named by the follow-ups, archived ones included. */
  opds: Opd[];
  status: MinutesStatusRecord | null;
  /** The town written before the date under the signatures ("Sangatta"); empty for none. */
  city: string;
  /** The kop surat (exportLetterhead), or null for none. */
  letterhead?: ExportLetterhead | null;
  /** The nomor notulen once given, else null. */
  nomor?: string | null;
  /** The bahan rapat (each participant's current paparan), listed as lampiran. */
  materials?: readonly { participantId: string; title: string; pageCount: number }[];
}

/** The kop surat as the exports print it, from the stored settings and logo; null when none is saved. */
export function exportLetterhead(
  record: LetterheadRecord | null,
  logo: { bytes: Uint8Array; mime: string; widthPx: number; heightPx: number } | null,
): ExportLetterhead | null {
  if (!record?.government.trim()) return null;
  const contact = [record.phone && `Telepon ${record.phone}`, record.email && `Pos-el ${record.email}`, record.website].filter(Boolean).join(' · ');
  const mime = logo?.mime === 'image/png' || logo?.mime === 'image/jpeg' ? logo.mime : null;
  return {
    government: record.government.trim(),
    office: record.office.trim(),
    addressLines: record.address
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    contactLine: contact,
    logo: logo && mime ? { bytes: logo.bytes, mime, widthPx: logo.widthPx, heightPx: logo.heightPx } : null,
  };
}

/** The notulen as one structure, from the document and the meeting, for every export format. */
export function buildExport({ doc, meeting, queue, opds, status, city, letterhead = null, nomor = null, materials = [] }: ExportInput): MinutesExport {
  const header = readHeader(doc);
  const h = (k: HeaderField) => header[k];
  const shortName = new Map(opds.map((o) => [o.id, o.shortName]));
  const zone = zoneLabel(meeting.timeZone);
  const finalizedAt = status?.finalizedAt ? Date.parse(status.finalizedAt) : null;
  return {
    letterhead,
    nomor: nomor ? `Nomor: ${nomor}` : null,
    pageLabel: 'Halaman {page} dari {pages}',
    documentTitle: 'NOTULEN RAPAT',
    meetingTitle: h('title') || meeting.title,
    header: [
      ['Hari/Tanggal', h('dayDate')],
      ['Waktu', `${h('timeOpened')} s.d. ${h('timeClosed') || 'selesai'}`],
      ['Tempat', h('place') || meeting.place],
      ['Pimpinan Rapat', h('chair')],
      ['Notulis', h('notulis')],
      // What the notulis typed, else the meeting's own agenda: the official document always has one.
      ['Acara', h('agenda') || agendaLine(meeting)],
    ],
    attendanceTitle: 'Daftar Hadir',
    attendanceColumns: ['No', 'OPD', 'Nama', 'Kehadiran', 'Datang'],
    attendance: meeting.participants.map((p) => {
      const entry = queue?.attendance[p.id];
      const status = attendanceStatus(entry);
      return {
        opd: `${p.opdShortName}: ${p.opdName}`,
        person: attendee(p, entry),
        status: entry?.status === 'represented' && entry.representativeName ? `Diwakili oleh ${entry.representativeName}` : status,
        arrived: entry?.arrivedAt ? `${clockInZone(entry.arrivedAt, meeting.timeZone)} ${zone}` : '',
      };
    }),
    body: blocksOf(doc.getXmlFragment(MINUTES_PARTS.body)),
    previousFollowUpsTitle: translate('id', 'followUps.minutes.previous'),
    previousFollowUpColumns: ['No', 'Tindak lanjut', 'Rapat asal', 'Penanggung jawab (OPD)', 'Batas waktu', 'Status'],
    previousFollowUps: readPreviousFollowUps(doc).map((p, i) => ({
      no: i + 1,
      action: p.action.trim() || '-',
      from: `${p.fromTitle}, ${longDate(p.fromDate)}`,
      opds: p.opds.join(', ') || '-',
      due: longDate(p.dueDate),
      status: previousStatus(p),
    })),
    followUpsTitle: 'Tindak Lanjut',
    followUpColumns: ['No', 'Tindak lanjut', 'Penanggung jawab (OPD)', 'Batas waktu', 'Status'],
    followUps: followUpsOf(doc)
      .filter((f) => f.action.trim())
      .map((f, i) => ({
        no: i + 1,
        action: f.action.trim(),
        opds: f.opdIds.map((id) => shortName.get(id) ?? '?').join(', ') || '-',
        due: longDate(f.dueDate),
        status: translate('id', `minutes.followUpStatus.${f.status}`),
      })),
    lampiranTitle: translate('id', 'materials.minutes.title'),
    lampiran: lampiranOf(meeting, materials),
    signatures: {
      placeDate: [city, longDate(meeting.date)].filter(Boolean).join(', '),
      chairRole: 'Pimpinan Rapat',
      chairName: meeting.chairName,
      chairTitle: meeting.chairTitle,
      notulisRole: 'Notulis',
      notulisNames: meeting.notulis,
    },
    finalizedNote:
      finalizedAt !== null && status
        ? `Difinalkan ${longDate(dateInZone(finalizedAt, meeting.timeZone))} ${clockInZone(finalizedAt, meeting.timeZone)} ${zone} oleh ${status.finalizedBy ?? '-'} (versi ${status.version})`
        : null,
  };
}
