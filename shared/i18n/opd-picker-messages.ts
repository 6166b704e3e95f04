/**
 * The OPD picker's texts (meeting editor, series rotation, follow-ups, calendar filter), one area
 * of the id and en catalogues under `opdPicker.`. `{name}` placeholders are filled by `t(key, params)`.
 */
export const opdPickerId = {
  'opdPicker.placeholder': 'Ketik singkatan, nama, kepala atau kelompok',
  'opdPicker.instructions': 'Panah bawah dan atas untuk memilih, Enter untuk menambahkan, Esc untuk menutup.',
  'opdPicker.count': '{n} OPD cocok.',
  'opdPicker.noMatch': 'Tidak ada OPD yang cocok dengan “{query}”.',
  'opdPicker.more': '{n} lagi: ketik lebih lengkap untuk mempersempit.',
  'opdPicker.chosen': 'sudah dipilih',
  'opdPicker.chosenList': '{n} OPD dipilih',
  'opdPicker.remove': 'Hapus {name} dari pilihan',
} as const;
