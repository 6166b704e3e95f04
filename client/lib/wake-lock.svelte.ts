/**
 * Keeps a screen awake while it matters (the projector and the chair's console during a meeting):
 * a tablet that dims mid-turn hides the countdown from the chair, a projector that sleeps blanks the room.
 * The Screen Wake Lock API; where it is missing or refused (an old browser, plain HTTP off localhost,
 * a battery saver), nothing happens and nothing is shown: the screen behaves as it always did.
 */
export class ScreenWakeLock {
  #sentinel: WakeLockSentinel | null = null;
  #wanted = false;
  /** A request in flight: a second one (the tab back while the first still waits) is not sent. */
  #requesting = false;
  #held = $state(false);

  /** Whether the browser holds the lock now (it lets go by itself when the tab is hidden). */
  get held(): boolean {
    return this.#held;
  }

  /** Asks for the lock, and again each time the tab comes back; the returned function lets it go. */
  hold(): () => void {
    this.#wanted = true;
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.#acquire();
    };
    document.addEventListener('visibilitychange', onVisible);
    void this.#acquire();
    return () => {
      this.#wanted = false;
      document.removeEventListener('visibilitychange', onVisible);
      void this.#release();
    };
  }

  async #acquire(): Promise<void> {
    if (!this.#wanted || (this.#sentinel && !this.#sentinel.released)) return;
    const api = typeof navigator !== 'undefined' ? navigator.wakeLock : undefined;
    if (!api || this.#requesting || document.visibilityState !== 'visible') return;
    let sentinel: WakeLockSentinel;
    this.#requesting = true;
    try {
      sentinel = await api.request('screen');
    } catch {
      return; // Refused: the screen keeps its own sleep settings.
    } finally {
      this.#requesting = false;
    }
    // Released while the request was in flight (the meeting ended, the page unmounted).
    if (!this.#wanted) {
      void sentinel.release().catch(() => undefined);
      return;
    }
    this.#sentinel = sentinel;
    this.#held = true;
    sentinel.addEventListener('release', () => {
      if (this.#sentinel === sentinel) {
        this.#sentinel = null;
        this.#held = false;
      }
    });
  }

  async #release(): Promise<void> {
    const sentinel = this.#sentinel;
    this.#sentinel = null;
    this.#held = false;
    await sentinel?.release().catch(() => undefined);
  }
}

/**
 * For a component's script: holds the screen awake while `wanted()` is true, and lets go when it
 * turns false or the component unmounts.
 */
export function keepScreenAwake(wanted: () => boolean): ScreenWakeLock {
  const lock = new ScreenWakeLock();
  $effect(() => {
    if (!wanted()) return;
    return lock.hold();
  });
  return lock;
}
