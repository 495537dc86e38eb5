import type { ExperimentConfig, LayerConfig } from "./schema.ts";
import { LAYER_KINDS, LAYER_SPECS, type LayerKind, type LayerOf } from "../layers/registry.ts";

/** Preset ids, in the order the picker shows them. */
export const PRESET_IDS = ["seed", "lenet5", "tiny", "separable"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** A named architecture with the training settings that suit it. */
export interface Preset {
  label: string;
  description: string;
  config: Omit<ExperimentConfig, "datasetId" | "seed" | "validationFraction">;
}

const conv = (filters: number, kernelSize: number, padding: "same" | "valid", stride = 1): LayerConfig => ({
  kind: "conv2d",
  filters,
  kernelSize,
  stride,
  padding,
  activation: "relu",
});
const maxPool: LayerConfig = { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" };

/** The presets; "seed" is the playground's reference CNN (163,850 parameters at 28×28×1). */
export const PRESETS = {
  seed: {
    label: "Seed CNN",
    description:
      "Conv 32 → pool → Conv 64 → pool → Conv 128 → pool → Dense 512: the reference model the playground starts with.",
    config: {
      layers: [
        conv(32, 3, "valid"),
        maxPool,
        conv(64, 3, "valid"),
        maxPool,
        conv(128, 3, "valid"),
        maxPool,
        { kind: "flatten" },
        { kind: "dense", units: 512, activation: "relu" },
      ],
      optimizer: "adam",
      learningRate: 0.001,
      batchSize: 64,
      epochs: 3,
    },
  },
  lenet5: {
    label: "LeNet-5",
    description: "LeCun et al. 1998: two 5×5 tanh convolutions with average pooling, then 120 and 84 units.",
    config: {
      layers: [
        { kind: "conv2d", filters: 6, kernelSize: 5, stride: 1, padding: "same", activation: "tanh" },
        { kind: "avgPool2d", poolSize: 2, stride: 2, padding: "valid" },
        { kind: "conv2d", filters: 16, kernelSize: 5, stride: 1, padding: "valid", activation: "tanh" },
        { kind: "avgPool2d", poolSize: 2, stride: 2, padding: "valid" },
        { kind: "flatten" },
        { kind: "dense", units: 120, activation: "tanh" },
        { kind: "dense", units: 84, activation: "tanh" },
      ],
      optimizer: "adam",
      learningRate: 0.001,
      batchSize: 64,
      epochs: 3,
    },
  },
  tiny: {
    label: "Tiny",
    description: "Two small convolutions, ~6k parameters: a useful model in seconds, even on a weak GPU.",
    config: {
      layers: [conv(8, 5, "valid"), maxPool, conv(16, 5, "valid"), maxPool, { kind: "flatten" }],
      optimizer: "adam",
      learningRate: 0.005,
      batchSize: 64,
      epochs: 1,
    },
  },
  separable: {
    label: "Separable",
    description: "Mobile style: depthwise-separable convolutions, batch norm and global average pooling.",
    config: {
      layers: [
        conv(16, 3, "same"),
        { kind: "batchNorm" },
        { kind: "separableConv2d", filters: 32, kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
        { kind: "batchNorm" },
        { kind: "separableConv2d", filters: 64, kernelSize: 3, stride: 2, padding: "same", activation: "relu" },
        { kind: "batchNorm" },
        { kind: "globalAvgPool2d" },
        { kind: "dropout", rate: 0.2 },
      ],
      optimizer: "adam",
      learningRate: 0.003,
      batchSize: 64,
      epochs: 2,
    },
  },
} satisfies Record<PresetId, Preset>;

/** The experiment a new visitor sees: the Seed CNN on MNIST. */
export const DEFAULT_CONFIG: ExperimentConfig = {
  datasetId: "mnist",
  ...PRESETS.seed.config,
  validationFraction: 0.1,
  seed: 42,
};

/** Applies a preset's architecture and training settings, keeping dataset, seed and validation split. */
export function applyPreset(config: ExperimentConfig, presetId: PresetId): ExperimentConfig {
  const preset = PRESETS[presetId].config;
  return { ...config, ...preset, layers: preset.layers.map((layer) => ({ ...layer })) };
}

/** Default parameters of a freshly added layer of each kind. */
export const NEW_LAYER = Object.fromEntries(LAYER_KINDS.map((kind) => [kind, LAYER_SPECS[kind].defaults])) as {
  [K in LayerKind]: LayerOf<K>;
};
