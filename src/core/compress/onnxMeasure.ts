// Latency and accuracy of an ONNX model in ONNX Runtime (onnxruntime-web, passed in: this module imports its types
// only), with the lab's timing protocol: the runtime's own kernels, integer ones for a W8A8 graph.
import type * as Ort from "onnxruntime-web";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { bytesPerImage } from "../data/datasetFormat.ts";
import { createRng } from "../random.ts";
import { CancelledError, yieldToEventLoop } from "../train/trainControl.ts";
import { timeRuns, type LatencyOptions, type LatencyStats } from "./timing.ts";

export type OnnxRuntime = typeof Ort;

/**
 * A session on the WASM execution provider (or WebGPU, whose missing kernels then run on WASM), every graph
 * optimization on (the QDQ fusions included).
 */
export function createSession(
  ort: OnnxRuntime,
  bytes: Uint8Array,
  provider: "wasm" | "webgpu" = "wasm",
): Promise<Ort.InferenceSession> {
  const executionProviders = provider === "webgpu" ? ["webgpu", "wasm"] : ["wasm"];
  return ort.InferenceSession.create(bytes, { executionProviders, graphOptimizationLevel: "all" });
}

/** Times the session on a fixed random batch of `batch` images of `inputShape` (HWC), as measureLatency times tfjs. */
export async function onnxLatency(
  ort: OnnxRuntime,
  session: Ort.InferenceSession,
  inputShape: readonly number[],
  batch: number,
  options: LatencyOptions = {},
): Promise<LatencyStats> {
  const rng = createRng(7);
  const pixels = Float32Array.from({ length: batch * inputShape.reduce((a, b) => a * b, 1) }, () => rng.next());
  const input = new ort.Tensor("float32", pixels, [batch, ...inputShape]);
  const run = async () => {
    const start = performance.now();
    const out = await session.run({ input });
    // outputs come back on the CPU (the default output location), so a GPU's queued work is done too
    const elapsed = performance.now() - start;
    for (const tensor of Object.values(out)) tensor.dispose();
    return elapsed;
  };
  return timeRuns(batch, run, options);
}

/** Accuracy and count of the session's predictions on every image of `split` (pixels scaled to [0, 1]). */
export async function onnxAccuracy(
  ort: OnnxRuntime,
  session: Ort.InferenceSession,
  split: DatasetSplit,
  isCancelled: () => boolean = () => false,
): Promise<{ accuracy: number; count: number }> {
  const size = bytesPerImage(split);
  const classes = split.numClasses;
  let correct = 0;
  for (let start = 0; start < split.count; start += 500) {
    if (isCancelled()) throw new CancelledError();
    const n = Math.min(500, split.count - start);
    const pixels = Float32Array.from(split.images.subarray(start * size, (start + n) * size), (v) => v / 255);
    const input = new ort.Tensor("float32", pixels, [n, split.rows, split.cols, split.channels]);
    const { probabilities } = await session.run({ input });
    const p = probabilities.data as Float32Array;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
      if (best === split.labels[start + i]) correct++;
    }
    probabilities.dispose();
    await yieldToEventLoop();
  }
  return { accuracy: correct / split.count, count: split.count };
}
