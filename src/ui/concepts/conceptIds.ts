import type { LayerKind } from "../../config/schema.ts";

/** Every concept that has a note; `<ConceptNote id="…"/>` takes one of these. */
export const CONCEPT_IDS = [
  "conv2d", "separableConv2d", "relu", "maxPool2d", "avgPool2d", "batchNorm", "dropout", "flatten", "dense",
  "softmax", "crossEntropy", "l2", "augmentation",
  "magnitudePruning", "pruningSchedule", "filterPruning", "quantization", "confusionMatrix",
  "divergence",
] as const;
export type ConceptId = (typeof CONCEPT_IDS)[number];

/**
 * The title of each concept: its button reads "About <title>". Titles stay in the entry bundle; the texts
 * and formulas (concepts.ts) load with KaTeX when a note is first opened.
 */
export const CONCEPT_TITLES = {
  conv2d: "Convolution (Conv2D)",
  separableConv2d: "Separable convolution",
  relu: "Activation functions",
  maxPool2d: "Max pooling",
  avgPool2d: "Average pooling",
  batchNorm: "Batch normalization",
  dropout: "Dropout",
  flatten: "Flatten",
  dense: "Dense (fully connected) layer",
  softmax: "Softmax",
  crossEntropy: "Cross-entropy loss",
  l2: "L2 penalty (weight decay)",
  augmentation: "Data augmentation",
  magnitudePruning: "Magnitude pruning",
  pruningSchedule: "Pruning schedule",
  filterPruning: "Filter pruning",
  quantization: "Quantization",
  confusionMatrix: "Confusion matrix",
  divergence: "Divergence and the learning rate",
} satisfies Record<ConceptId, string>;

/** The note that explains each layer kind (global average pooling is explained with average pooling). */
export const LAYER_CONCEPTS = {
  conv2d: "conv2d",
  separableConv2d: "separableConv2d",
  maxPool2d: "maxPool2d",
  avgPool2d: "avgPool2d",
  batchNorm: "batchNorm",
  dropout: "dropout",
  flatten: "flatten",
  globalAvgPool2d: "avgPool2d",
  dense: "dense",
} satisfies Record<LayerKind, ConceptId>;
