import type { MessageKey } from './id';

/**
 * The server's field messages are English sentences from its zod schemas. These patterns turn
 * the common ones into catalogue keys, so a form in Bahasa Indonesia explains itself in it too;
 * a message no pattern knows is shown as the server wrote it.
 */
const PATTERNS: [RegExp, MessageKey, string[]][] = [
  [/^required$/i, 'field.required', []],
  [/^at least (\d+) characters?$/i, 'field.minChars', ['n']],
  [/^at most (\d+) characters?$/i, 'field.maxChars', ['n']],
  [/^at least (\d+) minutes?$/i, 'field.minMinutes', ['n']],
  [/^at most (\d+) minutes?$/i, 'field.maxMinutes', ['n']],
  [/^use the form YYYY-MM-DD$/i, 'field.dateForm', []],
  [/^not a real date$/i, 'field.notDate', []],
  [/^use the form HH:MM \(24 hours\)$/i, 'field.timeForm', []],
  [/^the planned end must be after the start$/i, 'field.endAfterStart', []],
  [/^this OPD is already in the list$/i, 'field.duplicateOpd', []],
  [/^choose an OPD$/i, 'field.chooseOpd', []],
  [/^at least one notulis$/i, 'field.oneNotulis', []],
  [/^letters, digits, dot, dash and underscore only$/i, 'field.usernameChars', []],
  [/^kind must be one of (.+) \(got "(.*)"\)$/i, 'field.kindOneOf', ['kinds', 'got']],
  [/^short_name "(.*)" is already on line (\d+)$/i, 'field.shortNameRepeated', ['name', 'line']],
];

export interface FieldMessage {
  key: MessageKey;
  params: Record<string, string>;
}

/** The catalogue key and parameters for a server field message, or null when none fits. */
export function matchFieldMessage(message: string): FieldMessage | null {
  for (const [pattern, key, names] of PATTERNS) {
    const m = pattern.exec(message.trim());
    if (m) return { key, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]])) };
  }
  return null;
}
