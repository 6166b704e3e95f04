/** Moves one item of a list to a new index, the way drag-and-drop and Alt+Arrow keys reorder speakers. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length) return [...items];
  const target = Math.max(0, Math.min(items.length - 1, to));
  const next = [...items];
  next.splice(target, 0, ...next.splice(from, 1));
  return next;
}

/**
 * Checks that `ids` is exactly a permutation of `current` (same members, no repeats), so a
 * reorder from a stale screen cannot drop or duplicate a speaker.
 */
export function isPermutation(current: readonly string[], ids: readonly string[]): boolean {
  if (current.length !== ids.length) return false;
  const set = new Set(ids);
  if (set.size !== ids.length) return false;
  return current.every((id) => set.has(id));
}

/** The allotment a participant really gets: its own, else the meeting's default. */
export function effectiveAllotment(own: number | null, meetingDefault: number): number {
  return own ?? meetingDefault;
}
