import { LAYER_SCHEMAS, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { LAYER_KINDS } from "../../config/layerInfo.ts";
import { PRESETS, PRESET_IDS, type PresetId } from "../../config/presets.ts";
import { objectFields, type FieldSpec } from "../form/schemaField.ts";

/** Edit applied to one card from its buttons or keys. */
export type LayerCommand = "up" | "down" | "duplicate" | "remove";

/** Editable fields of each layer kind, read once from the schema. */
export const LAYER_FIELDS = Object.fromEntries(
  LAYER_KINDS.map((kind) => [kind, objectFields(LAYER_SCHEMAS[kind])]),
) as Record<LayerKind, FieldSpec[]>;

/** Copy of `layers` with the layer at `from` moved to index `to` (both clamped). */
export function moveLayer(layers: readonly LayerConfig[], from: number, to: number): LayerConfig[] {
  const next = [...layers];
  const target = Math.max(0, Math.min(layers.length - 1, to));
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved);
  return next;
}

/** The layers after `command` on index `index`, and the index whose card should keep focus. */
export function applyCommand(layers: readonly LayerConfig[], index: number, command: LayerCommand): { layers: LayerConfig[]; focusIndex: number } {
  switch (command) {
    case "up":
      return { layers: moveLayer(layers, index, index - 1), focusIndex: Math.max(0, index - 1) };
    case "down":
      return { layers: moveLayer(layers, index, index + 1), focusIndex: Math.min(layers.length - 1, index + 1) };
    case "duplicate":
      return { layers: [...layers.slice(0, index + 1), { ...layers[index] }, ...layers.slice(index + 1)], focusIndex: index + 1 };
    case "remove": {
      if (layers.length <= 1) return { layers: [...layers], focusIndex: index };
      const next = layers.filter((_, i) => i !== index);
      return { layers: next, focusIndex: Math.min(index, next.length - 1) };
    }
  }
}

/** The preset whose architecture equals `layers`, or null for a custom stack. */
export function matchPreset(layers: readonly LayerConfig[]): PresetId | null {
  const key = JSON.stringify(layers);
  return PRESET_IDS.find((id) => JSON.stringify(PRESETS[id].config.layers) === key) ?? null;
}
