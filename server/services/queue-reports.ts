import type { AttendanceStatus, Meeting, QueueState, TurnKind, TurnStatus } from '../../shared/protocol';
import { statistics } from '../../shared/domain/speaking-queue/projection';
import { clockInZone } from '../../shared/domain/time';
import { formatCountdown } from '../../shared/domain/speaking-queue/timer';
import { csvDocument } from './csv-writer';

const KIND_LABEL: Record<TurnKind, string> = { scheduled: 'terjadwal', added: 'tambahan', response: 'tanggapan', point_of_order: 'interupsi' };
const STATUS_LABEL: Record<TurnStatus, string> = {
  waiting: 'menunggu',
  speaking: 'berbicara',
  paused: 'jeda',
  done: 'selesai',
  skipped: 'dilewati',
};
const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
  unknown: 'belum dicatat',
  present_room: 'hadir di ruang',
  present_online: 'hadir daring',
  represented: 'diwakili',
  excused: 'izin',
  absent: 'tidak hadir',
};

const duration = (ms: number) => formatCountdown(ms).replace('+', '');

/** Per-turn statistics as the secretariat's spreadsheet wants them (times in the meeting's zone). */
export function statisticsCsv(meeting: Meeting, state: QueueState, now: number): string {
  const at = (t: number | null) => (t === null ? '' : clockInZone(t, meeting.timeZone));
  const rows: (string | number)[][] = [
    ['no', 'pembicara', 'jenis', 'sesi', 'status', 'rencana_mulai', 'mulai', 'jatah', 'bicara', 'arahan', 'lebih', 'perpanjangan', 'tambahan_waktu'],
  ];
  for (const s of statistics(state, meeting, now)) {
    rows.push([
      s.position,
      s.label,
      KIND_LABEL[s.kind],
      s.session,
      STATUS_LABEL[s.status],
      at(s.plannedStart),
      at(s.actualStart),
      duration(s.allottedMs),
      duration(s.spokenMs),
      duration(s.arahanMs),
      duration(s.overrunMs),
      s.extensions,
      duration(s.extendedMs),
    ]);
  }
  return csvDocument(rows);
}

/** The daftar hadir. */
export function attendanceCsv(meeting: Meeting, state: QueueState): string {
  const rows: (string | number)[][] = [['no', 'opd', 'nama_opd', 'perwakilan_terjadwal', 'status', 'waktu_datang', 'diwakili_oleh', 'jabatan_wakil', 'alasan']];
  meeting.participants.forEach((p, i) => {
    const a = state.attendance[p.id];
    rows.push([
      i + 1,
      p.opdShortName,
      p.opdName,
      p.representativeName,
      ATTENDANCE_LABEL[a?.status ?? 'unknown'],
      a?.arrivedAt ? clockInZone(a.arrivedAt, meeting.timeZone) : '',
      a?.representativeName ?? '',
      a?.representativeTitle ?? '',
      a?.reason ?? '',
    ]);
  });
  return csvDocument(rows);
}
