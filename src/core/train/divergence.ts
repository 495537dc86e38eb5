/**
 * Notices a diverging run from its per-batch losses: a loss that is NaN or infinite, one that sits at
 * cross-entropy's ceiling, or one that grows several-fold over where the run started. Pure: fed one loss at a time.
 */
import type { ExperimentConfig } from "../../config/schema.ts";

/** How a run diverged. */
export type DivergenceKind = "nan" | "infinite" | "ceiling" | "growth" | "chance";

/** A diverged run: how, at which batch of the run (1-based), with which loss, and the loss it started from. */
export interface Divergence {
  kind: DivergenceKind;
  batch: number;
  loss: number;
  startLoss: number;
}

/** tfjs clips probabilities at ε = 1e-7 in cross-entropy, so one example's loss is at most −ln ε ≈ 16.12. */
export const LOSS_CEILING = -Math.log(1e-7);

/** When a loss counts as diverged (defaults in DIVERGENCE_RULES). */
export interface DivergenceRules {
  /** Batches averaged as the run's starting loss. */
  startBatches: number;
  /** Batches averaged as its current loss. */
  recentBatches: number;
  /** Current over starting loss that counts as divergence. */
  growthFactor: number;
  /** Batches in a row at or above `ceilingFraction` × LOSS_CEILING that count as stuck at the ceiling. */
  ceilingBatches: number;
  ceilingFraction: number;
  /**
   * The loss of guessing, ln(classes), or null: when set, a loss that is still within 5% of it after
   * `chanceAfterBatches` (averaged over the last `chanceWindow`) counts too. Set only for learning rates known to
   * be too high (divergenceRulesFor): with a small rate a slow start is just slow.
   */
  chanceLoss: number | null;
  chanceAfterBatches: number;
  chanceWindow: number;
}

export const DIVERGENCE_RULES: DivergenceRules = {
  startBatches: 10,
  recentBatches: 20,
  growthFactor: 3,
  ceilingBatches: 10,
  ceilingFraction: 0.75,
  chanceLoss: null,
  chanceAfterBatches: 150,
  chanceWindow: 50,
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** A watch over one run's losses: `observe` returns the divergence at the batch that shows it, else null. */
export function createDivergenceWatch(rules: DivergenceRules = DIVERGENCE_RULES) {
  const start: number[] = [];
  const recent: number[] = [];
  const window: number[] = [];
  let atCeiling = 0;
  let batch = 0;
  return {
    observe(loss: number): Divergence | null {
      batch++;
      const startLoss = mean(start);
      if (Number.isNaN(loss)) return { kind: "nan", batch, loss, startLoss };
      if (!Number.isFinite(loss)) return { kind: "infinite", batch, loss, startLoss };
      if (start.length < rules.startBatches) start.push(loss);
      recent.push(loss);
      if (recent.length > rules.recentBatches) recent.shift();
      atCeiling = loss >= rules.ceilingFraction * LOSS_CEILING ? atCeiling + 1 : 0;
      if (atCeiling >= rules.ceilingBatches) return { kind: "ceiling", batch, loss, startLoss: mean(start) };
      const grown =
        start.length === rules.startBatches &&
        recent.length === rules.recentBatches &&
        mean(recent) > rules.growthFactor * mean(start);
      if (grown) return { kind: "growth", batch, loss: mean(recent), startLoss: mean(start) };
      window.push(loss);
      if (window.length > rules.chanceWindow) window.shift();
      const atChance =
        rules.chanceLoss !== null && batch >= rules.chanceAfterBatches && mean(window) >= 0.95 * rules.chanceLoss;
      return atChance ? { kind: "chance", batch, loss: mean(window), startLoss: mean(start) } : null;
    },
  };
}

const OPTIMIZER_NAMES: Record<ExperimentConfig["optimizer"], string> = {
  sgd: "SGD",
  momentum: "SGD with momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
};
/** Learning rates above which each optimizer commonly diverges on these models, and what to try instead. */
const SAFE_RATES: Record<ExperimentConfig["optimizer"], { above: number; tryRate: number }> = {
  sgd: { above: 0.1, tryRate: 0.01 },
  momentum: { above: 0.05, tryRate: 0.01 },
  adam: { above: 0.01, tryRate: 0.001 },
  rmsprop: { above: 0.01, tryRate: 0.001 },
};

/** True when the learning rate is above what the optimizer commonly tolerates on these models. */
export const isLearningRateHigh = (config: Pick<ExperimentConfig, "optimizer" | "learningRate">): boolean =>
  config.learningRate > SAFE_RATES[config.optimizer].above;

/** The rules for a run: a run whose learning rate is known to be too high is also stopped when it learns nothing. */
export function divergenceRulesFor(
  config: Pick<ExperimentConfig, "optimizer" | "learningRate">,
  numClasses: number,
): DivergenceRules {
  return { ...DIVERGENCE_RULES, chanceLoss: isLearningRateHigh(config) ? Math.log(numClasses) : null };
}

/** What happened, in words: "loss became NaN at batch 212". */
export function divergenceWhat(d: Divergence): string {
  switch (d.kind) {
    case "nan":
      return `loss became NaN at batch ${d.batch}`;
    case "infinite":
      return `loss became infinite at batch ${d.batch}`;
    case "ceiling":
      return `loss sat at its ceiling (${d.loss.toFixed(1)} of at most ${LOSS_CEILING.toFixed(1)}: confidently wrong predictions) by batch ${d.batch}`;
    case "growth":
      return `loss grew from ${d.startLoss.toFixed(2)} to ${d.loss.toFixed(2)} by batch ${d.batch}`;
    case "chance":
      return `loss was still ${d.loss.toFixed(2)}, the loss of guessing, after ${d.batch} batches`;
  }
}

/** The likely cause and what to try: "the learning rate 1 is too high for SGD; try 0.01". */
export function divergenceAdvice(config: Pick<ExperimentConfig, "optimizer" | "learningRate">): string {
  const name = OPTIMIZER_NAMES[config.optimizer];
  const safe = SAFE_RATES[config.optimizer];
  if (isLearningRateHigh(config))
    return `the learning rate ${config.learningRate} is too high for ${name}; try ${safe.tryRate}`;
  const lower = Number((config.learningRate / 10).toPrecision(2));
  return `the learning rate ${config.learningRate} may still be too high for this model with ${name}; try ${lower}, or add batch norm after the convolutions`;
}

/** The whole message: "Training stopped: loss became NaN at batch 212: the learning rate 1 is too high for SGD; try 0.01." */
export function divergenceMessage(d: Divergence, config: Pick<ExperimentConfig, "optimizer" | "learningRate">): string {
  return `Training stopped: ${divergenceWhat(d)}: ${divergenceAdvice(config)}.`;
}
