import type { MessageKey, MessageParams } from '../i18n';

/**
 * Error codes every REST answer and socket ack may carry. An error also carries the catalogue
 * key of what went wrong and its parameters, which the client translates; `message` is the
 * same text in English, a fallback that names the field when one is at fault.
 */
export const ERROR_CODES = [
  /** A body, query or payload failed its schema; `field` names the first bad field. */
  'bad_request',
  /** No session, or the session expired: log in or open the personal link again. */
  'unauthenticated',
  /** The session is valid but its role may not do this. */
  'forbidden',
  /** The thing asked for does not exist (or is outside the session's meeting). */
  'not_found',
  /** The request contradicts current state (duplicate short name, admin already set up...). */
  'conflict',
  /** Too many attempts in a short time; wait and retry. */
  'rate_limited',
  /** A personal link that was revoked by the secretariat. */
  'link_revoked',
  /** A personal link whose token matches nothing. */
  'link_unknown',
  /** The one-time setup link was already used or is not the current one. */
  'setup_invalid',
  /** Wrong username or password. */
  'invalid_credentials',
  /** A CSV import with bad rows: nothing was applied; `details` lists each row. */
  'import_invalid',
  /** A command based on an old view of the queue: the client resyncs and the person retries. */
  'stale_seq',
  /** The page speaks another PROTOCOL_VERSION than the server: it reloads to get the server's client. */
  'protocol_mismatch',
  /** Video is not configured on this server (no LIVEKIT_URL / key / secret). */
  'video_unconfigured',
  /** An uploaded file is larger than the route accepts (the logo: LOGO_MAX_BYTES); nothing was stored. */
  'too_large',
  /** An uploaded file is not of a type the route accepts, by its bytes (the logo: PNG or JPEG); nothing was stored. */
  'unsupported_type',
  /** The server is shutting down and did nothing: send the same request again (a command with its commandId) once reconnected. */
  'draining',
  /** Anything unexpected; details are logged on the server, never sent. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** 1-based CSV line, when the detail is about an import row. */
  line?: number;
  /** Dotted path of the field at fault, e.g. `participants.2.allotmentMinutes`. */
  field?: string;
  /** What is wrong with it, as a catalogue key and the values of its placeholders. */
  key: MessageKey;
  params: MessageParams;
  /** The same in English. */
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  /** What went wrong, as a catalogue key; absent only on the few acks built before any service runs. */
  key?: MessageKey;
  params?: MessageParams;
  /** The same in English, rendered from the catalogue. */
  message: string;
  field?: string;
  details?: ErrorDetail[];
}

/** The body of every failed HTTP answer. */
export interface ApiErrorBody {
  error: ApiError;
}

/** HTTP status per error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  link_revoked: 410,
  link_unknown: 404,
  setup_invalid: 400,
  invalid_credentials: 401,
  import_invalid: 400,
  stale_seq: 409,
  protocol_mismatch: 409,
  video_unconfigured: 409,
  too_large: 413,
  unsupported_type: 415,
  draining: 503,
  internal: 500,
};
