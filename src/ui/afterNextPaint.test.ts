import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterNextPaint } from "./afterNextPaint.ts";

describe("afterNextPaint", () => {
  let frames: Map<number, FrameRequestCallback>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    frames = new Map();
    let id = 0;
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => (frames.set(++id, cb), id));
    vi.stubGlobal("cancelAnimationFrame", (handle: number) => frames.delete(handle));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  const paint = () => {
    const due = [...frames.values()];
    frames.clear();
    due.forEach((cb) => cb(0));
  };

  it("runs after the next frame, in a task of its own", () => {
    const fn = vi.fn();
    afterNextPaint(fn);
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled(); // not before the frame
    paint();
    expect(fn).not.toHaveBeenCalled(); // not inside the frame
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledOnce();
  });

  it("can be cancelled before the frame and between the frame and its task", () => {
    const early = vi.fn();
    afterNextPaint(early)();
    paint();
    vi.runAllTimers();
    expect(early).not.toHaveBeenCalled();
    const late = vi.fn();
    const cancel = afterNextPaint(late);
    paint();
    cancel();
    vi.runAllTimers();
    expect(late).not.toHaveBeenCalled();
  });

  it("falls back to a timeout without requestAnimationFrame", () => {
    vi.stubGlobal("requestAnimationFrame", undefined);
    const fn = vi.fn();
    afterNextPaint(fn);
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledOnce();
  });
});
