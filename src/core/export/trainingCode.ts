// What the exported scripts add to plain training so that they train what the page trains: the learning-rate
// schedule, L2 weight decay, augmentation and the class-imbalance experiment (with its class weights).
// Pure: Python text only; kerasCode.ts and pytorchCode.ts place it.

import { formatNumber } from "../../config/layerNotation.ts";
import {
  isAugmentationOff,
  isDefaultTrainingData,
  scheduleOf,
  trainingDataOf,
  type ExperimentConfig,
} from "../../config/schema.ts";
import { describeSchedule, multiplierExpression } from "./lrScheduleCode.ts";

const n = formatNumber;

/** True when the script must pick its training examples like the page (a smaller set or a class imbalance). */
export function needsExampleChoice(config: ExperimentConfig): boolean {
  const data = trainingDataOf(config);
  return data.trainFraction < 1 || (data.imbalance.classes.length > 0 && data.imbalance.fraction < 1);
}

/** True when anything of the training data experiments is on. */
export const hasDataExperiments = (config: ExperimentConfig) => !isDefaultTrainingData(trainingDataOf(config));

/**
 * `def lr_multiplier(step)`: the schedule's factor on the base rate at optimizer step `step` (0-based), the closed
 * form of src/core/train/lrSchedule.ts; STEPS_PER_EPOCH and TOTAL_STEPS are set by the script. Empty: constant.
 */
export function scheduleFunction(config: ExperimentConfig): string[] {
  const expression = multiplierExpression(scheduleOf(config));
  if (expression === null) return [];
  return [
    "",
    `# Learning-rate schedule: ${describeSchedule(scheduleOf(config))}.`,
    "def lr_multiplier(step):",
    '    """Factor on the base learning rate at optimizer step `step` (from 0), as in the playground."""',
    `    return ${expression}`,
    "",
  ];
}

/** `def kernel_penalty()`-free form: the L2 coefficient line, or nothing when L2 is off. */
export const l2Coefficient = (config: ExperimentConfig): string[] =>
  (config.l2 ?? 0) > 0
    ? [`L2 = ${n(config.l2!)}  # L2 weight decay: L2 x the sum of squared conv and dense kernels is added to the loss`]
    : [];

/**
 * `def choose_examples(labels, rng)`: the page's Training data choice on the training part (after the validation
 * hold-out): a random share of it, then of each chosen class a random share of what is left. NumPy's generator
 * draws other numbers than the page's, so the same sizes but not the same images.
 */
export function exampleChoiceFunction(config: ExperimentConfig): string[] {
  if (!needsExampleChoice(config)) return [];
  const data = trainingDataOf(config);
  const lines = [
    "",
    "def choose_examples(labels, rng):",
    '    """Indices of the training examples the playground keeps (Training data: size and class imbalance)."""',
    "    keep = np.arange(len(labels))",
  ];
  if (data.trainFraction < 1)
    lines.push(
      `    keep = np.sort(rng.permutation(len(labels))[: max(1, round(len(labels) * ${n(data.trainFraction)}))])`,
    );
  if (data.imbalance.classes.length > 0 && data.imbalance.fraction < 1)
    lines.push(
      `    for c in [${[...data.imbalance.classes].sort((a, b) => a - b).join(", ")}]:  # classes cut short`,
      "        members = keep[labels[keep] == c]",
      `        dropped = rng.permutation(members)[round(len(members) * ${n(data.imbalance.fraction)}):]`,
      "        keep = np.setdiff1d(keep, dropped)",
    );
  lines.push("    return keep", "");
  return lines;
}

/** Lines that set `class_weights` (a NumPy array) from `train_labels`, or nothing when class weights are off. */
export function classWeightLines(config: ExperimentConfig): string[] {
  if (!trainingDataOf(config).imbalance.classWeights) return [];
  return [
    "# Inverse-frequency class weights, total / (present classes x count), so the mean weight per example is 1.",
    "counts = np.bincount(train_labels, minlength=NUM_CLASSES)",
    "class_weights = np.where(counts > 0, counts.sum() / ((counts > 0).sum() * np.maximum(counts, 1)), 0.0)",
  ];
}

/** The augmentation settings, or null when off. */
export function augmentOf(config: ExperimentConfig) {
  const augment = trainingDataOf(config).augment;
  return isAugmentationOff(augment) ? null : augment;
}
