import type { OpdInput } from '../../shared/protocol';

/**
 * A realistic regency directory, modelled on Kabupaten Kutai Timur (seed 000): the OPDs under
 * Asisten I, II and III, ten kecamatan and a few villages. Heads' names are invented.
 */
type Row = [shortName: string, name: string, kind: OpdInput['kind'], headName: string, headTitle: string];

const ASISTEN_I: Row[] = [
  ['Disdikbud', 'Dinas Pendidikan dan Kebudayaan', 'dinas', 'Mulyono', 'Kepala Dinas'],
  ['Dinkes', 'Dinas Kesehatan', 'dinas', 'dr. Bahrani Hasanal', 'Kepala Dinas'],
  ['Dinsos', 'Dinas Sosial', 'dinas', 'Ernata Hadi Sujito', 'Kepala Dinas'],
  ['Disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil', 'dinas', 'Jimmi', 'Kepala Dinas'],
  ['DPMD', 'Dinas Pemberdayaan Masyarakat dan Desa', 'dinas', 'Muhammad Basuni', 'Kepala Dinas'],
  ['DP3A', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', 'dinas', 'Sulastin', 'Kepala Dinas'],
  ['DPPKB', 'Dinas Pengendalian Penduduk dan Keluarga Berencana', 'dinas', 'Achmad Junaidi', 'Kepala Dinas'],
  ['Dispora', 'Dinas Kepemudaan dan Olahraga', 'dinas', 'Basuki Isnawan', 'Kepala Dinas'],
  ['Dispar', 'Dinas Pariwisata', 'dinas', 'Nurullah', 'Kepala Dinas'],
  ['Disnakertrans', 'Dinas Tenaga Kerja dan Transmigrasi', 'dinas', 'Sugiono', 'Kepala Dinas'],
  ['Satpol PP', 'Satuan Polisi Pamong Praja', 'other', 'Fata Hidayat', 'Kepala Satuan'],
  ['Damkar', 'Dinas Pemadam Kebakaran', 'dinas', 'Sayuti Ibrahim', 'Kepala Dinas'],
  ['Kesbangpol', 'Badan Kesatuan Bangsa dan Politik', 'badan', 'Didi Herdiansyah', 'Kepala Badan'],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah', 'badan', 'Syafruddin', 'Kepala Pelaksana'],
  ['Dispusip', 'Dinas Perpustakaan dan Kearsipan', 'dinas', 'Ayub', 'Kepala Dinas'],
  ['Disperkim', 'Dinas Perumahan dan Kawasan Permukiman', 'dinas', 'Joni Abdi Mansyah', 'Kepala Dinas'],
  ['RSUD', 'RSUD Kudungga', 'other', 'dr. Aisyah', 'Direktur'],
  ['Bag. Pemerintahan', 'Bagian Tata Pemerintahan', 'bagian', 'Trisno', 'Kepala Bagian'],
  ['Bag. Kesra', 'Bagian Kesejahteraan Rakyat', 'bagian', 'Mugni Baharuddin', 'Kepala Bagian'],
  ['Bag. Hukum', 'Bagian Hukum', 'bagian', 'Januar Bayu Irawan', 'Kepala Bagian'],
  ['Baznas', 'Badan Amil Zakat Nasional Kabupaten', 'badan', 'H. Ahmad Dahlan', 'Ketua'],
  ['UPT Rehsos', 'UPT Rehabilitasi Sosial', 'other', 'Rusdiansyah', 'Kepala UPT'],
];

const ASISTEN_II: Row[] = [
  ['PUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'dinas', 'Muhammad Muhir', 'Kepala Dinas'],
  ['Dishub', 'Dinas Perhubungan', 'dinas', 'Joko Suripto', 'Kepala Dinas'],
  ['Distan', 'Dinas Pertanian', 'dinas', 'Dyah Ratnaningrum', 'Kepala Dinas'],
  ['Disbun', 'Dinas Perkebunan', 'dinas', 'Sugiarto', 'Kepala Dinas'],
  ['Diskan', 'Dinas Perikanan', 'dinas', 'Syachrir Baharuddin', 'Kepala Dinas'],
  ['DKP', 'Dinas Ketahanan Pangan', 'dinas', 'Kasmadi', 'Kepala Dinas'],
  ['DLH', 'Dinas Lingkungan Hidup', 'dinas', 'Armin Nazar', 'Kepala Dinas'],
  ['Disperindag', 'Dinas Perindustrian dan Perdagangan', 'dinas', 'Nora Ramadhani', 'Kepala Dinas'],
  ['Diskop UKM', 'Dinas Koperasi dan Usaha Kecil Menengah', 'dinas', 'Teddy Febrian', 'Kepala Dinas'],
  ['DPMPTSP', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'dinas', 'Darsafani', 'Kepala Dinas'],
  ['Bag. Perekonomian', 'Bagian Perekonomian dan Sumber Daya Alam', 'bagian', 'Hendra Ekashanty', 'Kepala Bagian'],
  ['Bag. Adbang', 'Bagian Administrasi Pembangunan', 'bagian', 'Rudi Baswan', 'Kepala Bagian'],
  ['Bag. PBJ', 'Bagian Pengadaan Barang dan Jasa', 'bagian', 'Yulianti', 'Kepala Bagian'],
];

const ASISTEN_III: Row[] = [
  ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'badan', 'Ade Achmad Yulkafilah', 'Kepala Badan'],
  ['Bapenda', 'Badan Pendapatan Daerah', 'badan', 'Syahrir', 'Kepala Badan'],
  ['Bappeda', 'Badan Perencanaan Pembangunan Daerah', 'badan', 'Noviari Noor', 'Kepala Badan'],
  ['BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'badan', 'Misliansyah', 'Kepala Badan'],
  ['Inspektorat', 'Inspektorat Daerah', 'inspektorat', 'Aji Muhammad Fitra Firnanda', 'Inspektur'],
  ['Setwan', 'Sekretariat DPRD', 'other', 'Juliansyah', 'Sekretaris DPRD'],
  ['Diskominfo', 'Dinas Komunikasi, Informatika, Statistik dan Persandian', 'dinas', 'Ery Mulyadi', 'Kepala Dinas'],
  ['Bag. Umum', 'Bagian Umum', 'bagian', 'Fahmi Rizal', 'Kepala Bagian'],
  ['Bag. Organisasi', 'Bagian Organisasi', 'bagian', 'Yuliana', 'Kepala Bagian'],
  ['Bag. Prokopim', 'Bagian Protokol dan Komunikasi Pimpinan', 'bagian', 'Aji Mirza', 'Kepala Bagian'],
];

/** Each kecamatan with its camat. */
const KECAMATAN: [kecamatan: string, camat: string][] = [
  ['Sangatta Utara', 'Hasdiah'],
  ['Sangatta Selatan', 'Muhammad Hasyim'],
  ['Bengalon', 'Suharman'],
  ['Kaliorang', 'Asraf'],
  ['Kaubun', 'Asran'],
  ['Karangan', 'Khairil'],
  ['Sangkulirang', 'Basri'],
  ['Muara Wahau', 'Dedi Susanto'],
  ['Rantau Pulung', 'Rahmat'],
  ['Teluk Pandan', 'Ahmad Yani'],
];

const DESA: Row[] = [
  ['Desa Swarga Bara', 'Desa Swarga Bara', 'desa', 'Andi Mappa', 'Kepala Desa'],
  ['Desa Sangatta Selatan', 'Desa Sangatta Selatan', 'desa', 'Musrifah', 'Kepala Desa'],
  ['Desa Kaliorang', 'Desa Kaliorang', 'desa', 'Wayan Sukarta', 'Kepala Desa'],
  ['Desa Sekerat', 'Desa Sekerat', 'desa', 'Anwar', 'Kepala Desa'],
];

const toInput =
  (group: string) =>
  ([shortName, name, kind, headName, headTitle]: Row): OpdInput => ({
    shortName,
    name,
    kind,
    group,
    headName,
    headTitle,
    whatsapp: '',
  });

export const DEMO_DIRECTORY: OpdInput[] = [
  ...ASISTEN_I.map(toInput('Asisten I')),
  ...ASISTEN_II.map(toInput('Asisten II')),
  ...ASISTEN_III.map(toInput('Asisten III')),
  ...KECAMATAN.map(([k, camat]) => toInput('Camat')([`Kec. ${k}`, `Kecamatan ${k}`, 'kecamatan', camat, 'Camat'])),
  ...DESA.map(toInput('Kepala Desa')),
];

/** The 22 OPDs of Asisten I that reported at the Coffee Morning of Monday 13 June 2022. */
export const COFFEE_MORNING_SPEAKERS = ASISTEN_I.map(([shortName]) => shortName);
