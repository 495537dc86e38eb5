import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ANNOUNCE_GAP_MS, createAnnouncer } from "./announcer.ts";

describe("announcer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says the first message at once and the next no sooner than the gap", () => {
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t));
    a.say("run-start", "Training started");
    expect(said).toEqual(["Training started"]);
    a.say("epoch", "Epoch 1 of 3");
    expect(said).toEqual(["Training started"]);
    vi.advanceTimersByTime(ANNOUNCE_GAP_MS - 1);
    expect(said).toEqual(["Training started"]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(["Training started", "Epoch 1 of 3"]);
  });

  it("replaces a waiting message with a newer one of the same kind", () => {
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t));
    a.say("run-start", "Training started");
    a.say("epoch", "Epoch 1 of 3");
    a.say("epoch", "Epoch 2 of 3");
    expect(a.pending()).toEqual(["Epoch 2 of 3"]);
    vi.advanceTimersByTime(10 * ANNOUNCE_GAP_MS);
    expect(said).toEqual(["Training started", "Epoch 2 of 3"]);
  });

  it("never drops a run's start or end, and keeps the order", () => {
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t));
    a.say("lab", "Variant A");
    a.say("run-start", "Started 1");
    a.say("run-end", "Finished 1");
    a.say("run-start", "Started 2");
    a.say("epoch", "Epoch 1");
    a.say("run-end", "Finished 2");
    a.say("epoch", "Epoch 2");
    expect(a.pending()).toEqual(["Started 1", "Finished 1", "Started 2", "Epoch 2", "Finished 2"]);
    vi.advanceTimersByTime(5 * ANNOUNCE_GAP_MS);
    expect(said).toEqual(["Variant A", "Started 1", "Finished 1", "Started 2", "Epoch 2", "Finished 2"]);
  });

  it("says at most one message per gap however many arrive", () => {
    const times: number[] = [];
    const a = createAnnouncer(() => times.push(Date.now()));
    for (let i = 0; i < 20; i++) {
      a.say(i % 2 ? "run-start" : "run-end", `m${i}`);
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(30 * ANNOUNCE_GAP_MS);
    expect(times).toHaveLength(20);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(ANNOUNCE_GAP_MS);
  });

  it("says a message at once when the last one was longer ago than the gap", () => {
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t));
    a.say("move", "Moved A");
    vi.advanceTimersByTime(ANNOUNCE_GAP_MS + 5);
    a.say("move", "Moved B");
    expect(said).toEqual(["Moved A", "Moved B"]);
  });

  it("dispose drops what waits", () => {
    const said: string[] = [];
    const a = createAnnouncer((t) => said.push(t));
    a.say("lab", "one");
    a.say("lab", "two");
    a.dispose();
    vi.advanceTimersByTime(10 * ANNOUNCE_GAP_MS);
    expect(said).toEqual(["one"]);
  });
});
