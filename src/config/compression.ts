import { z } from "zod";

/** How a variant is derived from the trained baseline: the single source of truth for forms, URL and worker. */
export const PruningSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({
    kind: z.literal("magnitude"),
    /** Fraction of the prunable weights set to zero (0–0.95). */
    sparsity: z.number().min(0).max(0.95),
    scope: z.enum(["layer", "global"]),
    includeBiases: z.boolean(),
    includeHead: z.boolean(),
    /** One-shot, or gradual over the fine-tuning epochs with PolynomialDecay (power 3). */
    schedule: z.enum(["one-shot", "polynomial"]),
    fineTuneEpochs: z.number().int().min(0).max(5),
  }),
  z.object({
    kind: z.literal("filters"),
    /** Fraction of each conv layer's filters (and hidden dense units) removed, smallest L1 norm first. */
    fraction: z.number().min(0).max(0.9),
    fineTuneEpochs: z.number().int().min(0).max(5),
  }),
]);
export type PruningSpec = z.infer<typeof PruningSpec>;

export const WeightFormatSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("float32") }),
  z.object({ kind: z.literal("float16") }),
  z.object({ kind: z.literal("int"), bits: z.union([z.literal(8), z.literal(4), z.literal(2)]), granularity: z.enum(["per-tensor", "per-channel"]) }),
]);
export type WeightFormatSpec = z.infer<typeof WeightFormatSpec>;

export const CompressionSpec = z.object({
  pruning: PruningSpec,
  weights: WeightFormatSpec,
  /** 8-bit activations, calibrated on training images, simulated in the forward pass. */
  activations: z.enum(["float32", "int8"]),
});
export type CompressionSpec = z.infer<typeof CompressionSpec>;

export const DEFAULT_COMPRESSION: CompressionSpec = {
  pruning: { kind: "magnitude", sparsity: 0.8, scope: "layer", includeBiases: false, includeHead: false, schedule: "one-shot", fineTuneEpochs: 0 },
  weights: { kind: "float32" },
  activations: "float32",
};

/** A short human name of a spec, e.g. "80% magnitude · int8 per-channel". */
export function describeCompression(spec: CompressionSpec): string {
  const p = spec.pruning;
  const parts: string[] = [];
  if (p.kind === "magnitude") parts.push(`${Math.round(p.sparsity * 100)}% magnitude${p.fineTuneEpochs ? ` + ${p.fineTuneEpochs} ep` : ""}`);
  if (p.kind === "filters") parts.push(`${Math.round(p.fraction * 100)}% filters${p.fineTuneEpochs ? ` + ${p.fineTuneEpochs} ep` : ""}`);
  const w = spec.weights;
  if (w.kind === "float16") parts.push("float16");
  if (w.kind === "int") parts.push(`int${w.bits} ${w.granularity}`);
  if (spec.activations === "int8") parts.push("int8 activations");
  return parts.length ? parts.join(" · ") : "copy of baseline";
}
