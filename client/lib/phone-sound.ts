/**
 * The soft tone of a turn alert, made with Web Audio: no sound file to download on a weak link.
 * Browsers start an AudioContext suspended until the person taps the page, so `unlockSound` is
 * called from a tap; later tones (from a socket event, maybe in a background tab) then play.
 */

type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;

function audioContextClass(): AudioContextClass | null {
  if (typeof window === 'undefined') return null;
  // Safari before 14.1 has only the prefixed one.
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

/** Creates or resumes the context; call it inside a tap or key handler, where browsers allow it. */
export function unlockSound(): void {
  const Ctor = audioContextClass();
  if (!Ctor) return;
  context ??= new Ctor();
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
}

/** The two rising notes of "you are next", the three of "your turn now". */
const NOTES: Record<'next' | 'now', readonly number[]> = {
  next: [660, 880],
  now: [660, 880, 1175],
};
const NOTE_S = 0.18;
const PEAK_GAIN = 0.18;

/** Plays the alert's notes; false when no unlocked context can play them. */
export function playTone(kind: 'next' | 'now'): boolean {
  if (!context || context.state !== 'running') return false;
  const start = context.currentTime + 0.02;
  NOTES[kind].forEach((frequency, i) => {
    const osc = context!.createOscillator();
    const gain = context!.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const at = start + i * NOTE_S;
    // A quick attack and an exponential fade: a chime, not a beep.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(PEAK_GAIN, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S * 1.6);
    osc.connect(gain).connect(context!.destination);
    osc.start(at);
    osc.stop(at + NOTE_S * 1.7);
  });
  return true;
}
