/** A small seeded generator (Lehmer), so a failing run of a randomised test can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
}
