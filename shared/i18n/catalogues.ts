import { appMessages } from './app-messages';
import { attendanceMessages } from './attendance-messages';
import { errorMessages } from './error-messages';
import { invitationMessages } from './invitation-messages';
import { minutesMessages } from './minutes-messages';
import { opdPickerMessages } from './opd-picker-messages';
import { planMessages } from './plan-messages';
import { queueMessages } from './queue-messages';
import { scheduleMessages } from './schedule-messages';
import { videoMessages } from './video-messages';

/** Every feature area, each declared the same way; a key belongs to exactly one of them. */
export const MESSAGE_AREAS = {
  app: appMessages,
  queue: queueMessages,
  minutes: minutesMessages,
  video: videoMessages,
  schedule: scheduleMessages,
  attendance: attendanceMessages,
  plan: planMessages,
  errors: errorMessages,
  opdPicker: opdPickerMessages,
  invitation: invitationMessages,
} as const;

type Areas = typeof MESSAGE_AREAS;
type AreaKey<A> = A extends { id: Readonly<Record<infer K, string>> } ? K : never;

/** Every key of the catalogues. */
export type MessageKey = { [A in keyof Areas]: AreaKey<Areas[A]> }[keyof Areas];

/** A locale's whole catalogue: one text for every key. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

function assemble(locale: 'id' | 'en'): Catalogue {
  return Object.assign({}, ...Object.values(MESSAGE_AREAS).map((area) => area[locale])) as Catalogue;
}

/** Bahasa Indonesia: the default language of Rakor. */
export const id: Catalogue = assemble('id');
/** English: the second locale. */
export const en: Catalogue = assemble('en');
