import {
  DEFAULT_LOCALE,
  isLocale,
  isMessageKey,
  loadMessages,
  translate,
  type Locale,
  type MessageAreaName,
  type MessageKey,
  type MessageParams,
} from '../../shared/i18n';
import type { ApiError } from '../../shared/protocol';

const STORAGE_KEY = 'rakor.locale';

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Private mode or storage blocked: the default serves.
  }
  return DEFAULT_LOCALE;
}

/** Every area, for the screens that use most of them (the admin's pages, the chair's console). */
export const ALL_AREAS: readonly MessageAreaName[] = [
  'app',
  'admin',
  'queue',
  'console',
  'errors',
  'minutes',
  'video',
  'schedule',
  'attendance',
  'plan',
  'opdPicker',
  'invitation',
];

class LocaleState {
  current = $state<Locale>(DEFAULT_LOCALE);
  /** The areas the screens shown so far asked for: a change of language loads them in the new one first. */
  #wanted = new Set<MessageAreaName>(['app', 'queue', 'errors']);
  /** Resolves once the chosen language's first texts are in (at once for Bahasa Indonesia). */
  readonly ready: Promise<void>;

  constructor() {
    const chosen = initialLocale();
    this.ready = chosen === DEFAULT_LOCALE ? Promise.resolve() : this.set(chosen).catch(() => undefined);
  }

  /** Loads the texts a screen needs, in the current language (and remembers them for a change of language). */
  need(areas: readonly MessageAreaName[]): Promise<void> {
    for (const area of areas) this.#wanted.add(area);
    return loadMessages(this.current, areas);
  }

  async set(locale: Locale): Promise<void> {
    // The texts first, then the switch: the screen never shows a key for a text still on its way.
    await loadMessages(locale, [...this.#wanted]);
    this.current = locale;
    document.documentElement.lang = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Not persisted: the choice still holds for this tab.
    }
  }
}

export const locale = new LocaleState();
document.documentElement.lang = locale.current;

/** Reactive: a component that calls `t` re-renders when the locale changes. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(locale.current, key, params);
}

/** What the server said, by its catalogue key in the reader's language; its English text when it carries no key this client knows. */
export function messageText(said: { key?: string; params?: MessageParams; message: string }): string {
  return said.key && isMessageKey(said.key) ? t(said.key, said.params) : said.message;
}

/** A server error in the reader's language; a bad request names the first field at fault. */
export function errorText(error: ApiError): string {
  const generic = `errors.${error.code}`;
  const base = isMessageKey(generic) ? t(generic) : error.message;
  if (error.code !== 'bad_request') return error.key && isMessageKey(error.key) ? t(error.key, error.params) : base;
  const first = error.details?.[0];
  if (first) return `${base} ${first.field ? `${first.field}: ` : ''}${messageText(first)}`;
  if (error.key && isMessageKey(error.key) && error.key !== generic) return `${base} ${error.field ? `${error.field}: ` : ''}${t(error.key, error.params)}`;
  return error.message ? `${base} ${error.message}` : base;
}
