/**
 * The compression lab's worker side: derives a variant from the trained model (never changing it) and
 * measures it: accuracy on the full test set, sizes from bytes produced, non-zeros, MACs, latency.
 */
import * as tf from "@tensorflow/tfjs";
import type { CompressionSpec } from "../config/compression.ts";
import { describeCompression } from "../config/compression.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { splitValidation } from "../core/data/batches.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { calibrateActivations, measureLatency, measureSizes, predictWithInt8Activations } from "../core/compress/measure.ts";
import type { CompressProgress, VariantReport } from "../core/compress/report.ts";
import { deriveVariant, packInputs, readWeights, weightInfos } from "../core/compress/variants.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { createRng } from "../core/random.ts";
import { evaluateModel, evaluateWith } from "../core/train/trainLoop.ts";
import { BACKEND_LABELS, type BackendInfo } from "./backendTypes.ts";
import { createPauseControl } from "./pauseControl.ts";

/** What the trainer holds that compression needs. */
export interface TrainedState {
  model: tf.LayersModel;
  config: ExperimentConfig;
  data: { train: DatasetSplit; test: DatasetSplit };
  backend: BackendInfo;
}

const SIMULATED = {
  magnitude: "unstructured zeros run at full cost in tfjs (no sparse kernels): expect the baseline's latency",
  weights: "weights are fake-quantized (quantize, then dequantize) and run on float32 kernels: no speed-up; the packed size is real",
  activations: "8-bit activations are simulated with fake-quant ops for the accuracy; the latency is of the float32 forward pass",
};

/** Derives (spec) or takes (null: the baseline) a model and measures it. */
export async function compressAndMeasure(trained: TrainedState, spec: CompressionSpec | null, onProgress: (p: CompressProgress) => void): Promise<VariantReport> {
  const { config, data, backend } = trained;
  const info = DATASETS[config.datasetId];
  const rng = createRng(config.seed + 17);
  onProgress({ stage: "pruning", fraction: 0.02 });
  const fineTuneSteps = spec && spec.pruning.kind !== "none" ? spec.pruning.fineTuneEpochs : 0;
  const derived = spec
    ? await deriveVariant(trained.model, config, spec, info.inputShape, info.numClasses, fineTuneSteps > 0 ? {
      data: splitValidation(data.train, config.validationFraction, rng), batchSize: config.batchSize, numClasses: info.numClasses, rng,
      control: createPauseControl(),
      onBatches: (_b, p) => onProgress({ stage: "fine-tuning", fraction: 0.05 + 0.5 * (p.examplesSeen / Math.max(1, p.totalExamples)) }),
    } : undefined)
    : null;
  const model = derived?.model ?? trained.model;
  const modelConfig = derived?.config ?? config;
  try {
    onProgress({ stage: "evaluating", fraction: 0.6 });
    const int8 = spec?.activations === "int8";
    const ranges = int8 ? await calibrateActivations(model, data.train, 300, info.numClasses) : null;
    const test = ranges
      ? await evaluateWith((xs) => predictWithInt8Activations(model, xs, ranges), data.test, info.numClasses)
      : await evaluateModel(model, data.test, info.numClasses);
    onProgress({ stage: "sizing", fraction: 0.7 });
    const infos = weightInfos(model);
    const masked = derived?.masked ?? await readWeights(model);
    const sizes = await measureSizes(packInputs(infos, masked, spec ?? { pruning: { kind: "none" }, weights: { kind: "float32" }, activations: "float32" }), masked);
    const finalWeights = derived ? await readWeights(model) : masked;
    const nonZeroParams = finalWeights.reduce((n, w) => n + w.reduce((z, v) => z + (v !== 0 ? 1 : 0), 0), 0);
    const stats = inferShapes(modelConfig.layers, info.inputShape, info.numClasses);
    onProgress({ stage: "timing", fraction: 0.75 });
    const latency = [await measureLatency(model, info.inputShape, 1)];
    onProgress({ stage: "timing", fraction: 0.85 });
    latency.push(await measureLatency(model, info.inputShape, 256));
    const simulated: string[] = [];
    const real: string[] = [];
    if (spec?.pruning.kind === "magnitude") simulated.push(SIMULATED.magnitude);
    if (spec && spec.weights.kind !== "float32") simulated.push(SIMULATED.weights);
    if (int8) simulated.push(SIMULATED.activations);
    if (spec?.pruning.kind === "filters") {
      real.push(`structured: ${stats.totalParams.toLocaleString("en-US")} parameters and ${stats.totalMacs.toLocaleString("en-US")} MACs remain; this model really is smaller and faster`);
    }
    onProgress({ stage: "timing", fraction: 1 });
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
      macs: stats.totalMacs,
      latency,
      backend: `${BACKEND_LABELS[backend.name]}${backend.device ? ` · ${backend.device}` : ""} · ${backend.thread}`,
      layerSparsity: [...(derived?.layerSparsity ?? new Map<string, number>())],
      simulated,
      real,
    };
  } finally {
    if (derived) disposeModel(derived.model);
  }
}
