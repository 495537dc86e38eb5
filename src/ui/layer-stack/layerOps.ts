import { LAYER_SCHEMAS, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { LAYER_KINDS, LAYER_SPECS } from "../../layers/registry.ts";
import { NEW_LAYER, PRESETS, PRESET_IDS, type PresetId } from "../../config/presets.ts";
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
export function applyCommand(
  layers: readonly LayerConfig[],
  index: number,
  command: LayerCommand,
): { layers: LayerConfig[]; focusIndex: number } {
  switch (command) {
    case "up":
      return { layers: moveLayer(layers, index, index - 1), focusIndex: Math.max(0, index - 1) };
    case "down":
      return { layers: moveLayer(layers, index, index + 1), focusIndex: Math.min(layers.length - 1, index + 1) };
    case "duplicate":
      return {
        layers: [...layers.slice(0, index + 1), { ...layers[index] }, ...layers.slice(index + 1)],
        focusIndex: index + 1,
      };
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

/** Kinds that need an image (height × width × channels) as input and keep it an image. */
const IMAGE_KINDS = LAYER_KINDS.filter((kind) => LAYER_SPECS[kind].input === "image" && !LAYER_SPECS[kind].flattens);
/** Kinds that turn an image into a flat vector. */
const FLATTENING_KINDS = LAYER_KINDS.filter((kind) => LAYER_SPECS[kind].flattens);
/** Kinds that need a flat vector. */
const FLAT_KINDS = LAYER_KINDS.filter((kind) => LAYER_SPECS[kind].input === "flat");

/** The positions (0 … layers.length) where a new layer of `kind` gets the input it needs, and the preferred one. */
function placement(
  layers: readonly LayerConfig[],
  kind: LayerKind,
): { first: number; last: number; preferred: number } {
  const end = layers.length;
  const boundary = layers.findIndex((layer) => FLATTENING_KINDS.includes(layer.kind));
  const firstDense = layers.findIndex((layer) => FLAT_KINDS.includes(layer.kind));
  // the end of the image part: the Flatten (or global pooling), else the first Dense, else the end
  const imageEnd = boundary >= 0 ? boundary : firstDense >= 0 ? firstDense : end;
  if (IMAGE_KINDS.includes(kind)) return { first: 0, last: imageEnd, preferred: imageEnd };
  if (LAYER_SPECS[kind].input === "any") return { first: 0, last: end, preferred: boundary >= 0 ? boundary : end };
  if (FLAT_KINDS.includes(kind)) return { first: boundary >= 0 ? boundary + 1 : end, last: end, preferred: end };
  // Flatten or global pooling: after the last image layer and before the first Dense (a second one fits nowhere)
  if (boundary >= 0) return { first: end, last: end, preferred: end };
  let lastImage = -1;
  layers.forEach((layer, i) => {
    if (IMAGE_KINDS.includes(layer.kind)) lastImage = i;
  });
  return { first: Math.min(lastImage + 1, imageEnd), last: imageEnd, preferred: imageEnd };
}

/**
 * Where a new layer of `kind` goes: right after the card at `afterIndex` when its input suits it there; otherwise
 * a conv, pool, batch norm or dropout just before the first Flatten (or global average pooling), a Flatten before
 * the first Dense, a Dense (or anything else) at the end.
 */
export function insertionIndex(
  layers: readonly LayerConfig[],
  kind: LayerKind,
  afterIndex: number | null = null,
): number {
  const { first, last, preferred } = placement(layers, kind);
  if (
    afterIndex !== null &&
    afterIndex >= 0 &&
    afterIndex < layers.length &&
    afterIndex + 1 >= first &&
    afterIndex + 1 <= last
  )
    return afterIndex + 1;
  return preferred;
}

/** Copy of `layers` with a new layer of `kind` (its defaults) inserted where it is valid, and the new card's index. */
export function insertLayer(
  layers: readonly LayerConfig[],
  kind: LayerKind,
  afterIndex: number | null = null,
): { layers: LayerConfig[]; focusIndex: number } {
  const at = insertionIndex(layers, kind, afterIndex);
  return { layers: [...layers.slice(0, at), { ...NEW_LAYER[kind] }, ...layers.slice(at)], focusIndex: at };
}
