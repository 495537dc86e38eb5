import { z } from "zod";

/**
 * How a variant is derived from the trained baseline: the single source of truth for the lab's form, the
 * worker and (issue 5) the URL. Switching a part off keeps its settings, so switching back restores them.
 */
export const PruningSpec = z
  .object({
    enabled: z.boolean(),
    /** Magnitude: unstructured zeros. Filters: whole conv filters / dense units removed, the model rebuilt smaller. */
    method: z.enum(["magnitude", "filters"]),
    /** Magnitude: fraction of the prunable weights set to zero. Filters: fraction of each layer's filters removed (≤ 0.9). */
    sparsity: z.number().min(0).max(0.95),
    /** One threshold per layer, or one for the whole model (magnitude only). */
    scope: z.enum(["layer", "global"]),
    includeBiases: z.boolean(),
    includeHead: z.boolean(),
    /** One-shot, or gradual over the fine-tuning epochs with PolynomialDecay (power 3; magnitude only). */
    schedule: z.enum(["one-shot", "polynomial"]),
    fineTuneEpochs: z.number().int().min(0).max(5),
  })
  .refine((p) => p.method !== "filters" || p.sparsity <= 0.9, {
    message: "Filter pruning removes at most 90% of a layer's filters",
    path: ["sparsity"],
  });
export type PruningSpec = z.infer<typeof PruningSpec>;

export const QuantizationSpec = z.object({
  enabled: z.boolean(),
  /** 16 means float16; 8, 4 and 2 are integers with scales. */
  weightBits: z.union([z.literal(16), z.literal(8), z.literal(4), z.literal(2)]),
  /** Per-tensor affine (tfjs converter style) or per-channel symmetric (TFLite int8 style). */
  granularity: z.enum(["per-tensor", "per-channel"]),
  /** 8-bit activations, calibrated on training images, simulated in the forward pass. */
  activations: z.boolean(),
  /** Quantization-aware fine-tuning: epochs with fake-quant in the forward pass, straight-through gradients. */
  qatEpochs: z.number().int().min(0).max(3),
});
export type QuantizationSpec = z.infer<typeof QuantizationSpec>;

/** Widths of integer weights (16 bits is float16, not an integer format). */
export type WeightBits = Exclude<QuantizationSpec["weightBits"], 16>;
/** One scale for the whole tensor, or one per output channel. */
export type Granularity = QuantizationSpec["granularity"];

/** How one weight tensor is stored: float32, float16, or b-bit integers with scales. */
export type WeightFormat =
  { kind: "float32" } | { kind: "float16" } | { kind: "int"; bits: WeightBits; granularity: Granularity };

export const CompressionSpec = z.object({ pruning: PruningSpec, quantization: QuantizationSpec });
export type CompressionSpec = z.infer<typeof CompressionSpec>;

export const DEFAULT_COMPRESSION: CompressionSpec = {
  pruning: {
    enabled: false,
    method: "magnitude",
    sparsity: 0.5,
    scope: "layer",
    includeBiases: false,
    includeHead: false,
    schedule: "one-shot",
    fineTuneEpochs: 0,
  },
  quantization: { enabled: false, weightBits: 8, granularity: "per-channel", activations: false, qatEpochs: 0 },
};

/**
 * The one key of the variant a spec derives, for the page's list and the worker's kept weights alike: the
 * settings that shape the variant (a part switched off counts as off, whatever its fields say), keys sorted, as JSON.
 */
export function variantKey(spec: CompressionSpec): string {
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const pruning = spec.pruning.enabled ? sorted(spec.pruning) : { enabled: false };
  const quantization = spec.quantization.enabled ? sorted(spec.quantization) : { enabled: false };
  return JSON.stringify({ pruning, quantization });
}

/** Magnitude pruning settings when magnitude pruning is on, else null. */
export function magnitudePruning(spec: CompressionSpec): PruningSpec | null {
  return spec.pruning.enabled && spec.pruning.method === "magnitude" ? spec.pruning : null;
}

/** Fraction of filters removed when filter pruning is on, else null. */
export function filterFraction(spec: CompressionSpec): number | null {
  return spec.pruning.enabled && spec.pruning.method === "filters" ? spec.pruning.sparsity : null;
}

/** Fine-tuning epochs after pruning (0 when pruning is off). */
export function pruningFineTuneEpochs(spec: CompressionSpec): number {
  return spec.pruning.enabled ? spec.pruning.fineTuneEpochs : 0;
}

/** The storage format of the (non-norm) weights. */
export function weightFormat(spec: CompressionSpec): WeightFormat {
  const q = spec.quantization;
  if (!q.enabled) return { kind: "float32" };
  if (q.weightBits === 16) return { kind: "float16" };
  return { kind: "int", bits: q.weightBits, granularity: q.granularity };
}

/** Whether 8-bit activations are simulated. */
export function int8Activations(spec: CompressionSpec): boolean {
  return spec.quantization.enabled && spec.quantization.activations;
}

/** Quantization-aware fine-tuning epochs (0 when quantization is off). */
export function qatEpochs(spec: CompressionSpec): number {
  return spec.quantization.enabled ? spec.quantization.qatEpochs : 0;
}

/** True when the spec changes anything (pruning or quantization switched on). */
export function compresses(spec: CompressionSpec): boolean {
  return spec.pruning.enabled || spec.quantization.enabled;
}

/** A short human name of a spec, e.g. "80% magnitude · int8 per-channel · QAT 1 ep". */
export function describeCompression(spec: CompressionSpec): string {
  const p = spec.pruning;
  const parts: string[] = [];
  const ft = p.fineTuneEpochs ? ` + ${p.fineTuneEpochs} ep` : "";
  if (magnitudePruning(spec))
    parts.push(
      `${Math.round(p.sparsity * 100)}% magnitude${p.scope === "global" ? " (global)" : ""}${p.schedule === "polynomial" && p.fineTuneEpochs ? " gradual" : ""}${ft}`,
    );
  if (filterFraction(spec) !== null) parts.push(`${Math.round(p.sparsity * 100)}% filters${ft}`);
  const w = weightFormat(spec);
  if (w.kind === "float16") parts.push("float16");
  if (w.kind === "int") parts.push(`int${w.bits} ${w.granularity}`);
  if (int8Activations(spec)) parts.push("int8 activations");
  if (qatEpochs(spec)) parts.push(`QAT ${qatEpochs(spec)} ep`);
  return parts.length ? parts.join(" · ") : "copy of baseline";
}
