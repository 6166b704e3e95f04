/**
 * The notulen as one plain structure, built from the Yjs document and the meeting, from which
 * the Word, PDF and Markdown exports are all rendered, so the three never disagree.
 */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { type: 'paragraph'; runs: TextRun[] }
  | { type: 'list'; ordered: boolean; items: TextRun[][] }
  | { type: 'table'; rows: string[][] };

export interface AttendanceLine {
  /** OPD short name and name, e.g. "Dinkes: Dinas Kesehatan". */
  opd: string;
  /** Who attended: the representative (with title) or, when represented, who stood in. */
  person: string;
  /** The daftar hadir status as read in the document: "Hadir di ruang", "Izin: sakit"... */
  status: string;
  /** "08.41 WITA", or empty. */
  arrived: string;
}

export interface FollowUpLine {
  no: number;
  action: string;
  /** Responsible OPDs, comma separated short names. */
  opds: string;
  /** "30 Juni 2022", or "-" when not set. */
  due: string;
  status: string;
}

export interface PreviousFollowUpLine {
  no: number;
  action: string;
  /** The meeting it came from: "Coffee Morning Asisten I, 13 Juni 2022". */
  from: string;
  opds: string;
  due: string;
  /** Its status as of this meeting, with this meeting's decision: "Selesai (ditutup oleh Kasmidi Bulang)". */
  status: string;
}

/** The regency's letterhead (kop surat) as set by the admin: printed at the top of the first page. */
export interface ExportLetterhead {
  /** "PEMERINTAH KABUPATEN KUTAI TIMUR" */
  government: string;
  /** "SEKRETARIAT DAERAH", or empty. */
  office: string;
  /** The address, one entry per printed line. */
  addressLines: string[];
  /** "Telepon (0549) 21001 · Pos-el setda@kutaitimurkab.go.id · kutaitimurkab.go.id", or empty. */
  contactLine: string;
  /** The logo (PNG or JPEG, checked on upload), with its size in pixels for the layout. */
  logo: { bytes: Uint8Array; mime: 'image/png' | 'image/jpeg'; widthPx: number; heightPx: number } | null;
}

export interface MinutesExport {
  /** The kop surat; null when the admin has not set one (the document then starts with its title). */
  letterhead: ExportLetterhead | null;
  /** "Nomor: 007/NOT-RAKOR/SETDA/2026" under the title; null before the first finalisation gives one. */
  nomor: string | null;
  /** The footer of every page, "Halaman {page} dari {pages}": the renderers fill the two placeholders. */
  pageLabel: string;
  /** "NOTULEN RAPAT" */
  documentTitle: string;
  meetingTitle: string;
  /** The header table, in order: [label, value], e.g. ["Hari/Tanggal", "Senin, 13 Juni 2022"]. */
  header: [string, string][];
  attendanceTitle: string;
  /** Column titles of the attendance table: No, OPD, Nama, Kehadiran, Datang. */
  attendanceColumns: [string, string, string, string, string];
  attendance: AttendanceLine[];
  /** The body in the official sections, as written by the notulis. */
  body: Block[];
  /** "Tindak Lanjut Rapat Sebelumnya": the earlier meetings' items, with their status as of this meeting. */
  previousFollowUpsTitle: string;
  /** Column titles: No, Tindak lanjut, Rapat asal, Penanggung jawab (OPD), Batas waktu, Status. */
  previousFollowUpColumns: [string, string, string, string, string, string];
  /** Empty when this meeting brings none back: the section is then left out. */
  previousFollowUps: PreviousFollowUpLine[];
  followUpsTitle: string;
  /** Column titles: No, Tindak lanjut, Penanggung jawab (OPD), Batas waktu, Status. */
  followUpColumns: [string, string, string, string, string];
  followUps: FollowUpLine[];
  /** "Lampiran" */
  lampiranTitle?: string;
  /** The bahan rapat, numbered by the renderers: "Dinkes — Paparan TW III (12 halaman)"; absent or empty: the section is left out. */
  lampiran?: string[];
  signatures: {
    /** "Sangatta, 13 Juni 2022" */
    placeDate: string;
    chairRole: string;
    chairName: string;
    chairTitle: string;
    notulisRole: string;
    /** One signature line each, the name under it. */
    notulisNames: string[];
  };
  /** A footer line, e.g. "Difinalkan 13 Juni 2022 12.05 WITA oleh Rina (versi 1)"; null when still a draft. */
  finalizedNote: string | null;
}
