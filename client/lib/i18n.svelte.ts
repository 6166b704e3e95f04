import { DEFAULT_LOCALE, isLocale, isMessageKey, translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
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

class LocaleState {
  current = $state<Locale>(initialLocale());

  set(locale: Locale): void {
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

/** A server error in the reader's language; field-level detail stays in the server's words. */
export function errorText(error: ApiError): string {
  const key = `errors.${error.code}`;
  const base = isMessageKey(key) ? t(key) : error.message;
  if (error.code === 'bad_request' && error.message) return `${base} ${error.message}`;
  return base;
}
