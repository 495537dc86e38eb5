import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { latestThrottle, type ThrottleClock } from "./latestThrottle.ts";

const fakeClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe("latestThrottle", () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it("passes the first value at once and the newest one when the interval is up", () => {
    const seen: number[] = [];
    const t = latestThrottle((v: number) => seen.push(v), 500, fakeClock);
    t.push(1);
    expect(seen).toEqual([1]);
    t.push(2);
    t.push(3);
    vi.advanceTimersByTime(499);
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1, 3]);
  });

  it("emits at most once per interval however often values come, and always ends with the last", () => {
    const seen: number[] = [];
    const t = latestThrottle((v: number) => seen.push(v), 500, fakeClock);
    for (let i = 0; i < 100; i++) {
      t.push(i);
      vi.advanceTimersByTime(40); // a value every 40 ms for 4 s
    }
    vi.runAllTimers();
    expect(seen.at(-1)).toBe(99);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil((100 * 40) / 500) + 1);
    expect(seen.length).toBeGreaterThanOrEqual(8);
  });

  it("passes a value at once after a quiet interval, and cancel drops the trailing one", () => {
    const seen: string[] = [];
    const t = latestThrottle((v: string) => seen.push(v), 500, fakeClock);
    t.push("a");
    vi.advanceTimersByTime(2_000);
    t.push("b");
    expect(seen).toEqual(["a", "b"]);
    t.push("c");
    t.cancel();
    vi.runAllTimers();
    expect(seen).toEqual(["a", "b"]);
  });
});
