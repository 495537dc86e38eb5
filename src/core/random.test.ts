import { describe, expect, it } from "vitest";
import { createRng, shuffledIndices } from "./random.ts";

describe("createRng", () => {
  it("repeats the same sequence for the same seed and differs across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it("matches the mulberry32 reference values", () => {
    const rng = createRng(1);
    // First outputs of mulberry32(1), also used by src/build/buildDatasets.mjs.
    expect(rng.next()).toBeCloseTo(0.6270739405881613, 15);
    expect(rng.next()).toBeCloseTo(0.002735721180215478, 15);
  });

  it("stays in [0, 1) with a plausible mean", () => {
    const rng = createRng(7);
    const draws = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const sum = draws.reduce((total, x) => total + x, 0);
    expect(sum / 10_000).toBeGreaterThan(0.48);
    expect(sum / 10_000).toBeLessThan(0.52);
  });

  it("draws integers covering [0, maxExclusive) and rejects bad bounds", () => {
    const rng = createRng(3);
    const draws = Array.from({ length: 1000 }, () => rng.int(5));
    expect([...new Set(draws)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => rng.int(0)).toThrow(/positive integer/);
    expect(() => rng.int(2.5)).toThrow(/positive integer/);
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
  });
});

describe("shuffledIndices", () => {
  it("returns a seeded permutation of 0..count-1", () => {
    const perm = shuffledIndices(1000, createRng(11));
    expect(perm).toBeInstanceOf(Int32Array);
    expect(Int32Array.from(perm).sort()).toEqual(Int32Array.from({ length: 1000 }, (_, i) => i));
    expect(perm).toEqual(shuffledIndices(1000, createRng(11)));
    expect(perm).not.toEqual(shuffledIndices(1000, createRng(12)));
    expect(Array.from(perm.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("handles empty and single-element ranges", () => {
    expect(shuffledIndices(0, createRng(1)).length).toBe(0);
    expect(Array.from(shuffledIndices(1, createRng(1)))).toEqual([0]);
    expect(() => shuffledIndices(-1, createRng(1))).toThrow();
  });
});
