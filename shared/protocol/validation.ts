import type { z } from 'zod';
import type { ApiError } from './errors';

/** Turns a zod failure into the typed error the API answers with, naming the first bad field. */
export function validationError(error: z.ZodError): ApiError {
  const details = error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || undefined,
    message: issue.message,
  }));
  const first = details[0];
  const field = first?.field;
  return {
    code: 'bad_request',
    message: field ? `${field}: ${first.message}` : (first?.message ?? 'Invalid input'),
    field,
    details,
  };
}
