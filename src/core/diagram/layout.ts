// Geometry of the network diagram: one block per layer, sized by its output tensor, laid out left to right.
// Pure (no DOM): the UI turns each block into SVG faces and labels.
import type { LayerConfig } from "../../config/schema.ts";
import { LAYER_SPECS } from "../../layers/registry.ts";
import type { ModelStats, Shape } from "../model/inferShapes.ts";

/** How a block is drawn: a 3-D box (maps: rows × cols × channels) or a flat bar (a vector). */
export type BlockForm = "box" | "bar";

/** One drawn block; `x`, `y` are the front face's top-left corner, `dx`, `dy` the oblique depth offset. */
export interface DiagramBlock {
  /** Stack index; -1 for the input, `layers.length` for the softmax head. */
  index: number;
  role: "input" | "layer" | "head";
  /** Kind name as the cards show it, e.g. "Conv2D". */
  label: string;
  /** Output shape, e.g. "26×26×32"; "?" where shapes stopped at an earlier error. */
  shapeText: string;
  outputShape: Shape | null;
  params: number | null;
  macs: number | null;
  /** The first invalid layer of the stack (or the head). */
  invalid: boolean;
  /** After the first invalid layer: no shape is known. */
  unknown: boolean;
  form: BlockForm;
  x: number;
  y: number;
  w: number;
  h: number;
  dx: number;
  dy: number;
  /**
   * Where a compressed variant removed some of the layer's outputs: how many remain of how many, and the kept part
   * of the full-size block (the front face's width for a box, the bar's height), drawn solid, the rest ghosted.
   * "channels" when inherited from the block before (pooling, batch norm, dropout keep its channels).
   */
  removed?: { kept: number; total: number; keptW: number; keptH: number; unit: "filters" | "units" | "channels" };
  /** Left edge and width of the block's slot (block plus its labels); slots never overlap. */
  slotX: number;
  slotW: number;
}

export interface DiagramLayout {
  blocks: DiagramBlock[];
  width: number;
  height: number;
  /** Vertical centre line of the blocks. */
  midY: number;
  /** Top of the text labels under the blocks. */
  labelY: number;
  /** Top of the activation thumbnails (when reserved), under the labels. */
  thumbY: number;
}

export const DIAGRAM = {
  pad: 12,
  gap: 14,
  /** Narrowest slot: room for a label such as "GlobalAveragePooling2D" in two lines of small text. */
  minSlot: 84,
  labelLines: 4,
  lineHeight: 13,
  thumbHeight: 64,
  /** Depth of the oblique face relative to the front face's height. */
  obliqueRatio: 0.45,
} as const;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const log2 = (n: number) => Math.log2(Math.max(1, n));

/** Side of a spatial extent (rows or cols) in pixels: log scale so 1×1 and 64×64 both read. */
export function spatialSize(n: number): number {
  return clamp(14 + 12 * log2(n), 14, 96);
}

/** Thickness of a box for a channel count: log scale, 4 px for one channel up to 60 px. */
export function channelSize(c: number): number {
  return clamp(4 + 7 * log2(c), 4, 60);
}

/** Height of a bar for a vector length: log scale, 14 px up to 150 px. */
export function barSize(n: number): number {
  return clamp(10 + 12 * log2(n), 14, 150);
}

/** Block geometry (without position) for an output shape; unknown shapes get a small placeholder box. */
export function blockSize(shape: Shape | null): Pick<DiagramBlock, "form" | "w" | "h" | "dx" | "dy"> {
  if (shape && shape.length === 3) {
    const [rows, cols, channels] = shape;
    const depth = spatialSize(cols) * DIAGRAM.obliqueRatio;
    return { form: "box", w: channelSize(channels), h: spatialSize(rows), dx: depth * 0.7, dy: depth * 0.7 };
  }
  if (shape && shape.length === 1) return { form: "bar", w: 10, h: barSize(shape[0]), dx: 0, dy: 0 };
  return { form: "box", w: 14, h: 24, dx: 6, dy: 6 };
}

/** Labels used on the cards, by stack index (so the diagram and cards agree). */
function kindLabel(layer: LayerConfig): string {
  return LAYER_SPECS[layer.kind].label;
}

/** Kept and total outputs by stack index, as a variant's report gives them. */
export type RemovedMap = ReadonlyMap<number, { kept: number; total: number }>;

/**
 * What each layer lost in a variant: its own counts where given (kept < total), else the ratio of the layer before
 * when this one passes its channels through (a 3-D output with the same channel count), so a pool after a pruned
 * conv is drawn as thin as the conv.
 */
function removedBlocks(layers: readonly LayerConfig[], stats: ModelStats, removed: RemovedMap) {
  const out = new Map<number, { kept: number; total: number; unit: "filters" | "units" | "channels" }>();
  layers.forEach((_layer, i) => {
    const own = removed.get(i);
    const shape = stats.layers[i]?.outputShape;
    if (own) {
      if (own.kept < own.total) out.set(i, { ...own, unit: shape?.length === 1 ? "units" : "filters" });
      return;
    }
    const before = out.get(i - 1);
    const prev = stats.layers[i - 1]?.outputShape;
    if (before && shape?.length === 3 && prev?.length === 3 && shape[2] === prev[2])
      out.set(i, { kept: before.kept, total: before.total, unit: "channels" });
  });
  return out;
}

/**
 * Blocks for the input, every layer of the stack and the softmax head, from the stats of inferShapes. Layers after
 * the first error have no shape: they are drawn as placeholders, the erroneous one flagged.
 * `thumbs` reserves a row under the labels for activation thumbnails; `removed` splits the blocks of a compressed
 * variant into kept and removed parts (blocks keep the baseline's size, so the two figures line up).
 */
export function diagramLayout(
  layers: readonly LayerConfig[],
  stats: ModelStats,
  inputShape: Shape,
  numClasses: number,
  thumbs = false,
  removed?: RemovedMap,
): DiagramLayout {
  const cuts = removed ? removedBlocks(layers, stats, removed) : null;
  const errorIndex = stats.error && stats.error.layerIndex >= 0 ? stats.error.layerIndex : null;
  const entries = [
    { index: -1, role: "input" as const, label: "Input", shape: inputShape as Shape | null, params: 0, macs: 0 },
    ...[...layers.map((l) => kindLabel(l)), `Dense ${numClasses} + softmax`].map((label, index) => {
      const s = stats.layers[index];
      return {
        index,
        role: index === layers.length ? ("head" as const) : ("layer" as const),
        label,
        shape: s ? s.outputShape : null,
        params: s ? s.params : null,
        macs: s ? s.macs : null,
      };
    }),
  ];
  const sized = entries.map((e) => ({ ...e, ...blockSize(e.shape) }));
  const tallest = Math.max(...sized.map((b) => b.h + b.dy));
  const midY = DIAGRAM.pad + tallest / 2;
  const labelY = DIAGRAM.pad + tallest + 8;
  const thumbY = labelY + DIAGRAM.labelLines * DIAGRAM.lineHeight + 4;
  let cursor = DIAGRAM.pad;
  const blocks = sized.map((b): DiagramBlock => {
    // about 6 px a character of the small label text, so long names ("GlobalAveragePooling2D") fit their slot
    const slotW = Math.max(DIAGRAM.minSlot, b.w + b.dx + 8, b.label.length * 6 + 8);
    const blockW = b.w + b.dx;
    const x = cursor + (slotW - blockW) / 2;
    // the whole drawn box (front face plus oblique top) is centred on the mid line
    const y = midY - (b.h + b.dy) / 2 + b.dy;
    const block: DiagramBlock = {
      index: b.index,
      role: b.role,
      label: b.label,
      shapeText: b.shape ? b.shape.join("×") : "?",
      outputShape: b.shape,
      params: b.params,
      macs: b.macs,
      invalid: b.index === errorIndex,
      unknown: b.shape === null,
      form: b.form,
      x,
      y,
      w: b.w,
      h: b.h,
      dx: b.dx,
      dy: b.dy,
      slotX: cursor,
      slotW,
    };
    const cut = b.role === "layer" && b.shape ? cuts?.get(b.index) : undefined;
    if (cut) {
      const f = cut.kept / cut.total;
      block.removed = { ...cut, keptW: b.form === "box" ? b.w * f : b.w, keptH: b.form === "bar" ? b.h * f : b.h };
    }
    cursor += slotW + DIAGRAM.gap;
    return block;
  });
  const height = thumbY + (thumbs ? DIAGRAM.thumbHeight : 0) + DIAGRAM.pad;
  return { blocks, width: cursor - DIAGRAM.gap + DIAGRAM.pad, height, midY, labelY, thumbY };
}

/** Accessible name of a block, e.g. "Layer 1: Conv2D 26×26×32" ("Output: …" for the head). */
export function blockName(block: DiagramBlock): string {
  const what = block.invalid ? "invalid" : block.unknown ? "not computed" : block.shapeText;
  if (block.role === "input") return `Input ${block.shapeText}`;
  if (block.role === "head") return `Output: ${block.label} ${what}`;
  const cut = block.removed;
  const lost = cut ? `, ${cut.total - cut.kept} of ${cut.total} ${cut.unit} removed` : "";
  return `Layer ${block.index + 1}: ${block.label} ${what}${lost}`;
}

/**
 * The activation of block `index` (stack index, or `layerCount` for the head) among the trained model's layer
 * outputs, which the model builder names `layerN_kind` (plus `_leaky` for an added LeakyReLU) and `output`.
 * The last match wins: it is the layer's activated output. Null when the model has no such layer.
 */
export function activationOf<A extends { layerName: string }>(
  activations: readonly A[],
  index: number,
  layerCount: number,
): A | null {
  if (index === layerCount) return activations.find((a) => a.layerName === "output") ?? null;
  const prefix = `layer${index + 1}_`;
  return activations.findLast((a) => a.layerName.startsWith(prefix)) ?? null;
}
