/** One NTP-style probe: the client's send and receive times around the server's answer. */
export interface ClockSample {
  sentAt: number;
  serverNow: number;
  receivedAt: number;
}

export interface ClockEstimate {
  /** Add to the local clock to get the server's: serverTime ≈ Date.now() + offsetMs. */
  offsetMs: number;
  /** Round trip of the sample used; the estimate is good to about half of it. */
  rttMs: number;
}

/**
 * Keeps the sample with the lowest round trip (the least queued, so the most symmetric) and
 * assumes the server answered halfway through it.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (s.receivedAt < s.sentAt) continue;
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  if (!best) return null;
  const rttMs = best.receivedAt - best.sentAt;
  return { offsetMs: best.serverNow - (best.sentAt + rttMs / 2), rttMs };
}
