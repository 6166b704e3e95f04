/**
 * Checked look-ups for tests, now that `noUncheckedIndexedAccess` types `xs[i]` as `T | undefined`.
 * Each throws an Error naming what was missing, so a test that got fewer rows, events or entries than
 * it expected fails with a readable message instead of a TypeError a few lines further on.
 */

/** An array or a typed array: what `at` reads. */
export interface Indexed<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/**
 * `items[index]`, or an Error naming `what` and how many there were. A negative index is an error too
 * (an `indexOf` that found nothing), never a count from the end: `last` is for that.
 */
export function at<T>(items: Indexed<T>, index: number, what: string): T {
  if (!Number.isInteger(index) || index < 0 || index >= items.length) {
    throw new Error(`expected ${what} at index ${index}, but there are ${items.length}`);
  }
  // In range, so this is an item (`at()` is typed `T | undefined` with or without noUncheckedIndexedAccess).
  return items.at(index) as T;
}

/** `items[0]`, or an Error naming `what` if there is none. */
export function first<T>(items: readonly T[], what: string): T {
  return at(items, 0, what);
}

/** The last of `items`, or an Error naming `what` if there is none. */
export function last<T>(items: readonly T[], what: string): T {
  return at(items, items.length - 1, what);
}

/** The one item of `items`, or an Error naming `what` if there are none or several. */
export function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, but there are ${items.length}`);
  return items.at(0) as T;
}

/** `record[key]`, or an Error naming `what` and the keys there are if it is missing. */
export function get<V>(record: Readonly<Partial<Record<string, V>>>, key: string, what: string): V {
  const value = record[key];
  if (value === undefined) {
    const keys = Object.keys(record);
    throw new Error(`expected ${what} under key ${JSON.stringify(key)}, but the keys are [${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ', …' : ''}]`);
  }
  return value;
}

/** `value`, or an Error naming `what` if it is null or undefined (a regex group, a `.find`, a header row). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, but there is none`);
  return value;
}

/** A tuple of `N` items of `T`: what destructuring `atLeast(xs, 2, …)` gives, none of them undefined. */
export type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [...R, T]>;

/** The first `n` of `items` as a tuple (`const [a, b] = atLeast(rows, 2, 'row')`), or an Error naming `what` if there are fewer. */
export function atLeast<T, N extends number>(items: readonly T[], n: N, what: string): Tuple<T, N> {
  if (items.length < n) throw new Error(`expected at least ${n} ${what}, but there are ${items.length}`);
  return items.slice(0, n) as Tuple<T, N>;
}
