import type { z } from 'zod';
import { validationError, type ApiError, type ErrorCode, type ErrorDetail } from '../shared/protocol';

/** A failure a person can act on. Services throw it; HTTP and socket edges turn it into `{ error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  toJSON(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Parses untrusted input with a shared schema, or throws a `bad_request` naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const e = validationError(result.error);
    throw new AppError('bad_request', e.message, e.field, e.details);
  }
  return result.data;
}

/** What reaches a client when something unexpected breaks: never the internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return err.toJSON();
  return { code: 'internal', message: 'Something went wrong on the server. Try again; if it persists, tell the secretariat.' };
}
