import type { z } from 'zod';
import { isMessageKey, translate, type MessageKey, type MessageParams } from '../i18n';
import type { ApiError, ErrorDetail } from './errors';

type Issue = z.core.$ZodIssue;

/** A message key and its parameters: what an error detail carries. */
export interface KeyedMessage {
  key: MessageKey;
  params: MessageParams;
}

/** Keys whose `{n}` is not the bound of the check itself: the schema counts minutes, the text hours. */
const BOUND_IN: Partial<Record<MessageKey, (bound: number) => number>> = {
  'schedule.field.maxHours': (minutes) => minutes / 60,
};

function bound(issue: Issue): number | undefined {
  if (issue.code === 'too_small') return Number(issue.minimum);
  if (issue.code === 'too_big') return Number(issue.maximum);
  return undefined;
}

/** zod's own issues, by issue code: the key a schema gives no message of its own falls back to. */
function builtInKey(issue: Issue): KeyedMessage {
  switch (issue.code) {
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? { key: 'field.required', params: {} } : { key: 'field.minChars', params: { n } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'field.minItems', params: { n } };
      return { key: 'schedule.field.minNumber', params: { n } };
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'field.maxChars', params: { n } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'field.maxItems', params: { n } };
      return { key: 'schedule.field.maxNumber', params: { n } };
    }
    case 'invalid_type':
      // zod leaves out the input unless asked, so a missing field and a wrong type read alike.
      return { key: 'field.invalidType', params: { expected: issue.expected } };
    case 'invalid_value':
    case 'invalid_union':
      return { key: 'field.invalidValue', params: {} };
    case 'invalid_format':
      return { key: 'field.invalidFormat', params: {} };
    case 'unrecognized_keys':
      return { key: 'field.unknownKeys', params: { keys: issue.keys.join(', ') } };
    default:
      return { key: 'field.invalid', params: {} };
  }
}

/**
 * The key and parameters of one zod issue. A schema names its message by key (`.min(1,
 * 'field.required')`, a custom issue with `params`); the bound of a size check is `{n}`.
 */
export function issueMessage(issue: Issue): KeyedMessage {
  if (!isMessageKey(issue.message)) return builtInKey(issue);
  const key = issue.message;
  const n = bound(issue);
  const custom = issue.code === 'custom' ? ((issue.params ?? {}) as MessageParams) : {};
  return { key, params: { ...(n === undefined ? {} : { n: BOUND_IN[key]?.(n) ?? n }), ...custom } };
}

/** An error detail: the field at fault, what is wrong with it, and the same in English. */
export function errorDetail(field: string | undefined, message: KeyedMessage, line?: number): ErrorDetail {
  return { ...(line === undefined ? {} : { line }), ...(field ? { field } : {}), ...message, message: translate('en', message.key, message.params) };
}

/** Turns a zod failure into the typed error the API answers with, naming the first bad field. */
export function validationError(error: z.ZodError): ApiError {
  const details = error.issues.map((issue) => errorDetail(issue.path.map(String).join('.') || undefined, issueMessage(issue)));
  const first = details[0];
  const field = first?.field;
  return {
    code: 'bad_request',
    key: first?.key ?? 'errors.bad_request',
    params: first?.params ?? {},
    message: field ? `${field}: ${first.message}` : (first?.message ?? 'Invalid input'),
    field,
    details,
  };
}
