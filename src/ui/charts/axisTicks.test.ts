import { describe, expect, it } from "vitest";
import { finiteMax, internAxis, niceStep, spanTicks, ticksForWidth, zeroBasedTicks } from "./axisTicks.ts";

describe("axis ticks", () => {
  it("picks 1, 2 or 5 × 10^k steps", () => {
    expect(niceStep(10, 6)).toBe(2);
    expect(niceStep(2.31, 6)).toBe(0.5);
    expect(niceStep(1234, 5)).toBe(500);
    expect(niceStep(0.07, 5)).toBe(0.02);
    expect(niceStep(0, 5)).toBe(1);
    expect(niceStep(Number.NaN, 5)).toBe(1);
  });

  it("a zero-based axis ends at a nice ceiling of the maximum, within the tick budget", () => {
    expect(zeroBasedTicks(2.31, 6)).toEqual({ domain: [0, 2.5], ticks: [0, 0.5, 1, 1.5, 2, 2.5] });
    expect(zeroBasedTicks(0.3, 5)).toEqual({ domain: [0, 0.3], ticks: [0, 0.1, 0.2, 0.3] });
    expect(zeroBasedTicks(Number.NEGATIVE_INFINITY, 5)).toEqual({ domain: [0, 1], ticks: [0, 0.5, 1] });
    for (const max of [0.013, 0.7, 1, 2.302585, 9.99, 57, 1e6]) {
      for (const n of [3, 5, 8]) {
        const { domain, ticks } = zeroBasedTicks(max, n);
        expect(domain[1]).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeLessThanOrEqual(n);
        expect(ticks[0]).toBe(0);
        expect(ticks.at(-1)).toBe(domain[1]);
      }
    }
  });

  it("a span axis keeps its exact range and ticks whole multiples inside it", () => {
    expect(spanTicks(0, 1234, 5)).toEqual({ domain: [0, 1234], ticks: [0, 500, 1000] });
    expect(spanTicks(3, 9, 10)).toEqual({ domain: [3, 9], ticks: [3, 4, 5, 6, 7, 8, 9] });
    expect(spanTicks(5, 5, 5)).toEqual({ domain: [5, 6], ticks: [5] });
    for (const [lo, hi] of [
      [0, 7],
      [100, 40_000],
      [17, 18],
    ]) {
      const { ticks } = spanTicks(lo, hi, 6);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.every((t) => t >= lo && t <= hi && Number.isInteger(t))).toBe(true);
    }
  });

  it("fits the tick count to the width and finds finite maxima", () => {
    expect(ticksForWidth(0)).toBe(2);
    expect(ticksForWidth(600)).toBe(7);
    expect(ticksForWidth(5000)).toBe(10);
    expect(
      finiteMax(
        [
          { a: 1, b: Number.NaN },
          { a: Number.POSITIVE_INFINITY, b: 3 },
        ],
        "a",
        "b",
      ),
    ).toBe(3);
    expect(finiteMax<{ a: number | null }>([{ a: null }], "a")).toBe(Number.NEGATIVE_INFINITY);
  });
});

it("interns equal axes: the same object for the same domain and ticks", () => {
  const a = internAxis(zeroBasedTicks(2.31, 6));
  expect(internAxis(zeroBasedTicks(2.2, 6))).toBe(a);
  expect(internAxis(zeroBasedTicks(2.6, 6))).not.toBe(a);
  for (let i = 0; i < 200; i++) internAxis(spanTicks(0, 100 + i, 5)); // bounded: old entries go
  expect(internAxis(zeroBasedTicks(2.31, 6))).not.toBe(a);
});
