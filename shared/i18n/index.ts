// The whole catalogues on the server; in the browser the ones loaded so far (package.json "imports").
import { en, id } from '#i18n-catalogues';
import type { Catalogue, MessageKey } from './catalogues';

export type { Catalogue, MessageAreaName, MessageKey } from './catalogues';
export { loadMessages } from '#i18n-catalogues';

/** Bahasa Indonesia first; English second. */
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

const catalogues: Record<Locale, Catalogue> = { id, en };

export type MessageParams = Record<string, string | number>;

/** The text of `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogues[locale][key] ?? id[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `key` names a message: error codes from the server are checked before lookup. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(id, key);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
