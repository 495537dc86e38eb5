import { z } from "zod";
import { LAYER_LIMITS } from "../layers/kit/fields.ts";
import { LAYER_KINDS, LAYER_SPECS, LayerConfig, type LayerKind, type LayerOf } from "../layers/registry.ts";

/** Hard limits that keep any experiment from freezing the tab; checked before a tensor is allocated. */
export const LIMITS = {
  maxLayers: 16,
  ...LAYER_LIMITS,
  maxParams: 5_000_000,
  /** Float32 activation bytes of one example, summed over all layer outputs. */
  maxActivationBytes: 8 * 1024 * 1024,
  maxMacs: 300_000_000,
} as const;

/**
 * Dataset ids; `src/core/data/datasets.ts` holds one registry entry per id. "custom" is the person's own image
 * classes, kept in this browser (never in a link).
 */
export const DatasetId = z.enum(["mnist", "fashion-mnist", "custom"]);
export type DatasetId = z.infer<typeof DatasetId>;

export { Activation, Padding } from "../layers/kit/fields.ts";

export const Optimizer = z.enum(["sgd", "momentum", "adam", "rmsprop"]);
export type Optimizer = z.infer<typeof Optimizer>;

// One layer of the stack: each kind's settings live in its own module under src/layers/.
export { LayerConfig, type LayerKind, type LayerOf } from "../layers/registry.ts";
export { Conv2DLayer } from "../layers/conv2d.ts";

/** Per-kind zod objects, for forms that read ranges and options from the schema. */
export const LAYER_SCHEMAS = Object.fromEntries(LAYER_KINDS.map((kind) => [kind, LAYER_SPECS[kind].schema])) as {
  [K in LayerKind]: z.ZodObject & z.ZodType<LayerOf<K>>;
};

/** Random per-image augmentation of training batches; all 0 is off. */
export const Augmentation = z.object({
  /** Largest shift in pixels along each axis, 0–6. */
  shift: z.number().int().min(0).max(6),
  /** Largest rotation in degrees either way, 0–30. */
  rotate: z.number().min(0).max(30),
  /** Largest zoom change, 0–0.3 (scale drawn from 1 − zoom to 1 + zoom). */
  zoom: z.number().min(0).max(0.3),
});
export type Augmentation = z.infer<typeof Augmentation>;

/** Keeps only `fraction` of the training images of `classes`; classWeights turns on weighted cross-entropy. */
export const ClassImbalance = z.object({
  classes: z.array(z.number().int().min(0).max(9)).max(10),
  /** Fraction of each chosen class's images kept, 0.01–1. */
  fraction: z.number().min(0.01).max(1),
  /** Weights each example's loss by the inverse frequency of its class. */
  classWeights: z.boolean(),
});
export type ClassImbalance = z.infer<typeof ClassImbalance>;

/** Training data experiments: training-set size, class imbalance and augmentation. */
export const TrainingData = z.object({
  /** Fraction of the training split (after the validation hold-out) used for training, 0.01–1. */
  trainFraction: z.number().min(0.01).max(1),
  imbalance: ClassImbalance,
  augment: Augmentation,
});
export type TrainingData = z.infer<typeof TrainingData>;

/** All off: the whole training split, every class whole (0.1 is the suggested keep fraction), no augmentation. */
export const DEFAULT_TRAINING_DATA: TrainingData = {
  trainFraction: 1,
  imbalance: { classes: [], fraction: 0.1, classWeights: false },
  augment: { shift: 0, rotate: 0, zoom: 0 },
};

/**
 * How the learning rate changes over a run (src/core/train/lrSchedule.ts computes it): constant, step decay (times
 * `factor` every `every` epochs or steps), exponential (times `decay` per epoch) or cosine (down to `floor` × the
 * base rate at the last step); each optionally starts with a linear warm-up over `warmup` steps.
 */
export const LrSchedule = z.object({
  kind: z.enum(["constant", "step", "exponential", "cosine"]),
  factor: z.number().min(0.01).max(1),
  every: z.number().int().min(1).max(100_000),
  per: z.enum(["epoch", "step"]),
  decay: z.number().min(0.01).max(1),
  floor: z.number().min(0).max(1),
  warmup: z.number().int().min(0).max(100_000),
});
export type LrSchedule = z.infer<typeof LrSchedule>;

/** The constant rate with each kind's suggested settings: what a config without a schedule trains with. */
export const DEFAULT_LR_SCHEDULE: LrSchedule = {
  kind: "constant",
  factor: 0.5,
  every: 1,
  per: "epoch",
  decay: 0.9,
  floor: 0,
  warmup: 0,
};

/** True when the schedule keeps the base rate at every step (constant, no warm-up): the same as no schedule. */
export const isConstantSchedule = (s: LrSchedule) => s.kind === "constant" && s.warmup === 0;

/** Everything that defines an experiment: the single source of truth for forms, builder and URL. */
export const ExperimentConfig = z.object({
  datasetId: DatasetId,
  layers: z.array(LayerConfig).min(1).max(LIMITS.maxLayers),
  optimizer: Optimizer,
  learningRate: z.number().gt(0).max(1),
  batchSize: z.number().int().min(1).max(1024),
  epochs: z.number().int().min(1).max(50),
  /** Fraction of the training set held out for validation, 0–0.5. */
  validationFraction: z.number().min(0).max(0.5),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /** L2 penalty coefficient on conv, separable and dense kernels (0–0.1); absent means 0. */
  l2: z.number().min(0).max(0.1).optional(),
  /** Which training images are used and how they are augmented; absent means DEFAULT_TRAINING_DATA. */
  data: TrainingData.optional(),
  /** Learning-rate schedule; absent means constant (and a constant one without warm-up is stored as absent). */
  schedule: LrSchedule.optional(),
});
export type ExperimentConfig = z.infer<typeof ExperimentConfig>;

/** The training data settings of a config, DEFAULT_TRAINING_DATA when it has none. */
export function trainingDataOf(config: Pick<ExperimentConfig, "data">): TrainingData {
  return config.data ?? DEFAULT_TRAINING_DATA;
}

/** The schedule of a config, the constant one when it has none. */
export function scheduleOf(config: Pick<ExperimentConfig, "schedule">): LrSchedule {
  return config.schedule ?? DEFAULT_LR_SCHEDULE;
}

/** True when `data` changes nothing: the whole training split, no imbalance, no class weights, no augmentation. */
export function isDefaultTrainingData(data: TrainingData): boolean {
  const d = DEFAULT_TRAINING_DATA;
  return (
    data.trainFraction === d.trainFraction &&
    data.imbalance.classes.length === 0 &&
    data.imbalance.fraction === d.imbalance.fraction &&
    data.imbalance.classWeights === d.imbalance.classWeights &&
    isAugmentationOff(data.augment)
  );
}

/** True when augmentation leaves every image as it is. */
export function isAugmentationOff(augment: Augmentation): boolean {
  return augment.shift === 0 && augment.rotate === 0 && augment.zoom === 0;
}

/** Training hyperparameter fields that the training form edits. */
export const TRAINING_FIELDS = [
  "optimizer",
  "learningRate",
  "batchSize",
  "epochs",
  "validationFraction",
  "seed",
] as const;
