import type { ApiError } from '../../shared/protocol';
import { ApiFailure } from './api';

/** The typed error of a failed call; anything else becomes a network error. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.status === 0 ? { code: 'internal', message: 'network' } : err.error;
  return { code: 'internal', message: String(err) };
}

/** The server's message for one field (`participants.2.opdId`), when it named that field. */
export function fieldError(error: ApiError | null, field: string): string | null {
  if (!error || error.code !== 'bad_request') return null;
  if (error.field === field) return error.message;
  return error.details?.find((d) => d.field === field)?.message ?? null;
}
