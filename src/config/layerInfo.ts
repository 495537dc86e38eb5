import { LAYER_KINDS, LAYER_SPECS, type LayerKind } from "../layers/registry.ts";

/** Human names of each layer kind: `label` is the Keras name shown on cards ("Layer 1: Conv2D"). */
export const LAYER_INFO = Object.fromEntries(
  LAYER_KINDS.map((kind) => [kind, { label: LAYER_SPECS[kind].label, help: LAYER_SPECS[kind].help }]),
) as Record<LayerKind, { label: string; help: string }>;

/** Layer kinds in the order the "Add layer" menu lists them. */
export { LAYER_KINDS };
