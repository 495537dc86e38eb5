import { describe, expect, it } from "vitest";
import { DEFAULT_LR_SCHEDULE, type LrSchedule } from "../../config/schema.ts";
import { scheduleCurve, scheduleMultiplier, scheduleRun, scheduledRate } from "./lrSchedule.ts";

const run = { stepsPerEpoch: 100, totalSteps: 300 };
const of = (patch: Partial<LrSchedule>): LrSchedule => ({ ...DEFAULT_LR_SCHEDULE, ...patch });

describe("scheduleMultiplier", () => {
  it("keeps the base rate for the constant schedule", () => {
    for (const step of [0, 1, 150, 299]) expect(scheduledRate(0.01, DEFAULT_LR_SCHEDULE, step, run)).toBe(0.01);
  });

  it("drops by the factor every N epochs or every N steps", () => {
    const epochs = of({ kind: "step", factor: 0.5, every: 1, per: "epoch" });
    expect([0, 99, 100, 199, 200, 299].map((s) => scheduleMultiplier(epochs, s, run))).toEqual([
      1, 1, 0.5, 0.5, 0.25, 0.25,
    ]);
    const steps = of({ kind: "step", factor: 0.1, every: 30, per: "step" });
    expect(scheduleMultiplier(steps, 29, run)).toBe(1);
    expect(scheduleMultiplier(steps, 30, run)).toBeCloseTo(0.1, 12);
    expect(scheduleMultiplier(steps, 95, run)).toBeCloseTo(0.001, 12);
  });

  it("decays exponentially by the rate per epoch, smoothly between epochs", () => {
    const exp = of({ kind: "exponential", decay: 0.9 });
    expect(scheduleMultiplier(exp, 0, run)).toBe(1);
    expect(scheduleMultiplier(exp, 100, run)).toBeCloseTo(0.9, 12);
    expect(scheduleMultiplier(exp, 50, run)).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(scheduleMultiplier(exp, 250, run)).toBeCloseTo(0.9 ** 2.5, 12);
  });

  it("follows a half cosine from the base rate at step 0 to the floor at the last step", () => {
    const cos = of({ kind: "cosine", floor: 0.1 });
    expect(scheduleMultiplier(cos, 0, run)).toBe(1);
    expect(scheduleMultiplier(cos, 299, run)).toBeCloseTo(0.1, 12);
    // halfway through: halfway between base and floor
    expect(scheduleMultiplier(cos, 149.5, run)).toBeCloseTo(0.55, 12);
    expect(scheduleMultiplier(cos, 75, run)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * 75) / 299)), 12);
  });

  it("warms up linearly over the first N steps, then the cosine starts", () => {
    const cos = of({ kind: "cosine", floor: 0, warmup: 10 });
    expect(scheduleMultiplier(cos, 0, run)).toBeCloseTo(0.1, 12);
    expect(scheduleMultiplier(cos, 4, run)).toBeCloseTo(0.5, 12);
    expect(scheduleMultiplier(cos, 9, run)).toBe(1);
    expect(scheduleMultiplier(cos, 10, run)).toBe(1);
    expect(scheduleMultiplier(cos, 299, run)).toBeCloseTo(0, 12);
    // warm-up multiplies step decay, which counts from step 0
    const step = of({ kind: "step", factor: 0.5, every: 5, per: "step", warmup: 10 });
    expect(scheduleMultiplier(step, 4, run)).toBeCloseTo(0.5, 12);
    expect(scheduleMultiplier(step, 6, run)).toBeCloseTo(0.7 * 0.5, 12);
    expect(scheduledRate(0.002, of({ warmup: 4 }), 1, run)).toBeCloseTo(0.001, 12);
  });

  it("handles one-epoch and one-step runs, and a warm-up longer than the run", () => {
    const one = scheduleRun(64, 64, 1);
    expect(one).toEqual({ stepsPerEpoch: 1, totalSteps: 1 });
    const cos = of({ kind: "cosine", floor: 0.2 });
    expect(scheduleMultiplier(cos, 0, one)).toBe(1); // a single step trains at the base rate
    const oneEpoch = scheduleRun(1000, 100, 1);
    expect(scheduleMultiplier(cos, 9, oneEpoch)).toBeCloseTo(0.2, 12);
    expect(scheduleMultiplier(of({ kind: "step", every: 1 }), 9, oneEpoch)).toBe(1);
    const longWarm = of({ kind: "cosine", warmup: 50 });
    expect(scheduleMultiplier(longWarm, 9, oneEpoch)).toBeCloseTo(10 / 50, 12); // still warming up
    for (const step of [0, 5, 9]) expect(Number.isFinite(scheduleMultiplier(longWarm, step, oneEpoch))).toBe(true);
  });
});

describe("scheduleRun and scheduleCurve", () => {
  it("counts the short last batch of an epoch", () => {
    expect(scheduleRun(1001, 100, 3)).toEqual({ stepsPerEpoch: 11, totalSteps: 33 });
  });

  it("samples the curve from the first to the last step", () => {
    const curve = scheduleCurve(of({ kind: "cosine" }), run, 5);
    expect(curve.map((p) => p.step)).toEqual([0, 75, 150, 224, 299]);
    expect(curve[0].multiplier).toBe(1);
    expect(curve[4].multiplier).toBeCloseTo(0, 12);
    expect(scheduleCurve(DEFAULT_LR_SCHEDULE, { stepsPerEpoch: 1, totalSteps: 1 })).toHaveLength(2);
  });
});
