import type { ApiError } from '../../shared/protocol';
import { ApiFailure } from './api';
import { messageText } from './i18n.svelte';

/** The typed error of a failed call; anything else becomes a network error. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.status === 0 ? { code: 'internal', message: 'network' } : err.error;
  return { code: 'internal', message: String(err) };
}

/** The message for one field (`participants.2.opdId`), when the server named that field. */
export function fieldError(error: ApiError | null, field: string): string | null {
  if (!error || error.code !== 'bad_request') return null;
  const detail = error.details?.find((d) => d.field === field);
  if (detail) return messageText(detail);
  return error.field === field ? (error.key ? messageText(error) : error.message) : null;
}

/** "shortName: required" -> "required" when the field is shown elsewhere. */
export function withoutField(message: string, field?: string): string {
  return field && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
