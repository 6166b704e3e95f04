/**
 * A short soft tone from Web Audio (no sound file to download or cache): a sine that swells and
 * fades in well under a second, quiet enough for a meeting room. Browsers start audio only after
 * a gesture, so the screen calls `unlockChime()` from the click that switches the sound on.
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  try {
    context ??= new AudioContext();
  } catch {
    return null;
  }
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  return context;
}

/** From a click or a key press: lets the later chimes play. */
export function unlockChime(): void {
  audio();
}

/** Plays one soft tone (default a gentle A5); false where the browser has no Web Audio. */
export function playSoftChime(frequencyHz = 880, seconds = 0.7, peakGain = 0.18): boolean {
  const ctx = audio();
  if (!ctx) return false;
  const start = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = frequencyHz;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(peakGain, start + 0.04);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + seconds + 0.05);
  return true;
}
