import { expect } from 'vitest';
import type { ApiError } from '../../shared/protocol';

/**
 * vitest's asymmetric matchers, typed `unknown`: vitest types them `any` so they fit anywhere in an
 * expected value, and an `any` inside an object literal is what the no-unsafe-* lint rules rightly flag.
 */
export const match = {
  any: (type: unknown): unknown => expect.any(type),
  objectContaining: (fields: Record<string, unknown>): unknown => expect.objectContaining(fields),
  stringMatching: (pattern: string | RegExp): unknown => expect.stringMatching(pattern),
};

/** The ack of a refused command: exactly `{ error }`, the error having at least these fields. */
export const refusal = (fields: Partial<ApiError>): { error: unknown } => ({ error: match.objectContaining(fields) });
