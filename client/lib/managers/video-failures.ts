import type { VideoProblem } from './video-model';

/**
 * What a failed connect or a dropped call means for this screen: the problem a person sees,
 * and whether a fresh attempt (a new token, a new connection) follows by itself.
 */

/**
 * call: a remote participant or a watcher; room: the room's own feed; projector: video only;
 * watch: the chair's console, hidden, receiving no media, for the remote OPDs' connection quality.
 */
export type VideoSessionKind = 'call' | 'room' | 'projector' | 'watch';

/** Backoff between full reconnects (each with a fresh token); the last one repeats. */
export const RETRY_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000, 60_000];

export interface VideoFailure {
  problem: VideoProblem;
  /** A later attempt may cure it by itself (a network or server failure). */
  retry: boolean;
}

/** The wait before the next attempt, after `retries` attempts that failed in a row. */
export function retryDelayMs(retries: number): number {
  return RETRY_MS[Math.min(retries, RETRY_MS.length - 1)] ?? 60_000;
}

/**
 * Rakor did not hand out a token: `refusal` is its answer, null when it could not be reached.
 * 'unconfigured': the status was older than the server's settings; the next status change tries again.
 */
export function tokenFailure(kind: VideoSessionKind, refusal: { status: number; code: string } | null): VideoFailure | 'unconfigured' {
  if (!refusal) return { problem: { kind: 'network' }, retry: true };
  if (refusal.code === 'video_unconfigured') return 'unconfigured';
  if (refusal.status === 0 || refusal.status >= 500) return { problem: { kind: 'network' }, retry: true };
  if (refusal.status === 403 && kind === 'call') return { problem: { kind: 'inRoom' }, retry: false };
  return { problem: { kind: 'refused', code: refusal.code }, retry: false };
}

/** Why LiveKit's connect threw, as far as this screen tells the reasons apart. */
export type ConnectError = 'cancelled' | 'notAllowed' | 'other';

/** null: the connect was cancelled on purpose (a disconnect while connecting); nothing to show. */
export function connectFailure(error: ConnectError): VideoFailure | null {
  if (error === 'cancelled') return null;
  if (error === 'notAllowed') return { problem: { kind: 'rejected' }, retry: false };
  return { problem: { kind: 'unreachable' }, retry: true };
}

/** Why LiveKit ended a call that was up, as far as this screen tells the reasons apart. */
export type DropReason = 'client' | 'duplicate' | 'removed' | 'other';

/** null: this screen hung up itself. */
export function dropFailure(reason: DropReason): VideoFailure | null {
  if (reason === 'client') return null;
  if (reason === 'duplicate') return { problem: { kind: 'replaced' }, retry: false };
  if (reason === 'removed') return { problem: { kind: 'removed' }, retry: false };
  return { problem: { kind: 'unreachable' }, retry: true };
}
