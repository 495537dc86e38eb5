import type { ExperimentConfig } from "./schema.ts";

/**
 * The settings that define a model's weights. The next run continues the trained weights when these are
 * unchanged (epochs, batch size, validation split, L2 and the training-data experiments may change in between);
 * a change to any of them starts from the seed's initial weights. The page and the trainer both use this rule.
 */
export const WEIGHT_FIELDS = [
  "datasetId",
  "layers",
  "optimizer",
  "learningRate",
  "seed",
] as const satisfies readonly (keyof ExperimentConfig)[];

/** JSON of the weight-defining settings: equal keys mean the same model. */
export const weightsKeyOf = (config: ExperimentConfig): string =>
  JSON.stringify(WEIGHT_FIELDS.map((field) => config[field]));

/** True when a model trained with `trained` can go on training under `next`. */
export const continuesWeights = (trained: ExperimentConfig, next: ExperimentConfig): boolean =>
  weightsKeyOf(trained) === weightsKeyOf(next);
