/**
 * The compression lab's worker side: derives a variant from the trained model (never changing it) and
 * measures it: accuracy on the full test set, sizes from bytes produced, non-zeros, MACs, latency on the
 * current backend (and, when asked, on every other backend that starts, each with a fresh copy of the weights, and
 * in ONNX Runtime with the variant written as ONNX: integer kernels for 8-bit weights and activations).
 */
import { BUDGET_MS, backendText, latencyOnBackends } from "./backendLatency.ts";
import { timeOnOnnxRuntime } from "./onnxTiming.ts";
import * as tf from "@tensorflow/tfjs";
import {
  describeCompression,
  filterFraction,
  int8Activations,
  magnitudePruning,
  pruningFineTuneEpochs,
  qatEpochs,
  weightFormat,
  type CompressionSpec,
} from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { splitValidation } from "../core/data/batches.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { calibrateActivations, measureSizes, predictWithInt8Activations } from "../core/compress/measure.ts";
import type { CompressProgress, MeasureOptions, SweepResult, VariantReport } from "../core/compress/report.ts";
import { runSweep } from "../core/compress/sweep.ts";
import { packInputs, readWeights, weightInfos } from "../core/compress/modelWeights.ts";
import { deriveVariant, kernelSparsityOf } from "../core/compress/variants.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { floatLayersText } from "../core/export/onnx/toOnnx.ts";
import { createRng } from "../core/random.ts";
import { CancelledError } from "../core/train/trainControl.ts";
import { evaluateModel, evaluateWith } from "../core/train/trainLoopEvaluate.ts";
import type { BackendInfo } from "./backendTypes.ts";
import { createPauseControl } from "../core/train/pauseControl.ts";

/** What the trainer holds that compression needs. */
export interface TrainedState {
  model: tf.LayersModel;
  config: ExperimentConfig;
  data: { train: DatasetSplit; test: DatasetSplit };
  backend: BackendInfo;
}

/** Cancels a job: checked between phases and batches; stops fine-tuning through its control. */
export interface CancelToken {
  cancelled: boolean;
  control: ReturnType<typeof createPauseControl>;
}

export function createCancelToken(): CancelToken {
  return { cancelled: false, control: createPauseControl() };
}

export function cancel(token: CancelToken): void {
  token.cancelled = true;
  token.control.stop();
}

const SIMULATED = {
  magnitude:
    "unstructured zeros run at full cost in tfjs and in ONNX Runtime (no sparse kernels): expect the baseline's latency",
  weights:
    "in tfjs, weights are fake-quantized (quantize, then dequantize) and run on float32 kernels: no speed-up; the packed size is real",
  activations:
    "in tfjs, 8-bit activations are simulated with fake-quant ops for the accuracy; the latency is of the float32 forward pass",
};
/** Derives (spec) or takes (null: the baseline) a model and measures it. */
export async function compressAndMeasure(
  trained: TrainedState,
  spec: CompressionSpec | null,
  options: MeasureOptions,
  token: CancelToken,
  onProgress: (p: CompressProgress) => void,
  keep?: (variant: { config: ExperimentConfig; weights: Float32Array[]; masked: Float32Array[] }) => void,
): Promise<VariantReport> {
  const { config, data } = trained;
  const info = DATASETS[config.datasetId];
  const rng = createRng(config.seed + 17);
  const check = () => {
    if (token.cancelled) throw new CancelledError();
  };
  const isCancelled = () => token.cancelled;
  onProgress({ stage: "pruning", fraction: 0.02 });
  const int8 = spec !== null && int8Activations(spec);
  const trainSteps = spec ? pruningFineTuneEpochs(spec) + qatEpochs(spec) : 0;
  // activation ranges for quantization-aware training come from the baseline
  const qatRanges =
    spec && int8 && qatEpochs(spec) > 0
      ? await calibrateActivations(trained.model, data.train, 300, info.numClasses)
      : undefined;
  const derived = spec
    ? await deriveVariant(trained.model, config, spec, info.inputShape, info.numClasses, {
        activationRanges: qatRanges,
        fineTune:
          trainSteps > 0
            ? {
                data: splitValidation(data.train, config.validationFraction, rng),
                batchSize: config.batchSize,
                numClasses: info.numClasses,
                rng,
                control: token.control,
                onBatches: (_b, p) =>
                  onProgress({
                    stage: "fine-tuning",
                    fraction: 0.05 + 0.5 * (p.examplesSeen / Math.max(1, p.totalExamples)),
                  }),
                onQatBatches: (_b, p) =>
                  onProgress({
                    stage: "quantization-aware training",
                    fraction: 0.05 + 0.5 * (p.examplesSeen / Math.max(1, p.totalExamples)),
                  }),
              }
            : undefined,
      })
    : null;
  const model = derived?.model ?? trained.model;
  const modelConfig = derived?.config ?? config;
  try {
    check();
    onProgress({ stage: "evaluating", fraction: 0.6 });
    const ranges = int8 ? await calibrateActivations(model, data.train, 300, info.numClasses) : null;
    const test = ranges
      ? await evaluateWith(
          (xs) => predictWithInt8Activations(model, xs, ranges),
          data.test,
          info.numClasses,
          500,
          isCancelled,
        )
      : await evaluateModel(model, data.test, info.numClasses, 500, isCancelled);
    check();
    onProgress({ stage: "sizing", fraction: 0.7 });
    const infos = weightInfos(model);
    const masked = derived?.masked ?? (await readWeights(model));
    const asSpec = spec ?? ({ pruning: { enabled: false }, quantization: { enabled: false } } as CompressionSpec);
    const sizes = await measureSizes(packInputs(infos, masked, asSpec), masked);
    const finalWeights = derived ? await readWeights(model) : masked;
    if (derived) keep?.({ config: modelConfig, weights: finalWeights, masked });
    const nonZeroParams = finalWeights.reduce((n, w) => n + w.reduce((z, v) => z + (v !== 0 ? 1 : 0), 0), 0);
    const stats = inferShapes(modelConfig.layers, info.inputShape, info.numClasses);
    const latency = await latencyOnBackends(model, modelConfig, trained, options, token, (detail, f) =>
      onProgress({ stage: "timing", fraction: 0.75 + (options.onnxRuntime ? 0.15 : 0.25) * f, detail }),
    );
    const onnx = options.onnxRuntime
      ? await timeOnOnnxRuntime({
          model,
          config: modelConfig,
          spec,
          masked,
          ranges,
          test: data.test,
          probes: trained.backend.probes,
          batches: options.batches,
          budgetMs: BUDGET_MS,
          isCancelled,
          onProgress: (detail, f) => onProgress({ stage: "timing", fraction: 0.9 + 0.1 * f, detail }),
        }).catch((error: unknown) => {
          if (error instanceof CancelledError) throw error;
          // the second runtime is extra: the variant keeps its tfjs measurement and the table says what went wrong
          const message = error instanceof Error ? error.message : String(error);
          return {
            latency: [
              {
                backend: "ONNX Runtime",
                device: "not run",
                current: false,
                stats: [],
                note: `did not run: ${message}`,
              },
            ],
            report: undefined,
          };
        })
      : null;
    if (onnx) latency.push(...onnx.latency);
    const simulated: string[] = [];
    const real: string[] = [];
    if (onnx?.report?.kernels === "int8") {
      const float = floatLayersText(stats.layers, info.inputShape);
      real.push(
        `ONNX Runtime: measured int8 kernels (8-bit weights and activations)${float ? ` after ${float}, which run on float32 kernels: on a one-channel input, ONNX Runtime's int8 convolution is the slower one` : ""}; its accuracy is its own, on every test image`,
      );
    }
    if (spec && magnitudePruning(spec)) simulated.push(SIMULATED.magnitude);
    if (spec && weightFormat(spec).kind !== "float32") simulated.push(SIMULATED.weights);
    if (int8) simulated.push(SIMULATED.activations);
    if (spec && filterFraction(spec) !== null) {
      real.push(
        `structured: ${stats.totalParams.toLocaleString("en-US")} parameters and ${stats.totalMacs.toLocaleString("en-US")} MACs remain; this model really is smaller and faster`,
      );
    }
    onProgress({ stage: "timing", fraction: 1 });
    const w = spec ? weightFormat(spec) : { kind: "float32" as const };
    return {
      id: 0,
      label: spec ? describeCompression(spec) : "Baseline",
      spec,
      accuracy: test.accuracy,
      testCount: test.count,
      loss: test.loss,
      accuracyDelta: 0,
      sizes,
      totalParams: stats.totalParams,
      nonZeroParams,
      kernelSparsity: kernelSparsityOf(
        infos,
        masked,
        spec !== null && spec.pruning.enabled && spec.pruning.includeHead,
      ),
      weightBits: w.kind === "int" ? w.bits : w.kind === "float16" ? 16 : 32,
      macs: stats.totalMacs,
      latency,
      layerSparsity: [...(derived?.layerSparsity ?? new Map<string, number>())],
      simulated,
      real,
      ...(onnx?.report ? { onnxRuntime: onnx.report } : {}),
    };
  } finally {
    if (derived) disposeModel(derived.model);
  }
}

/** Resolves when the token is cancelled. */
const untilCancelled = (token: CancelToken) =>
  new Promise<void>((resolve) => {
    if (token.control.signal.aborted) resolve();
    else token.control.signal.addEventListener("abort", () => resolve(), { once: true });
  });

/** Options of a sweep. */
export interface SweepOptions {
  /** Test hook: after this many points the sweep waits until it is cancelled (a cancel at a known point). */
  holdAfterPoints?: number;
}

/** Sweeps sparsity, bits and per-layer sensitivity on the trained model (accuracy on the full test set). */
export async function sweepTrained(
  trained: TrainedState,
  spec: CompressionSpec,
  baselineAccuracy: number,
  token: CancelToken,
  onProgress: (p: CompressProgress) => void,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const info = DATASETS[trained.config.datasetId];
  const result = await runSweep({
    baseline: trained.model,
    config: trained.config,
    spec,
    inputShape: info.inputShape,
    numClasses: info.numClasses,
    test: trained.data.test,
    baselineAccuracy,
    isCancelled: () => token.cancelled,
    onProgress: (done, total, label) =>
      onProgress({
        stage: "sweeping",
        fraction: done / total,
        detail: `${label} (${Math.min(done + 1, total)} of ${total})`,
      }),
    beforePoint: (done) => (done === options.holdAfterPoints ? untilCancelled(token) : Promise.resolve()),
  });
  return { ...result, backend: backendText(trained.backend) };
}
