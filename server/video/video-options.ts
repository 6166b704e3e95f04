/** How Rakor reaches LiveKit; null in AppOptions when video is not configured. */
export interface VideoOptions {
  /** LIVEKIT_URL: what browsers connect to (wss://...). The server API is the same host over http(s). */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Lifetime of a browser token; the client fetches a fresh one for every (re)connect. Default 10 minutes. */
  tokenTtlSeconds?: number;
  /** Waits between retries of a failed permission update. Default 250 ms, 1 s, 4 s. */
  retryDelaysMs?: readonly number[];
  /** How a retry waits; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** A LiveKit API call that takes longer fails (and is retried). Default 5 s. */
  requestTimeoutMs?: number;
  /** How often the presence of running meetings is checked against listParticipants. Default 3 minutes. */
  reconcileIntervalMs?: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 10 * 60;
export const DEFAULT_RETRY_DELAYS_MS = [250, 1000, 4000] as const;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
export const DEFAULT_RECONCILE_INTERVAL_MS = 3 * 60_000;
/**
 * How long a handled webhook id is kept to refuse a repeat. LiveKit retries a delivery for
 * minutes, and its signature expires after five: a week is far past any repeat that could verify.
 */
export const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** The RoomService API lives on the same host as the signalling socket, over http(s). */
export function apiUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

/** Browsers connect over ws(s); an http(s) LIVEKIT_URL is given to them as ws(s). */
export function browserUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, 'ws$1://');
}
