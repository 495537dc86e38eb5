/**
 * Sweeps in one go: accuracy vs magnitude sparsity (0 → 95%), vs weight bits (16 → 2), and the per-layer
 * sensitivity analysis of Distiller (each prunable layer pruned alone at rising sparsity). Every point is
 * a variant derived from the baseline and evaluated on the whole test split; none is fine-tuned.
 */
import type * as tf from "@tensorflow/tfjs";
import { describeCompression, type CompressionSpec } from "../../config/compression.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { disposeModel } from "../model/buildModel.ts";
import type { Shape } from "../model/inferShapes.ts";
import { CancelledError } from "../train/trainControl.ts";
import { evaluateModel } from "../train/trainLoopEvaluate.ts";
import { measureSizes } from "./measure.ts";
import type { SensitivityPoint, SweepPoint, SweepResult } from "./report.ts";
import { packInputs, weightInfos } from "./modelWeights.ts";
import { deriveVariant, isPrunable, kernelSparsityOf } from "./variants.ts";

export const SWEEP_SPARSITIES = [0.25, 0.5, 0.7, 0.8, 0.9, 0.95] as const;
export const SWEEP_BITS = [16, 8, 4, 2] as const;
export const SENSITIVITY_SPARSITIES = [0.5, 0.8, 0.95] as const;

export interface SweepInputs {
  baseline: tf.LayersModel;
  config: ExperimentConfig;
  /** The form's settings: the sparsity sweep keeps its scope, biases and head options; the bits sweep its granularity. */
  spec: CompressionSpec;
  inputShape: Shape;
  numClasses: number;
  test: DatasetSplit;
  baselineAccuracy: number;
  isCancelled: () => boolean;
  onProgress: (done: number, total: number, label: string) => void;
  /**
   * Called before each point (after its progress), with the number of points done; the sweep waits for it.
   * Tests use it to hold a sweep at a known point and cancel it there, whatever the machine's speed.
   */
  beforePoint?: (done: number) => Promise<void>;
}

/** The specs a sweep evaluates, in order. */
export function sweepPlan(spec: CompressionSpec, prunableWeights: string[]) {
  const noQuant = { ...spec.quantization, enabled: false };
  const magnitude = (sparsity: number): CompressionSpec => ({
    pruning: { ...spec.pruning, enabled: true, method: "magnitude", sparsity, schedule: "one-shot", fineTuneEpochs: 0 },
    quantization: noQuant,
  });
  const sparsity = SWEEP_SPARSITIES.map(magnitude);
  const bits = SWEEP_BITS.map((b): CompressionSpec => ({
    pruning: { ...spec.pruning, enabled: false },
    quantization: { ...spec.quantization, enabled: true, weightBits: b, activations: false, qatEpochs: 0 },
  }));
  const sensitivity = prunableWeights.flatMap((layer) =>
    SENSITIVITY_SPARSITIES.map((s) => ({ layer, sparsity: s, spec: magnitude(s) })),
  );
  return { sparsity, bits, sensitivity };
}

/** Runs the sweep; on cancel returns what was measured so far with `cancelled` set. */
export async function runSweep(inputs: SweepInputs): Promise<Omit<SweepResult, "backend">> {
  const { baseline, config, spec, inputShape, numClasses, test, isCancelled, onProgress, beforePoint } = inputs;
  const infos = weightInfos(baseline);
  const prunable = infos
    .filter((info) => info.role === "kernel" && isPrunable(info, { ...spec.pruning, includeBiases: false }))
    .map((info) => info.name);
  const plan = sweepPlan(spec, prunable);
  const total = plan.sparsity.length + plan.bits.length + plan.sensitivity.length;
  const result: Omit<SweepResult, "backend"> = {
    baselineAccuracy: inputs.baselineAccuracy,
    testCount: test.count,
    sparsity: [],
    bits: [],
    sensitivity: [],
    cancelled: false,
    plannedPoints: total,
  };
  let done = 0;
  const evaluate = async (variantSpec: CompressionSpec, onlyWeight?: string) => {
    if (isCancelled()) throw new CancelledError();
    const label = onlyWeight
      ? `${onlyWeight} at ${Math.round(variantSpec.pruning.sparsity * 100)}%`
      : describeCompression(variantSpec);
    onProgress(done, total, label);
    await beforePoint?.(done);
    if (isCancelled()) throw new CancelledError();
    const derived = await deriveVariant(baseline, config, variantSpec, inputShape, numClasses, { onlyWeight });
    try {
      const evaluation = await evaluateModel(derived.model, test, numClasses, 500, isCancelled);
      const variantInfos = weightInfos(derived.model);
      const sizes = await measureSizes(packInputs(variantInfos, derived.masked, variantSpec), derived.masked);
      done++;
      const bits = variantSpec.quantization.enabled ? variantSpec.quantization.weightBits : 32;
      return {
        label,
        spec: variantSpec,
        accuracy: evaluation.accuracy,
        kernelSparsity: kernelSparsityOf(
          variantInfos,
          derived.masked,
          variantSpec.pruning.enabled && variantSpec.pruning.includeHead,
        ),
        weightBits: bits,
        packedBytes: sizes.packedBytes,
        packedGzipBytes: sizes.packedGzipBytes,
      } satisfies SweepPoint;
    } finally {
      disposeModel(derived.model);
    }
  };
  try {
    for (const s of plan.sparsity) result.sparsity.push(await evaluate(s));
    for (const s of plan.bits) result.bits.push(await evaluate(s));
    for (const { layer, sparsity, spec: s } of plan.sensitivity) {
      const point = await evaluate(s, layer);
      result.sensitivity.push({ layer, sparsity, accuracy: point.accuracy } satisfies SensitivityPoint);
    }
    onProgress(total, total, "done");
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    result.cancelled = true;
  }
  return result;
}
