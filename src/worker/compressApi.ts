/**
 * The compression lab's worker side: derives a variant from the trained model (never changing it) and
 * measures it: accuracy on the full test set (a fixed stratified subset first: the variant's first estimate), sizes from bytes produced, non-zeros, MACs, latency on the
 * current backend (and, when asked, on every other backend that starts, each with a fresh copy of the weights, and
 * in ONNX Runtime with the variant written as ONNX: integer kernels for 8-bit weights and activations).
 */
import { BUDGET_MS, latencyOnBackends, quickLatency } from "./backendLatency.ts";
import { timeOnOnnxRuntime } from "./onnxTiming.ts";
import * as tf from "@tensorflow/tfjs";
import {
  describeCompression,
  int8Activations,
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
import type { CompressProgress, MeasureOptions, VariantEstimate, VariantReport } from "../core/compress/report.ts";
import { stratifiedSubset } from "../core/compress/estimate.ts";
import { evaluateSubsetFirst } from "../core/compress/subsetEvaluate.ts";
import { variantNotes } from "./variantNotes.ts";
import { packInputs, readWeights, weightInfos } from "../core/compress/modelWeights.ts";
import { deriveVariant, kernelSparsityOf } from "../core/compress/variants.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { filterCounts } from "../core/compress/filterCounts.ts";
import { createRng } from "../core/random.ts";
import { CancelledError } from "../core/train/trainControl.ts";
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

/** What a measurement may do besides returning its report. */
export interface MeasureHooks {
  /** Gets the derived variant's weights (not the baseline's) once measured. */
  keep?: (variant: { config: ExperimentConfig; weights: Float32Array[]; masked: Float32Array[] }) => void;
  /** Gets a variant's first estimate (subset accuracy, short timing) before the full measurement; never once cancelled. */
  onEstimate?: (estimate: VariantEstimate) => void;
}

/** Derives (spec) or takes (null: the baseline) a model and measures it. */
export async function compressAndMeasure(
  trained: TrainedState,
  spec: CompressionSpec | null,
  options: MeasureOptions,
  token: CancelToken,
  onProgress: (p: CompressProgress) => void,
  hooks: MeasureHooks = {},
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
    const infos = weightInfos(model);
    const masked = derived?.masked ?? (await readWeights(model));
    const finalWeights = derived ? await readWeights(model) : masked;
    const nonZeroParams = finalWeights.reduce((n, w) => n + w.reduce((z, v) => z + (v !== 0 ? 1 : 0), 0), 0);
    const stats = inferShapes(modelConfig.layers, info.inputShape, info.numClasses);
    const kernelSparsity = kernelSparsityOf(
      infos,
      masked,
      spec !== null && spec.pruning.enabled && spec.pruning.includeHead,
    );
    const w = spec ? weightFormat(spec) : { kind: "float32" as const };
    const weightBits = w.kind === "int" ? w.bits : w.kind === "float16" ? 16 : 32;
    const layerSparsity: Array<[string, number]> = [...(derived?.layerSparsity ?? new Map<string, number>())];
    // what the diagram draws as removed: the variant's filters against the baseline's, before quantization
    const filters = filterCounts(
      config.layers,
      derived ? inferShapes(config.layers, info.inputShape, info.numClasses) : stats,
      derived ? { stats, infos, weights: masked } : null,
    );
    const ranges = int8 ? await calibrateActivations(model, data.train, 300, info.numClasses) : null;
    const predict = ranges
      ? (xs: tf.Tensor4D) => predictWithInt8Activations(model, xs, ranges)
      : (xs: tf.Tensor4D) => model.predict(xs) as tf.Tensor;
    const { onEstimate } = hooks;
    const test = await evaluateSubsetFirst(predict, data.test, estimateSubset(data.test), info.numClasses, {
      isCancelled,
      // the first estimate: the subset's accuracy and a short batch-1 timing, before the other images
      onSubset:
        spec && onEstimate
          ? async (subset) => {
              const latency = [await quickLatency(model, modelConfig, trained.backend, token)];
              check(); // a cancelled job never reports its estimate
              onEstimate({
                label: describeCompression(spec),
                spec,
                subset,
                testCount: data.test.count,
                totalParams: stats.totalParams,
                nonZeroParams,
                kernelSparsity,
                weightBits,
                macs: stats.totalMacs,
                latency,
                layerSparsity,
                filters,
              });
              onProgress({ stage: "evaluating", fraction: 0.65, detail: "all test images" });
            }
          : undefined,
    });
    check();
    onProgress({ stage: "sizing", fraction: 0.7 });
    const asSpec = spec ?? ({ pruning: { enabled: false }, quantization: { enabled: false } } as CompressionSpec);
    const sizes = await measureSizes(packInputs(infos, masked, asSpec), masked);
    if (derived) hooks.keep?.({ config: modelConfig, weights: finalWeights, masked });
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
    onProgress({ stage: "timing", fraction: 1 });
    return {
      id: 0,
      label: spec ? describeCompression(spec) : "Baseline",
      spec,
      accuracy: test.accuracy,
      testCount: test.count,
      subset: test.subset,
      loss: test.loss,
      accuracyDelta: 0,
      sizes,
      totalParams: stats.totalParams,
      nonZeroParams,
      kernelSparsity,
      weightBits,
      macs: stats.totalMacs,
      latency,
      layerSparsity,
      filters,
      ...variantNotes(spec, stats, info.inputShape, onnx?.report),
      ...(onnx?.report ? { onnxRuntime: onnx.report } : {}),
    };
  } finally {
    if (derived) disposeModel(derived.model);
  }
}

/** The estimate's subset of a test split (fixed seed, 100 per class), chosen once per split. */
const subsets = new WeakMap<DatasetSplit, Int32Array>();
function estimateSubset(test: DatasetSplit): Int32Array {
  let subset = subsets.get(test);
  if (!subset) {
    subset = stratifiedSubset(test.labels, test.numClasses);
    subsets.set(test, subset);
  }
  return subset;
}
