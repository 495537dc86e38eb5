import { z } from "zod";

/** Hard limits that keep any experiment from freezing the tab; checked before a tensor is allocated. */
export const LIMITS = {
  maxLayers: 16,
  maxFilters: 256,
  maxUnits: 1024,
  maxParams: 5_000_000,
  /** Float32 activation bytes of one example, summed over all layer outputs. */
  maxActivationBytes: 8 * 1024 * 1024,
  maxMacs: 300_000_000,
} as const;

/** Dataset ids; `src/core/data/datasets.ts` holds one registry entry per id. */
export const DatasetId = z.enum(["mnist", "fashion-mnist"]);
export type DatasetId = z.infer<typeof DatasetId>;

export const Activation = z.enum(["relu", "leakyRelu", "elu", "tanh", "sigmoid", "linear"]);
export type Activation = z.infer<typeof Activation>;

export const Padding = z.enum(["same", "valid"]);
export type Padding = z.infer<typeof Padding>;

export const Optimizer = z.enum(["sgd", "momentum", "adam", "rmsprop"]);
export type Optimizer = z.infer<typeof Optimizer>;

const numFilters = z.number().int().min(1).max(LIMITS.maxFilters);
const kernelSize = z.number().int().min(1).max(7);
const stride = z.number().int().min(1).max(3);

/** Standard 2-D convolution: `filters` kernels of kernelSize×kernelSize. */
export const Conv2DLayer = z.object({
  kind: z.literal("conv2d"),
  filters: numFilters,
  kernelSize,
  stride,
  padding: Padding,
  activation: Activation,
});

/** Depthwise kernelSize×kernelSize then pointwise 1×1 to `filters` channels (mobile style). */
export const SeparableConv2DLayer = Conv2DLayer.extend({ kind: z.literal("separableConv2d") });

/** Max pooling over poolSize×poolSize windows. */
export const MaxPool2DLayer = z.object({
  kind: z.literal("maxPool2d"),
  poolSize: z.number().int().min(2).max(4),
  stride: z.number().int().min(1).max(4),
  padding: Padding,
});

/** Average pooling over poolSize×poolSize windows. */
export const AvgPool2DLayer = MaxPool2DLayer.extend({ kind: z.literal("avgPool2d") });

/** Batch normalization over the last axis (channels or units). */
export const BatchNormLayer = z.object({ kind: z.literal("batchNorm") });

/** Dropout: zeroes a fraction `rate` (0–0.9) of activations while training. */
export const DropoutLayer = z.object({ kind: z.literal("dropout"), rate: z.number().min(0).max(0.9) });

/** Flattens height × width × channels into one vector. */
export const FlattenLayer = z.object({ kind: z.literal("flatten") });

/** Averages each channel over height and width. */
export const GlobalAvgPoolLayer = z.object({ kind: z.literal("globalAvgPool2d") });

/** Fully connected layer with `units` outputs. */
export const DenseLayer = z.object({
  kind: z.literal("dense"),
  units: z.number().int().min(1).max(LIMITS.maxUnits),
  activation: Activation,
});

/** One layer of the stack; the softmax classifier head is implied after the last one. */
export const LayerConfig = z.discriminatedUnion("kind", [
  Conv2DLayer,
  SeparableConv2DLayer,
  MaxPool2DLayer,
  AvgPool2DLayer,
  BatchNormLayer,
  DropoutLayer,
  FlattenLayer,
  GlobalAvgPoolLayer,
  DenseLayer,
]);
export type LayerConfig = z.infer<typeof LayerConfig>;
export type LayerKind = LayerConfig["kind"];
/** The config of one layer kind, e.g. `LayerOf<"dense">`. */
export type LayerOf<K extends LayerKind> = Extract<LayerConfig, { kind: K }>;

/** Per-kind zod objects, for forms that read ranges and options from the schema. */
export const LAYER_SCHEMAS = {
  conv2d: Conv2DLayer,
  separableConv2d: SeparableConv2DLayer,
  maxPool2d: MaxPool2DLayer,
  avgPool2d: AvgPool2DLayer,
  batchNorm: BatchNormLayer,
  dropout: DropoutLayer,
  flatten: FlattenLayer,
  globalAvgPool2d: GlobalAvgPoolLayer,
  dense: DenseLayer,
} satisfies { [K in LayerKind]: z.ZodType<LayerOf<K>> };

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
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** L2 penalty coefficient on conv, separable and dense kernels (0–0.1); absent means 0. */
  l2: z.number().min(0).max(0.1).optional(),
  /** Which training images are used and how they are augmented; absent means DEFAULT_TRAINING_DATA. */
  data: TrainingData.optional(),
});
export type ExperimentConfig = z.infer<typeof ExperimentConfig>;

/** The training data settings of a config, DEFAULT_TRAINING_DATA when it has none. */
export function trainingDataOf(config: Pick<ExperimentConfig, "data">): TrainingData {
  return config.data ?? DEFAULT_TRAINING_DATA;
}

/** True when `data` changes nothing: the whole training split, no imbalance, no class weights, no augmentation. */
export function isDefaultTrainingData(data: TrainingData): boolean {
  const d = DEFAULT_TRAINING_DATA;
  return data.trainFraction === d.trainFraction && data.imbalance.classes.length === 0 && data.imbalance.fraction === d.imbalance.fraction
    && data.imbalance.classWeights === d.imbalance.classWeights && isAugmentationOff(data.augment);
}

/** True when augmentation leaves every image as it is. */
export function isAugmentationOff(augment: Augmentation): boolean {
  return augment.shift === 0 && augment.rotate === 0 && augment.zoom === 0;
}

/** Training hyperparameter fields that the training form edits. */
export const TRAINING_FIELDS = ["optimizer", "learningRate", "batchSize", "epochs", "validationFraction", "seed"] as const;
