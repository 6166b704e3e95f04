import { DEFAULT_LOCALE, isLocale, isMessageKey, translate, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import type { ApiError } from '../../shared/protocol';
import { matchFieldMessage } from '../../shared/i18n/field-messages';

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

/** A server field message ("at least 10 characters") in the reader's language when it is a known one. */
export function fieldText(message: string): string {
  const known = matchFieldMessage(message);
  return known ? t(known.key, known.params) : message;
}

/** A server error in the reader's language, naming the first field at fault. */
export function errorText(error: ApiError): string {
  const key = `errors.${error.code}`;
  const base = isMessageKey(key) ? t(key) : error.message;
  if (error.code !== 'bad_request') return base;
  const first = error.details?.[0];
  if (first) return `${base} ${first.field ? `${first.field}: ` : ''}${fieldText(first.message)}`;
  return error.message ? `${base} ${error.message}` : base;
}
