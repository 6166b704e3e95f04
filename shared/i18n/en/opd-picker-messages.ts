import type { opdPickerId } from '../opd-picker-messages';

/** The English texts of opd-picker-messages.ts: the same keys, checked by the compiler and by test L4. */
export const opdPickerEn: Record<keyof typeof opdPickerId, string> = {
  'opdPicker.placeholder': 'Type a short name, name, head or group',
  'opdPicker.instructions': 'Down and up arrows to move, Enter to add, Escape to close.',
  'opdPicker.count': '{n} matching OPDs.',
  'opdPicker.noMatch': 'No OPD matches “{query}”.',
  'opdPicker.more': '{n} more: type more to narrow down.',
  'opdPicker.chosen': 'already chosen',
  'opdPicker.chosenList': '{n} OPDs chosen',
  'opdPicker.remove': 'Remove {name} from the choice',
};
