// The learning rate at each optimizer step of a run, from the config's schedule. Pure: no tfjs, no DOM.
// The exported Keras and PyTorch scripts emit the same closed form (src/core/export/lrScheduleCode.ts).

import type { LrSchedule } from "../../config/schema.ts";

/** The run's length in optimizer steps, which the epoch-based and cosine schedules are measured against. */
export interface ScheduleRun {
  /** Batches per epoch (at least 1). */
  stepsPerEpoch: number;
  /** Batches over the whole run: epochs × stepsPerEpoch. */
  totalSteps: number;
}

/** Steps between two step-decay drops. */
export function dropInterval(s: LrSchedule, run: ScheduleRun): number {
  return s.per === "epoch" ? s.every * run.stepsPerEpoch : s.every;
}

/**
 * The factor the base rate is multiplied by at step `step` (0-based): a linear warm-up from 1/warmup to 1 over the
 * first `warmup` steps, times the decay. Step and exponential decay count from step 0; cosine starts after the
 * warm-up and reaches its floor at the last step.
 */
export function scheduleMultiplier(s: LrSchedule, step: number, run: ScheduleRun): number {
  const warm = s.warmup > 0 ? Math.min(1, (step + 1) / s.warmup) : 1;
  return warm * decayMultiplier(s, step, run);
}

function decayMultiplier(s: LrSchedule, step: number, run: ScheduleRun): number {
  switch (s.kind) {
    case "constant":
      return 1;
    case "step":
      return s.factor ** Math.floor(step / dropInterval(s, run));
    case "exponential":
      return s.decay ** (step / Math.max(1, run.stepsPerEpoch));
    case "cosine": {
      const progress = Math.min(1, Math.max(0, step - s.warmup) / Math.max(1, run.totalSteps - 1 - s.warmup));
      return s.floor + (1 - s.floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}

/** The learning rate at `step`: the base rate times the schedule's multiplier. */
export function scheduledRate(baseRate: number, s: LrSchedule, step: number, run: ScheduleRun): number {
  return baseRate * scheduleMultiplier(s, step, run);
}

/** The run's length for a training set of `trainCount` examples (the last batch of an epoch may be short). */
export function scheduleRun(trainCount: number, batchSize: number, epochs: number): ScheduleRun {
  const stepsPerEpoch = Math.max(1, Math.ceil(trainCount / batchSize));
  return { stepsPerEpoch, totalSteps: stepsPerEpoch * epochs };
}

/** The multiplier at `points` evenly spaced steps from the first to the last, for a small chart of the curve. */
export function scheduleCurve(s: LrSchedule, run: ScheduleRun, points = 48): { step: number; multiplier: number }[] {
  const last = Math.max(0, run.totalSteps - 1);
  const n = Math.max(2, Math.min(points, last + 1));
  return Array.from({ length: n }, (_, i) => {
    const step = Math.round((i * last) / (n - 1));
    return { step, multiplier: scheduleMultiplier(s, step, run) };
  });
}
