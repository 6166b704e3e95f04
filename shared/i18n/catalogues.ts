import { adminId } from './admin-messages';
import { appId } from './app-messages';
import { attendanceId } from './attendance-messages';
import { consoleId } from './console-messages';
import { errorsId } from './error-messages';
import { followUpsId } from './follow-up-messages';
import { materialsId } from './material-messages';
import { invitationId } from './invitation-messages';
import { minutesId } from './minutes-messages';
import { opdPickerId } from './opd-picker-messages';
import { planId } from './plan-messages';
import { queueId } from './queue-messages';
import { scheduleId } from './schedule-messages';
import { videoId } from './video-messages';
import { adminEn } from './en/admin-messages';
import { appEn } from './en/app-messages';
import { attendanceEn } from './en/attendance-messages';
import { consoleEn } from './en/console-messages';
import { errorsEn } from './en/error-messages';
import { followUpsEn } from './en/follow-up-messages';
import { materialsEn } from './en/material-messages';
import { invitationEn } from './en/invitation-messages';
import { minutesEn } from './en/minutes-messages';
import { opdPickerEn } from './en/opd-picker-messages';
import { planEn } from './en/plan-messages';
import { queueEn } from './en/queue-messages';
import { scheduleEn } from './en/schedule-messages';
import { videoEn } from './en/video-messages';
import { messageArea } from './message-area';

/**
 * Every feature area, each declared the same way; a key belongs to exactly one of them. The
 * server and the tests read this module whole; the browser reads catalogues.browser.ts in its
 * place (package.json "imports", condition "browser"), which loads each area when a screen needs it.
 */
export const MESSAGE_AREAS = {
  app: messageArea(appId, appEn),
  admin: messageArea(adminId, adminEn),
  queue: messageArea(queueId, queueEn),
  console: messageArea(consoleId, consoleEn),
  minutes: messageArea(minutesId, minutesEn),
  video: messageArea(videoId, videoEn),
  schedule: messageArea(scheduleId, scheduleEn),
  attendance: messageArea(attendanceId, attendanceEn),
  plan: messageArea(planId, planEn),
  errors: messageArea(errorsId, errorsEn),
  opdPicker: messageArea(opdPickerId, opdPickerEn),
  invitation: messageArea(invitationId, invitationEn),
  followUps: messageArea(followUpsId, followUpsEn),
  materials: messageArea(materialsId, materialsEn),
} as const;

type Areas = typeof MESSAGE_AREAS;
type AreaKey<A> = A extends { id: Readonly<Record<infer K, string>> } ? K : never;

/** The feature areas by name. */
export type MessageAreaName = keyof Areas;

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

/** Here every area of every locale is always there: nothing to load (catalogues.browser.ts loads them on demand). */
export function loadMessages(_locale: 'id' | 'en', _areas: readonly MessageAreaName[]): Promise<void> {
  return Promise.resolve();
}
