import type { Catalogue, MessageAreaName } from './catalogues';
import { appId } from './app-messages';
import { errorsId } from './error-messages';
import { queueId } from './queue-messages';

/**
 * The catalogues as the browser holds them (package.json "imports" maps catalogues.ts here under
 * the "browser" condition): the Indonesian texts every screen needs come with the first screen;
 * every other area, and every English text, is a chunk of its own, loaded when a screen asks for
 * it (loadMessages), so a participant's phone downloads the follower's texts and no admin form's.
 */
type Texts = Readonly<Record<string, string>>;
type Locale = 'id' | 'en';

const LOADERS: Record<Locale, Record<MessageAreaName, () => Promise<Texts>>> = {
  id: {
    app: () => Promise.resolve(appId),
    admin: async () => (await import('./admin-messages')).adminId,
    queue: () => Promise.resolve(queueId),
    console: async () => (await import('./console-messages')).consoleId,
    errors: () => Promise.resolve(errorsId),
    minutes: async () => (await import('./minutes-messages')).minutesId,
    video: async () => (await import('./video-messages')).videoId,
    schedule: async () => (await import('./schedule-messages')).scheduleId,
    attendance: async () => (await import('./attendance-messages')).attendanceId,
    plan: async () => (await import('./plan-messages')).planId,
    opdPicker: async () => (await import('./opd-picker-messages')).opdPickerId,
    invitation: async () => (await import('./invitation-messages')).invitationId,
    followUps: async () => (await import('./follow-up-messages')).followUpsId,
    materials: async () => (await import('./material-messages')).materialsId,
  },
  en: {
    app: async () => (await import('./en/app-messages')).appEn,
    admin: async () => (await import('./en/admin-messages')).adminEn,
    queue: async () => (await import('./en/queue-messages')).queueEn,
    console: async () => (await import('./en/console-messages')).consoleEn,
    errors: async () => (await import('./en/error-messages')).errorsEn,
    minutes: async () => (await import('./en/minutes-messages')).minutesEn,
    video: async () => (await import('./en/video-messages')).videoEn,
    schedule: async () => (await import('./en/schedule-messages')).scheduleEn,
    attendance: async () => (await import('./en/attendance-messages')).attendanceEn,
    plan: async () => (await import('./en/plan-messages')).planEn,
    opdPicker: async () => (await import('./en/opd-picker-messages')).opdPickerEn,
    invitation: async () => (await import('./en/invitation-messages')).invitationEn,
    followUps: async () => (await import('./en/follow-up-messages')).followUpsEn,
    materials: async () => (await import('./en/material-messages')).materialsEn,
  },
};

const texts: Record<Locale, Record<string, string>> = { id: { ...appId, ...queueId, ...errorsId }, en: {} };
const loading: Record<Locale, Map<MessageAreaName, Promise<void>>> = {
  id: new Map(['app', 'queue', 'errors'].map((area) => [area as MessageAreaName, Promise.resolve()])),
  en: new Map(),
};

/** Bahasa Indonesia as loaded so far (filled in place as areas come). */
export const id = texts.id as Catalogue;
/** English as loaded so far. */
export const en = texts.en as Catalogue;

/** Loads these areas of a locale (once each); resolves when their texts are in the catalogue. */
export function loadMessages(locale: Locale, areas: readonly MessageAreaName[]): Promise<void> {
  return Promise.all(
    areas.map((area) => {
      let done = loading[locale].get(area);
      if (!done) {
        done = LOADERS[locale][area]().then((loaded) => void Object.assign(texts[locale], loaded));
        // A failed load (offline) may be tried again by the next screen that asks.
        done.catch(() => loading[locale].delete(area));
        loading[locale].set(area, done);
      }
      return done;
    }),
  ).then(() => undefined);
}
