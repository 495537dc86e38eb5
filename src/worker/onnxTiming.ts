// The lab's second runtime: a variant (or the baseline) written as ONNX and timed in ONNX Runtime with the same
// protocol as tfjs, on integer kernels when it has 8-bit weights and activations; its real int8 accuracy then too.
import type * as tf from "@tensorflow/tfjs";
import { weightFormat, type CompressionSpec, type WeightFormat } from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import { computeLayers } from "../core/compress/measure.ts";
import { createSession, onnxAccuracy, onnxLatency } from "../core/compress/onnxMeasure.ts";
import type { BackendLatency, OnnxRuntimeReport } from "../core/compress/report.ts";
import type { LatencyStats } from "../core/compress/timing.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { stackLayerRanges } from "../core/export/onnx/onnxFromModel.ts";
import { CancelledError } from "../core/train/trainControl.ts";
import type { BackendProbe } from "./backendTypes.ts";
import { isW8A8, onnxOfWeights } from "./onnxFiles.ts";
import { loadOnnxRuntime, onnxBuilds, onnxThreads } from "./onnxRuntimeLoader.ts";

export interface OnnxTimingInput {
  /** The measured model (the variant's final weights, or the baseline). */
  model: tf.LayersModel;
  config: ExperimentConfig;
  spec: CompressionSpec | null;
  /** Weights before quantization (the file stores their codes). */
  masked: Float32Array[];
  /** The lab's calibrated activation ranges per computing layer of `model`, when it simulates 8-bit activations. */
  ranges: Array<[number, number]> | null;
  test: DatasetSplit;
  /** The trainer's backend probes: a hardware WebGPU adapter adds ONNX Runtime's WebGPU provider. */
  probes: readonly BackendProbe[];
  batches: number[];
  budgetMs: number;
  isCancelled: () => boolean;
  onProgress: (detail: string, fraction: number) => void;
}

function kernelsOf(format: WeightFormat, w8a8: boolean): string {
  if (w8a8) return "int8 kernels (W8A8, QDQ)";
  if (format.kind === "int") return `int${format.bits} weights dequantized to float32 kernels`;
  if (format.kind === "float16") return "float16 weights cast to float32 kernels";
  return "float32 kernels";
}

/** Times the model in ONNX Runtime, on WASM and (with a hardware GPU) WebGPU; scores a W8A8 graph on the whole test set. */
export async function timeOnOnnxRuntime(
  input: OnnxTimingInput,
): Promise<{ latency: BackendLatency[]; report: OnnxRuntimeReport }> {
  const { model, config, spec, masked, ranges, test, batches, isCancelled, onProgress } = input;
  const ort = await loadOnnxRuntime((loaded, total) =>
    onProgress(
      `loading ONNX Runtime, ${(loaded / 2 ** 20).toFixed(1)}${total ? ` of ${(total / 2 ** 20).toFixed(1)}` : ""} MB`,
      total ? (0.3 * loaded) / total : 0,
    ),
  );
  const format: WeightFormat = spec ? weightFormat(spec) : { kind: "float32" };
  const w8a8 = isW8A8(spec) && ranges !== null;
  const { inputShape } = DATASETS[config.datasetId];
  const activationRanges = w8a8
    ? stackLayerRanges(
        computeLayers(model).map((l) => l.name),
        config,
        ranges,
      )
    : undefined;
  const bytes = await onnxOfWeights(config, masked, format, activationRanges, "CNN Playground lab");
  const threads = onnxThreads();
  const latency: BackendLatency[] = [];
  let int8Accuracy: number | null = null;
  for (const build of onnxBuilds(input.probes)) {
    const runtime =
      build === "wasm"
        ? ort
        : await loadOnnxRuntime(
            (loaded, total) =>
              onProgress(
                `loading ONNX Runtime's WebGPU build, ${(loaded / 2 ** 20).toFixed(1)} MB`,
                total ? (0.3 * loaded) / total : 0,
              ),
            "webgpu",
          );
    const session = await createSession(runtime, bytes, build);
    try {
      const stats: LatencyStats[] = [];
      for (const [i, batch] of batches.entries()) {
        if (isCancelled()) throw new CancelledError();
        onProgress(
          `timing on ONNX Runtime (${build === "wasm" ? "WASM" : "WebGPU"}), batch ${batch}`,
          0.3 + (0.5 * i) / batches.length,
        );
        stats.push(await onnxLatency(runtime, session, inputShape, batch, { budgetMs: input.budgetMs, isCancelled }));
      }
      if (build === "wasm" && w8a8) {
        onProgress("scoring the int8 model on every test image", 0.8);
        int8Accuracy = (await onnxAccuracy(runtime, session, test, isCancelled)).accuracy;
      }
      const gpu = input.probes.find((p) => p.name === "webgpu");
      latency.push({
        backend: build === "wasm" ? "ONNX Runtime" : "ONNX Runtime (WebGPU)",
        device:
          build === "wasm"
            ? `WebAssembly SIMD, ${threads} thread${threads === 1 ? "" : "s"} · ${kernelsOf(format, w8a8)}`
            : `${gpu?.device ?? "WebGPU adapter"} · ${kernelsOf(format, w8a8)}`,
        current: false,
        stats,
        note: build === "webgpu" && w8a8 ? "kernels WebGPU lacks (the integer ones) run on WASM" : null,
      });
    } finally {
      await session.release();
    }
  }
  return {
    latency,
    report: { kernels: w8a8 ? "int8" : "float32", fileBytes: bytes.byteLength, int8Accuracy, testCount: test.count },
  };
}
