/** What the compression lab shows for the baseline and each variant: plain data, every number measured. */
import type { CompressionSpec } from "../../config/compression.ts";
import type { SubsetAccuracy } from "./estimate.ts";
import type { FilterCount } from "./filterCounts.ts";
import type { SizeStats } from "./measure.ts";
import type { LatencyStats } from "./timing.ts";

export type { SubsetAccuracy } from "./estimate.ts";

/** Latency of one model on one backend. */
export interface BackendLatency {
  /** e.g. "WASM", "WebGL". */
  backend: string;
  /** Adapter or renderer, e.g. "SwiftShader (software)", or the wasm build ("SIMD, 1 thread"). */
  device: string;
  /** The backend the model was trained on (the others got a fresh copy of the weights). */
  current: boolean;
  /** Batch 1, then the large batch when asked (fewer when a budget or memory cut it short). */
  stats: LatencyStats[];
  /** Why a figure is missing or partial, e.g. "batch 256 skipped: one run took 9.1 s". */
  note: string | null;
}

export interface VariantReport {
  id: number;
  /** "Baseline" or describeCompression(spec). */
  label: string;
  /** null for the baseline. */
  spec: CompressionSpec | null;
  /** Full test set. */
  accuracy: number;
  testCount: number;
  /** Accuracy on the estimate's fixed stratified subset (scored first, in the same pass): what estimates compare with. */
  subset: SubsetAccuracy;
  loss: number;
  /** Percentage points against the baseline (0 for the baseline). */
  accuracyDelta: number;
  sizes: SizeStats;
  totalParams: number;
  nonZeroParams: number;
  /** Zeros over the kernels (0–1; the head's only when it may be pruned), measured on the weights after pruning. */
  kernelSparsity: number;
  /** Bits per weight as stored: 32, 16, 8, 4 or 2. */
  weightBits: number;
  macs: number;
  /** One entry per backend timed: the current backend always, the others when asked. */
  latency: BackendLatency[];
  /** Per kernel weight: [name, fraction of zeros]. */
  layerSparsity: Array<[string, number]>;
  /**
   * [stack index, kept, total] per baseline layer with filters or units (conv, separable conv, dense): kept counts
   * the variant's output channels with a non-zero kernel weight; the baseline has kept = total everywhere.
   */
  filters: FilterCount[];
  /** What only simulates, said next to the latency (empty when the variant truly runs smaller or is the baseline). */
  simulated: string[];
  /** What truly runs smaller (structured pruning, integer kernels in ONNX Runtime). */
  real: string[];
  /** When the lab also timed ONNX Runtime (its latency is an entry of `latency`). */
  onnxRuntime?: OnnxRuntimeReport;
}

/**
 * A variant's first estimate, sent while it is still measured: accuracy on the fixed stratified subset of the test
 * set (100 images per class) with its 95% interval, and a short batch-1 timing; exact counts of the derived weights.
 * Sizes, the full test set and the full timing come with the VariantReport that replaces it.
 */
export interface VariantEstimate {
  /** describeCompression(spec), as the report's label. */
  label: string;
  spec: CompressionSpec;
  subset: SubsetAccuracy;
  /** The full test set's size, which the refinement scores. */
  testCount: number;
  totalParams: number;
  nonZeroParams: number;
  kernelSparsity: number;
  weightBits: number;
  macs: number;
  /** The current backend only, batch 1, a short run (few warm-up and timed runs): see stats' counts. */
  latency: BackendLatency[];
  layerSparsity: Array<[string, number]>;
  /**
   * [stack index, kept, total] per baseline layer with filters or units (conv, separable conv, dense): kept counts
   * the variant's output channels with a non-zero kernel weight; the baseline has kept = total everywhere.
   */
  filters: FilterCount[];
}

/** The variant as ONNX Runtime ran it. */
export interface OnnxRuntimeReport {
  /** "int8": a W8A8 graph on integer kernels; "float32": float kernels (weights stored smaller, dequantized). */
  kernels: "int8" | "float32";
  /** Bytes of the .onnx file timed. */
  fileBytes: number;
  /** Test accuracy (0–1) of the int8 graph on every test image: real integer arithmetic and rounding; null when float. */
  int8Accuracy: number | null;
  testCount: number;
}

/** Progress of deriving and measuring one variant, or of a sweep. */
export interface CompressProgress {
  stage: "pruning" | "fine-tuning" | "quantization-aware training" | "evaluating" | "sizing" | "timing" | "sweeping";
  /** 0–1 within the whole job. */
  fraction: number;
  /** What is being done right now, e.g. "timing on WebGL, batch 256" or "sparsity 80% (5 of 16)". */
  detail?: string;
}

/** How a variant is measured. */
export interface MeasureOptions {
  /** Batch sizes timed (batch 1 always; 256 when the person asks for the full measurement). */
  batches: number[];
  /** Time on every backend that starts (a fresh copy of the weights on each), not just the current one. */
  allBackends: boolean;
  /** Also time the variant, written as ONNX, in ONNX Runtime (downloaded on first use). */
  onnxRuntime?: boolean;
}

/** One point of a sweep: a variant's accuracy on the full test set and its packed size. */
export interface SweepPoint {
  label: string;
  spec: CompressionSpec;
  accuracy: number;
  /** Zeros over the prunable kernels (0–1), measured. */
  kernelSparsity: number;
  weightBits: number;
  packedBytes: number;
  packedGzipBytes: number;
}

/** Accuracy when only one layer is pruned (Distiller-style sensitivity analysis). */
export interface SensitivityPoint {
  /** Weight name, e.g. "layer1_conv2d/kernel". */
  layer: string;
  sparsity: number;
  accuracy: number;
}

export interface SweepResult {
  baselineAccuracy: number;
  testCount: number;
  /** Magnitude pruning (the form's scope), one-shot, at increasing sparsity; the form's quantization off. */
  sparsity: SweepPoint[];
  /** Weight bits 16 → 2 (the form's granularity), no pruning. */
  bits: SweepPoint[];
  sensitivity: SensitivityPoint[];
  /** Backend that evaluated the accuracies. */
  backend: string;
  /** True when cancelled part way (the points so far are kept). */
  cancelled: boolean;
  /** Points the sweep planned; those measured are the entries of sparsity, bits and sensitivity. */
  plannedPoints: number;
}
