import type { QueueState, Turn } from '../../shared/protocol';
import { t } from './i18n.svelte';
import { playTone, unlockSound } from './phone-sound';

/** Where the participant's own turn stands: next in line, or at the floor; null otherwise. */
export interface TurnMoment {
  kind: 'next' | 'now';
  turnId: string;
}

/**
 * The participant's moment in the queue: at the floor while the current turn is theirs (paused
 * or not), next while the first waiting turn of the running sesi is theirs.
 */
export function turnMoment(state: QueueState | null, participantId: string | null): TurnMoment | null {
  if (!state || !participantId || state.phase !== 'running') return null;
  const current = state.currentTurnId ? state.turns[state.currentTurnId] : undefined;
  if (current && current.participantId === participantId && (current.status === 'speaking' || current.status === 'paused')) {
    return { kind: 'now', turnId: current.id };
  }
  const next = state.order.map((id) => state.turns[id]).find((x): x is Turn => x !== undefined && x.session === state.session && x.status === 'waiting');
  return next && next.participantId === participantId ? { kind: 'next', turnId: next.id } : null;
}

/** Remembered on the device: the person said once that this phone may ring and buzz. */
const STORAGE_KEY = 'rakor.turnAlerts';
const VIBRATION: Record<TurnMoment['kind'], number[]> = {
  next: [200, 100, 200],
  now: [400, 150, 400, 150, 400],
};

function stored(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false; // Storage refused (a private window's policy): alerts start off.
  }
}

function store(on: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
  } catch {
    // Not remembered; this page still has it.
  }
}

/**
 * Tells a participant their turn is coming and has come: the tab's title always, a soft tone and
 * a vibration once the person turned them on. Each alert fires once per transition into a moment
 * (by turn), so a re-render, a reconnect or a resync that brings the same moment again is quiet;
 * the moment found when the page opens is shown, not rung.
 */
export class TurnAlerts {
  #enabled = $state(stored());
  readonly #baseTitle = document.title;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- what has rung already, read by no template or effect.
  readonly #rung = new Set<string>();
  #observed = false;
  #unlockOnTap: (() => void) | null = null;

  constructor() {
    // Remembered from an earlier visit: the tone still needs a tap on this page to be allowed.
    if (this.#enabled) this.#armUnlock();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** From the toggle's tap: a tap is where the browser lets the AudioContext start. */
  toggle(): void {
    this.#enabled = !this.#enabled;
    store(this.#enabled);
    if (this.#enabled) unlockSound();
  }

  /** Called with the moment each time the queue changes. */
  observe(moment: TurnMoment | null): void {
    document.title = moment ? t(moment.kind === 'now' ? 'queue.alerts.titleNow' : 'queue.alerts.titleNext', { app: this.#baseTitle }) : this.#baseTitle;
    const first = !this.#observed;
    this.#observed = true;
    if (!moment) return;
    const key = `${moment.kind}:${moment.turnId}`;
    if (this.#rung.has(key)) return;
    this.#rung.add(key);
    if (first || !this.#enabled) return;
    playTone(moment.kind);
    // Where the browser allows it (not iOS Safari; not a hidden tab in some browsers).
    if (typeof navigator.vibrate === 'function') navigator.vibrate(VIBRATION[moment.kind]);
  }

  destroy(): void {
    document.title = this.#baseTitle;
    this.#unlockOnTap?.();
  }

  #armUnlock(): void {
    const unlock = () => {
      unlockSound();
      this.#unlockOnTap?.();
    };
    document.addEventListener('pointerdown', unlock, { capture: true });
    document.addEventListener('keydown', unlock, { capture: true });
    this.#unlockOnTap = () => {
      document.removeEventListener('pointerdown', unlock, { capture: true });
      document.removeEventListener('keydown', unlock, { capture: true });
      this.#unlockOnTap = null;
    };
  }
}
