import type { Turn, TurnTimer } from '../../protocol/queue';

/** Milliseconds the speaker has used of the allotment at server time `now`. */
export function spokenMs(timer: TurnTimer, now: number): number {
  return timer.accumulatedMs + (timer.runningSince !== null ? Math.max(0, now - timer.runningSince) : 0);
}

/** Milliseconds left; negative once the turn overruns. */
export function remainingMs(timer: TurnTimer, now: number): number {
  return timer.allotmentMs - spokenMs(timer, now);
}

/** The chair's arahan time within a turn. */
export function arahanMs(timer: TurnTimer, now: number): number {
  return timer.arahanMs + (timer.arahanSince !== null ? Math.max(0, now - timer.arahanSince) : 0);
}

export function newTimer(allotmentMs: number): TurnTimer {
  return { allotmentMs, accumulatedMs: 0, runningSince: null, arahanMs: 0, arahanSince: null };
}

/** Stops whatever runs (speaker and arahan) at `at`, folding elapsed time into the totals. */
export function stopTimer(timer: TurnTimer, at: number): TurnTimer {
  return {
    ...timer,
    accumulatedMs: spokenMs(timer, at),
    runningSince: null,
    arahanMs: arahanMs(timer, at),
    arahanSince: null,
  };
}

export type TimerTone = 'calm' | 'warning' | 'overrun';

export function timerTone(turn: Pick<Turn, 'timer'>, warningMs: number, now: number): TimerTone {
  const left = remainingMs(turn.timer, now);
  if (left <= 0) return 'overrun';
  return left <= warningMs ? 'warning' : 'calm';
}

/** "08:05", or "+01:20" in overrun: minutes and seconds, never a negative sign on screen. */
export function formatCountdown(ms: number): string {
  const overrun = ms < 0;
  // Round toward the full second the speaker still has: 59.2 s left shows 01:00 until it is 59 s.
  const totalSeconds = overrun ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  const text = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return overrun ? `+${text}` : text;
}
