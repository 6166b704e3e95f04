import { messageArea } from './message-area';

/**
 * The OPD picker's texts (meeting editor, series rotation, follow-ups, calendar filter), one area
 * of the id and en catalogues under `opdPicker.`. `{name}` placeholders are filled by `t(key, params)`.
 */
const opdPickerId = {
  'opdPicker.placeholder': 'Ketik singkatan, nama, kepala atau kelompok',
  'opdPicker.instructions': 'Panah bawah dan atas untuk memilih, Enter untuk menambahkan, Esc untuk menutup.',
  'opdPicker.count': '{n} OPD cocok.',
  'opdPicker.noMatch': 'Tidak ada OPD yang cocok dengan “{query}”.',
  'opdPicker.more': '{n} lagi: ketik lebih lengkap untuk mempersempit.',
  'opdPicker.chosen': 'sudah dipilih',
  'opdPicker.chosenList': '{n} OPD dipilih',
  'opdPicker.remove': 'Hapus {name} dari pilihan',
} as const;

const opdPickerEn: Record<keyof typeof opdPickerId, string> = {
  'opdPicker.placeholder': 'Type a short name, name, head or group',
  'opdPicker.instructions': 'Down and up arrows to move, Enter to add, Escape to close.',
  'opdPicker.count': '{n} matching OPDs.',
  'opdPicker.noMatch': 'No OPD matches “{query}”.',
  'opdPicker.more': '{n} more: type more to narrow down.',
  'opdPicker.chosen': 'already chosen',
  'opdPicker.chosenList': '{n} OPDs chosen',
  'opdPicker.remove': 'Remove {name} from the choice',
};

export const opdPickerMessages = messageArea(opdPickerId, opdPickerEn);
