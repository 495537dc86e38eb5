import type { LayerKind } from "./schema.ts";

/** Human names of each layer kind: `label` is the Keras name shown on cards ("Layer 1: Conv2D"). */
export const LAYER_INFO = {
  conv2d: { label: "Conv2D", help: "Slides learned filters over the image; each filter makes one feature map." },
  separableConv2d: { label: "SeparableConv2D", help: "A per-channel (depthwise) filter, then a 1×1 mix: far fewer parameters." },
  maxPool2d: { label: "MaxPool2D", help: "Keeps the largest value of each window: halves the size with stride 2." },
  avgPool2d: { label: "AvgPool2D", help: "Keeps the mean of each window." },
  batchNorm: { label: "BatchNormalization", help: "Normalizes each channel over the batch; steadies training." },
  dropout: { label: "Dropout", help: "Randomly zeroes activations while training, against over-fitting." },
  flatten: { label: "Flatten", help: "Turns height × width × channels into one long vector." },
  globalAvgPool2d: { label: "GlobalAveragePooling2D", help: "Averages each feature map to one number." },
  dense: { label: "Dense", help: "Every input connected to every unit." },
} satisfies Record<LayerKind, { label: string; help: string }>;

/** Layer kinds in the order the "Add layer" menu lists them. */
export const LAYER_KINDS = Object.keys(LAYER_INFO) as LayerKind[];
