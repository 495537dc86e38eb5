// The learning-rate schedule as Python text for the exported scripts: the closed form of
// src/core/train/lrSchedule.ts scheduleMultiplier, written so that the same text is also a JavaScript expression
// (given `math`, `min` and `max`), which lets the tests evaluate exactly what the scripts run.

import { isConstantSchedule, type LrSchedule } from "../../config/schema.ts";
import { formatNumber } from "../../config/layerNotation.ts";

const n = formatNumber;

/** The decay factor at `step` as an expression in step, STEPS_PER_EPOCH and TOTAL_STEPS. */
function decayExpression(s: LrSchedule): string {
  switch (s.kind) {
    case "constant":
      return "1";
    case "step": {
      const interval = s.per === "epoch" ? `(${s.every} * STEPS_PER_EPOCH)` : `${s.every}`;
      return `${n(s.factor)} ** math.floor(step / ${interval})`;
    }
    case "exponential":
      return `${n(s.decay)} ** (step / max(1, STEPS_PER_EPOCH))`;
    case "cosine":
      return (
        `${n(s.floor)} + (1 - ${n(s.floor)}) * 0.5 * (1 + math.cos(math.pi * ` +
        `min(1, max(0, step - ${s.warmup}) / max(1, TOTAL_STEPS - 1 - ${s.warmup}))))`
      );
  }
}

/** The multiplier of the base rate at `step` (0-based), warm-up included; null for the constant schedule. */
export function multiplierExpression(s: LrSchedule): string | null {
  if (isConstantSchedule(s)) return null;
  const decay = decayExpression(s);
  return s.warmup > 0 ? `min(1, (step + 1) / ${s.warmup}) * (${decay})` : decay;
}

/** One line describing the schedule, for the scripts' comments and the page. */
export function describeSchedule(s: LrSchedule): string {
  const warm = s.warmup > 0 ? `, after a linear warm-up over ${s.warmup} steps` : "";
  switch (s.kind) {
    case "constant":
      return `constant${warm}`;
    case "step":
      return `times ${n(s.factor)} every ${s.every} ${s.per}${s.every === 1 ? "" : "s"}${warm}`;
    case "exponential":
      return `times ${n(s.decay)} per epoch${warm}`;
    case "cosine":
      return `cosine down to ${n(s.floor)} x the base rate at the last step${warm}`;
  }
}
