import type { Block, MinutesExport, TextRun } from '../../shared/minutes/export-model';

const p = (...runs: (string | TextRun)[]): Block => ({
  type: 'paragraph',
  runs: runs.map((r) => (typeof r === 'string' ? { text: r } : r)),
});
const b = (text: string): TextRun => ({ text, bold: true });
const i = (text: string): TextRun => ({ text, italic: true });
const h = (level: 1 | 2 | 3 | 4, text: string): Block => ({ type: 'heading', level, text });
const list = (ordered: boolean, items: string[]): Block => ({ type: 'list', ordered, items: items.map((text) => [{ text }]) });

/**
 * A Coffee Morning of Kabupaten Kutai Timur as the notulis would finish it. Officials other than
 * the chair are invented, so no real person is quoted.
 */
export function sampleMinutes(overrides: Partial<MinutesExport> = {}): MinutesExport {
  return {
    letterhead: null,
    nomor: null,
    pageLabel: 'Halaman {page} dari {pages}',
    documentTitle: 'NOTULEN RAPAT',
    meetingTitle: 'Coffee Morning Pemerintah Kabupaten Kutai Timur',
    header: [
      ['Hari/Tanggal', 'Senin, 13 Juni 2022'],
      ['Waktu', '08.30–11.45 WITA'],
      ['Tempat', 'Ruang Meranti, Kantor Bupati Kutai Timur, Bukit Pelangi'],
      ['Pimpinan Rapat', 'Kasmidi Bulang, Wakil Bupati Kutai Timur'],
      ['Notulis', 'Rina Wulandari, Andi Saputra'],
      ['Acara', 'Laporan perkembangan program prioritas dan permasalahan OPD'],
    ],
    attendanceTitle: 'Daftar Hadir',
    attendanceColumns: ['No', 'OPD', 'Nama', 'Kehadiran', 'Datang'],
    attendance: [
      { opd: 'Dinkes: Dinas Kesehatan', person: 'dr. Hendra Pratama, Kepala Dinas', status: 'Hadir di ruang', arrived: '08.24 WITA' },
      { opd: 'Dinsos: Dinas Sosial', person: 'Yuliana Sari, Kepala Dinas', status: 'Hadir daring', arrived: '08.41 WITA' },
      {
        opd: 'Disdikbud: Dinas Pendidikan dan Kebudayaan',
        person: 'Muhammad Rizal, Sekretaris Dinas',
        status: 'Diwakili oleh Sekretaris Dinas',
        arrived: '08.35 WITA',
      },
      {
        opd: 'BKPSDM: Badan Kepegawaian dan Pengembangan SDM',
        person: 'Agus Salim, Kepala Badan',
        status: 'Hadir di ruang',
        arrived: '08.28 WITA',
      },
      { opd: 'BPKAD: Badan Pengelolaan Keuangan dan Aset Daerah', person: 'Dewi Lestari, Kepala Badan', status: 'Hadir di ruang', arrived: '08.30 WITA' },
      { opd: 'Disperindag: Dinas Perindustrian dan Perdagangan', person: '-', status: 'Izin: tugas ke Samarinda', arrived: '' },
      {
        opd: 'Kec. Sangatta Selatan: Kecamatan Sangatta Selatan',
        person: 'Hasanuddin, Sekretaris Camat',
        status: 'Diwakili oleh Sekretaris Camat',
        arrived: '08.52 WITA',
      },
    ],
    body: [
      h(2, 'Pembukaan'),
      p(
        'Rapat dibuka pukul 08.30 WITA oleh ',
        b('Wakil Bupati Kutai Timur, Kasmidi Bulang'),
        ', yang meminta setiap OPD melaporkan capaian program prioritas secara singkat dan ',
        i('to the point'),
        '.',
      ),
      h(2, 'Pembahasan'),
      h(3, 'Dinas Kesehatan'),
      p('Kepala Dinas Kesehatan melaporkan capaian vaksinasi dosis lanjutan (', i('booster'), ') yang masih di bawah target provinsi.'),
      list(false, [
        'Stok vaksin mencukupi sampai akhir Juli 2022.',
        'Vaksinator keliling dijadwalkan ke Kecamatan Kaliorang dan Sangkulirang.',
        'Kendala utama adalah jarak dan akses jalan ke desa terpencil.',
      ]),
      {
        type: 'table',
        rows: [
          ['Kecamatan', 'Dosis 2', 'Booster'],
          ['Sangatta Utara', '78%', '31%'],
          ['Sangatta Selatan', '72%', '24%'],
        ],
      },
      p(b('Tanggapan Pimpinan: '), 'Dinkes diminta berkoordinasi dengan camat agar jadwal vaksinasi diumumkan melalui kepala desa.'),
      h(3, 'BKPSDM'),
      p('Kepala BKPSDM menyampaikan bahwa formasi ', b('P3K guru dan tenaga kesehatan'), ' tahun 2022 belum dianggarkan dalam APBD murni.'),
      p(b('Tanggapan Pimpinan: '), 'kebutuhan gaji P3K agar dihitung bersama BPKAD dan diusulkan dalam APBD Perubahan 2022.'),
      h(3, 'Kecamatan Sangatta Selatan'),
      p(
        'Sekretaris Camat melaporkan bahwa pedagang ',
        i('Pasar Sangatta Selatan'),
        ' masih berjualan di bahu jalan dan lahan pemakaman Muslim di Sangatta Selatan hampir penuh.',
      ),
      p(b('Tanggapan Pimpinan: '), 'camat bersama Disperindag menata pasar dan menyiapkan usulan lahan pemakaman baru.'),
      h(2, 'Kesimpulan/Keputusan'),
      list(true, [
        'Kebutuhan anggaran P3K diusulkan dalam APBD Perubahan 2022.',
        'Penataan Pasar Sangatta Selatan dan lahan pemakaman Muslim menjadi prioritas kecamatan.',
        'Dinkes melaporkan capaian vaksinasi booster setiap pekan.',
      ]),
      h(2, 'Penutup'),
      p('Rapat ditutup pukul 11.45 WITA oleh pimpinan rapat dengan ucapan terima kasih kepada seluruh peserta.'),
    ],
    previousFollowUpsTitle: 'Tindak lanjut rapat sebelumnya',
    previousFollowUpColumns: ['No', 'Tindak lanjut', 'Rapat asal', 'Penanggung jawab (OPD)', 'Batas waktu', 'Status'],
    previousFollowUps: [
      {
        no: 1,
        action: 'Memasukkan rekrutmen P3K ke APBD Perubahan',
        from: 'Coffee Morning Asisten I, 6 Juni 2022',
        opds: 'BKPSDM, BPKAD',
        due: '30 September 2022',
        status: 'Dalam proses (dilanjutkan oleh Kasmidi Bulang)',
      },
    ],
    followUpsTitle: 'Tindak Lanjut',
    followUpColumns: ['No', 'Tindak lanjut', 'Penanggung jawab (OPD)', 'Batas waktu', 'Status'],
    followUps: [
      {
        no: 1,
        action: 'Menghitung dan mengusulkan kebutuhan gaji P3K ke dalam APBD Perubahan 2022',
        opds: 'BKPSDM, BPKAD',
        due: '30 September 2022',
        status: 'Belum dimulai',
      },
      {
        no: 2,
        action: 'Menata Pasar Sangatta Selatan dan menyiapkan lahan pemakaman Muslim',
        opds: 'Kec. Sangatta Selatan, Disperindag',
        due: '31 Agustus 2022',
        status: 'Dalam proses',
      },
      { no: 3, action: 'Melaporkan capaian vaksinasi booster per kecamatan', opds: 'Dinkes', due: '-', status: 'Dalam proses' },
    ],
    signatures: {
      placeDate: 'Sangatta, 13 Juni 2022',
      chairRole: 'Pimpinan Rapat',
      chairName: 'Kasmidi Bulang',
      chairTitle: 'Wakil Bupati Kutai Timur',
      notulisRole: 'Notulis',
      notulisNames: ['Rina Wulandari', 'Andi Saputra'],
    },
    finalizedNote: 'Difinalkan 13 Juni 2022 12.05 WITA oleh Rina Wulandari (versi 1)',
    ...overrides,
  };
}
