/** What the compression lab shows for the baseline and each variant: plain data, every number measured. */
import type { CompressionSpec } from "../../config/compression.ts";
import type { LatencyStats, SizeStats } from "./measure.ts";

export interface VariantReport {
  id: number;
  /** "Baseline" or describeCompression(spec). */
  label: string;
  /** null for the baseline. */
  spec: CompressionSpec | null;
  /** Full test set. */
  accuracy: number;
  testCount: number;
  loss: number;
  /** Percentage points against the baseline (0 for the baseline). */
  accuracyDelta: number;
  sizes: SizeStats;
  totalParams: number;
  nonZeroParams: number;
  macs: number;
  /** Batch 1 and batch 256 (fewer when memory forbids). */
  latency: LatencyStats[];
  /** Backend and device that measured the latency, e.g. "WASM · WebAssembly SIMD, 1 thread". */
  backend: string;
  /** Per kernel weight: [name, fraction of zeros]. */
  layerSparsity: Array<[string, number]>;
  /** What only simulates, said next to the latency (empty when the variant truly runs smaller or is the baseline). */
  simulated: string[];
  /** What truly runs smaller (structured pruning). */
  real: string[];
}

/** Progress of deriving and measuring one variant. */
export interface CompressProgress {
  stage: "pruning" | "fine-tuning" | "quantizing" | "evaluating" | "timing" | "sizing";
  /** 0–1 within the whole job. */
  fraction: number;
}
