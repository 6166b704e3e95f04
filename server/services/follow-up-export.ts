import type { Worksheet } from 'exceljs';
import { opdCompletion, type OpdCompletion } from '../../shared/domain/follow-ups/completion';
import { dateInZone, wallClockInZone, zoneLabel, type TimeZone } from '../../shared/domain/time';
import { translate, type MessageKey } from '../../shared/i18n';
import type { FollowUpQuery, TrackedFollowUp } from '../../shared/protocol/follow-ups';
import type { Clock } from '../clock';
import type { ProgressNoteRow, Store } from '../store/ports';
import { csvDocument, type CsvCell } from './csv-writer';
import type { FollowUpService } from './follow-up-service';

/**
 * The secretariat's downloads of the tracker: the same filtered list as its screen (FollowUpService
 * .list), one row per item, and the per-OPD recap its chart draws (opdCompletion, the one function
 * of both). In Bahasa Indonesia, as the official documents are: the statuses read as on screen.
 */

const L = (key: MessageKey) => translate('id', key);

/** One item as a row of the export: the list's item, its meeting's zone and its latest note. */
export interface ExportItem extends TrackedFollowUp {
  timeZone: TimeZone;
  lastNote: string;
}

export interface FollowUpExportData {
  items: ExportItem[];
  recap: (OpdCompletion & { name: string })[];
  /** The date in the zone of the newest item's meeting: the files' names carry it. */
  today: string;
}

const ITEM_COLUMNS = [
  'followUps.export.no',
  'followUps.export.action',
  'followUps.export.owners',
  'followUps.export.meeting',
  'followUps.export.meetingDate',
  'followUps.export.due',
  'followUps.export.status',
  'followUps.export.overdue',
  'followUps.export.lastNote',
  'followUps.export.updatedBy',
  'followUps.export.updatedAt',
] as const satisfies readonly MessageKey[];

const RECAP_COLUMNS = [
  'followUps.export.no',
  'followUps.export.opd',
  'followUps.export.opdName',
  'minutes.followUpStatus.done',
  'minutes.followUpStatus.in_progress',
  'minutes.followUpStatus.open',
  'minutes.followUpStatus.cancelled',
  'followUps.export.total',
  'followUps.export.overdue',
  'followUps.export.percent',
] as const satisfies readonly MessageKey[];

/** What a note said, in one line: its text, the status it moved to, its link and file. */
export function noteLine(note: ProgressNoteRow, fileName: string | null): string {
  const status = note.statusTo
    ? translate('id', 'followUps.item.statusChange', {
        from: L(`minutes.followUpStatus.${note.statusFrom ?? 'open'}`),
        to: L(`minutes.followUpStatus.${note.statusTo}`),
      })
    : '';
  return [note.text.trim(), status, note.linkUrl, fileName ?? ''].filter(Boolean).join(' · ');
}

/** The wall clock of `iso` in `zone`, "YYYY-MM-DD HH:MM". */
function wallClock(iso: string, zone: TimeZone): { date: string; time: string } | null {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? wallClockInZone(at, zone) : null;
}

const utcDate = (date: string) => new Date(`${date}T00:00:00Z`);

export class FollowUpExport {
  constructor(
    private readonly followUps: FollowUpService,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The list as the screen shows it, with what the files add: each item's zone and latest note, and the recap. */
  async data(query: FollowUpQuery): Promise<FollowUpExportData> {
    const items = await this.followUps.list(query);
    const zones = new Map((await this.store.meetings.list()).map((m) => [m.id, m.timeZone]));
    const lastNotes = await this.lastNotes(items);
    const opdNames = new Map((await this.opds(items)).map((o) => [o.id, o.name]));
    const exportItems = items.map((i) => ({
      ...i,
      timeZone: zones.get(i.meetingId) ?? 'Asia/Jakarta',
      lastNote: lastNotes.get(`${i.meetingId}/${i.id}`) ?? '',
    }));
    const recap = opdCompletion(items, query.opdId ? { opdId: query.opdId } : {}).map((r) => ({ ...r, name: opdNames.get(r.opdId) ?? r.shortName }));
    const zone = exportItems[0]?.timeZone ?? 'Asia/Jakarta';
    return { items: exportItems, recap, today: dateInZone(this.clock.now(), zone) };
  }

  /** A workbook of two sheets: "Tindak lanjut" (one row per item) and "Rekap per OPD". */
  async xlsx(query: FollowUpQuery): Promise<{ body: Buffer; fileName: string }> {
    const data = await this.data(query);
    // exceljs is large: loaded on the first export, as pdfkit is for the first PDF.
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    book.creator = 'Rakor';
    book.created = this.clock.now();

    const sheet = book.addWorksheet(L('followUps.export.sheetItems'), { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = [6, 50, 22, 36, 14, 14, 14, 12, 50, 24, 22];
    sheet.columns = ITEM_COLUMNS.map((key, i) => ({ header: L(key), key, width: widths[i] ?? 14 }));
    data.items.forEach((item, n) => {
      const updated = wallClock(item.updatedAt, item.timeZone);
      const row = sheet.addRow([
        n + 1,
        item.action,
        item.opdShortNames.join(', '),
        item.meetingTitle,
        utcDate(item.meetingDate),
        item.dueDate ? utcDate(item.dueDate) : null,
        L(`minutes.followUpStatus.${item.status}`),
        item.overdue ? L('followUps.export.answerYes') : L('followUps.export.answerNo'),
        item.lastNote,
        item.updatedBy,
        updated ? new Date(`${updated.date}T${updated.time}:00Z`) : null,
      ]);
      row.getCell(5).numFmt = 'dd/mm/yyyy';
      row.getCell(6).numFmt = 'dd/mm/yyyy';
      // The meeting's own zone, written beside the time: a date-time cell has none of its own.
      row.getCell(11).numFmt = `dd/mm/yyyy hh:mm "${zoneLabel(item.timeZone)}"`;
      row.alignment = { vertical: 'top', wrapText: true };
    });
    this.head(sheet, ITEM_COLUMNS.length);

    const recap = book.addWorksheet(L('followUps.export.sheetRecap'), { views: [{ state: 'frozen', ySplit: 1 }] });
    const recapWidths = [6, 16, 44, 10, 14, 10, 12, 10, 18, 12];
    recap.columns = RECAP_COLUMNS.map((key, i) => ({ header: L(key), key, width: recapWidths[i] ?? 12 }));
    data.recap.forEach((r, n) => {
      recap.addRow([
        n + 1,
        r.shortName,
        r.name,
        r.counts.done,
        r.counts.in_progress,
        r.counts.open,
        r.counts.cancelled,
        r.total,
        r.overdue,
        r.completionPercent,
      ]);
    });
    this.head(recap, RECAP_COLUMNS.length);

    const body = Buffer.from(await book.xlsx.writeBuffer());
    return { body, fileName: `tindak-lanjut-${data.today}.xlsx` };
  }

  /** The items (or, with `view` 'recap', the per-OPD recap) as one CSV table, the columns of the workbook's sheet. */
  async csv(query: FollowUpQuery, view: 'items' | 'recap'): Promise<{ body: string; fileName: string }> {
    const data = await this.data(query);
    if (view === 'recap') {
      const rows: CsvCell[][] = [RECAP_COLUMNS.map(L)];
      data.recap.forEach((r, n) =>
        rows.push([
          n + 1,
          r.shortName,
          r.name,
          r.counts.done,
          r.counts.in_progress,
          r.counts.open,
          r.counts.cancelled,
          r.total,
          r.overdue,
          r.completionPercent ?? '',
        ]),
      );
      return { body: csvDocument(rows), fileName: `rekap-tindak-lanjut-${data.today}.csv` };
    }
    const rows: CsvCell[][] = [ITEM_COLUMNS.map(L)];
    data.items.forEach((item, n) => {
      const updated = wallClock(item.updatedAt, item.timeZone);
      rows.push([
        n + 1,
        item.action,
        item.opdShortNames.join(', '),
        item.meetingTitle,
        item.meetingDate,
        item.dueDate,
        L(`minutes.followUpStatus.${item.status}`),
        item.overdue ? L('followUps.export.answerYes') : L('followUps.export.answerNo'),
        item.lastNote,
        item.updatedBy,
        updated ? `${updated.date} ${updated.time} ${zoneLabel(item.timeZone)}` : '',
      ]);
    });
    return { body: csvDocument(rows), fileName: `tindak-lanjut-${data.today}.csv` };
  }

  /** The header row bold, shaded and filterable. */
  private head(sheet: Worksheet, columns: number): void {
    const head = sheet.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    head.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F0F2' } };
    });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
  }

  /** Each item's latest note as one line (a note per item is read: the tracker keeps them per item). */
  private async lastNotes(items: readonly TrackedFollowUp[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const noted = items.filter((i) => i.noteCount > 0);
    const latest = await Promise.all(noted.map(async (i) => [i, (await this.store.followUps.notes(i.meetingId, i.id)).at(-1)] as const));
    const fileIds = latest.flatMap(([, n]) => (n?.fileId ? [n.fileId] : []));
    const files = new Map((fileIds.length ? await this.store.followUps.fileMeta(fileIds) : []).map((f) => [f.id, f.name]));
    for (const [i, note] of latest) if (note) out.set(`${i.meetingId}/${i.id}`, noteLine(note, note.fileId ? (files.get(note.fileId) ?? null) : null));
    return out;
  }

  private async opds(items: readonly TrackedFollowUp[]) {
    const ids = [...new Set(items.flatMap((i) => i.opdIds))];
    return ids.length ? this.store.opds.getMany(ids) : [];
  }
}
