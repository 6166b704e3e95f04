import type { z } from 'zod';
import { translate, type MessageKey, type MessageParams } from '../shared/i18n';
import { validationError, type ApiError, type ErrorCode, type ErrorDetail } from '../shared/protocol';

/**
 * A failure a person can act on. Services throw it with a catalogue key and its parameters; HTTP
 * and socket edges turn it into `{ error }`, whose `message` is the key's English text (after
 * `field: ` for a bad request naming its field).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly field?: string,
    readonly details?: ErrorDetail[],
  ) {
    const text = translate('en', key, params);
    super(code === 'bad_request' && field ? `${field}: ${text}` : text);
  }

  /** The refusal a domain decision returned, thrown on. */
  static from(error: ApiError): AppError {
    return new AppError(error.code, error.key ?? `errors.${error.code}`, error.params, error.field, error.details);
  }

  toJSON(): ApiError {
    return {
      code: this.code,
      key: this.key,
      params: this.params,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Parses untrusted input with a shared schema, or throws a `bad_request` naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.from(validationError(result.error));
  return result.data;
}

/** What reaches a client when something unexpected breaks: never the internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return err.toJSON();
  return { code: 'internal', key: 'errors.internalFallback', params: {}, message: translate('en', 'errors.internalFallback') };
}
