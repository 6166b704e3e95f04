import { tick } from 'svelte';

/**
 * Keyboard reordering of a list, the same on every screen: a row's ⋮⋮ handle takes Alt+↑ and
 * Alt+↓. Returns the step (-1 up, +1 down), or 0 when the key is not a reorder; a reorder key's
 * default (scrolling) is prevented.
 */
export function reorderStep(event: KeyboardEvent): -1 | 0 | 1 {
  if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return 0;
  event.preventDefault();
  return event.key === 'ArrowUp' ? -1 : 1;
}

/**
 * Moving a focused row in the DOM drops its focus; this gives it back to `selector` right after
 * the DOM update (tick), before the next key press can arrive, so Alt+↓ can be pressed again.
 */
export function refocusAfterMove(selector: string): void {
  void tick().then(() => document.querySelector<HTMLElement>(selector)?.focus());
}
