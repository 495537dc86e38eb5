// Seeded randomness: the only source of random numbers in core (no Math.random).

/** A seeded pseudo-random generator; the same seed always yields the same sequence. */
export interface Rng {
  /** Next uniform float in [0, 1). */
  next(): number;
  /** Next uniform integer in [0, maxExclusive); maxExclusive is a positive integer. */
  int(maxExclusive: number): number;
}

/** Creates a mulberry32 generator (32-bit state) from any finite seed; the seed is truncated to 32 bits. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
      throw new Error(`Rng.int: maxExclusive must be a positive integer, got ${maxExclusive}`);
    }
    return Math.floor(next() * maxExclusive);
  };
  return { next, int };
}

/** Returns a Fisher-Yates permutation of 0..count-1 drawn from rng. */
export function shuffledIndices(count: number, rng: Rng): Int32Array {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`shuffledIndices: count must be a non-negative integer, got ${count}`);
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = indices[i];
    indices[i] = indices[j];
    indices[j] = swap;
  }
  return indices;
}
