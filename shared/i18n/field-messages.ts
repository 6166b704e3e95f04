import type { MessageKey } from './catalogues';

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
  [/^the file is not text in an encoding Rakor can read: save it again as CSV UTF-8$/i, 'import.field.unreadable', []],
  [/^the text holds "\uFFFD", characters lost to a wrong decoding/i, 'import.field.garbled', []],
  [/^the end date must be after the start date$/i, 'schedule.field.endDateAfterStart', []],
  [/^the rotation needs at least one group$/i, 'schedule.field.rotationEmpty', []],
  [/^choose at least one OPD$/i, 'schedule.field.chooseOpds', []],
  [/^at most (\d+) hours?$/i, 'schedule.field.maxHours', ['n']],
  [/^no active OPD is in the group "(.*)"$/i, 'schedule.field.groupWithoutOpds', ['group']],
  [/^too small: expected number to be >=(\d+)$/i, 'schedule.field.minNumber', ['n']],
  [/^too big: expected number to be <=(\d+)$/i, 'schedule.field.maxNumber', ['n']],
  [/^overlaps sesi (\d+)$/i, 'plan.field.overlaps', ['n']],
  [/^sesi (\d+) is listed twice$/i, 'plan.field.sessionTwice', ['n']],
  [/^the end must be after the start$/i, 'plan.field.endAfterStart', []],
  [/^before the meeting starts$/i, 'plan.field.beforeMeeting', []],
  [/^after the meeting's planned end$/i, 'plan.field.afterMeeting', []],
  [/^sesi 2 must come after sesi 1$/i, 'plan.field.sessionOrder', []],
  [/^sesi (\d+) has no time window$/i, 'plan.field.noWindow', ['n']],
  [/^the agenda needs the paparan slot/i, 'plan.field.needsPaparan', []],
  [/^only one paparan slot$/i, 'plan.field.onePaparan', []],
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
