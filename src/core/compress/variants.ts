/**
 * Derives a compressed variant from a trained baseline without touching it: prune (magnitude or filters),
 * optionally fine-tune with masks re-applied after every step, then fake-quantize the weights. The
 * variant is a separate model; the caller owns it. Reading and writing its weights is modelWeights.ts.
 */
import * as tf from "@tensorflow/tfjs";
import {
  filterFraction,
  magnitudePruning,
  pruningFineTuneEpochs,
  qatEpochs,
  type CompressionSpec,
  type PruningSpec,
} from "../../config/compression.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import type { Shape } from "../model/inferShapes.ts";
import type { Rng } from "../random.ts";
import type { TrainControl } from "../train/trainControl.ts";
import { runTraining } from "../train/trainLoop.ts";
import type { BatchMetrics, TrainProgress } from "../train/metrics.ts";
import { buildPrunedModel, planFilterPruning } from "./filterPruning.ts";
import { cloneModel, formatOf, readWeights, weightInfos, writeWeights, type WeightInfo } from "./modelWeights.ts";
import { magnitudeMasks, polynomialSparsity } from "./pruning.ts";
import { qatTrainStep } from "./qat.ts";
import { fakeQuantize } from "./quantize.ts";

/** Whether magnitude pruning touches this weight under the spec (and, when given, is the one weight pruned). */
export function isPrunable(info: WeightInfo, spec: PruningSpec, onlyWeight?: string): boolean {
  if (info.role === "norm") return false;
  if (onlyWeight !== undefined) return info.name === onlyWeight;
  if (info.head && !spec.includeHead) return false;
  return info.role === "kernel" || spec.includeBiases;
}

export interface FineTune {
  data: { train: DatasetSplit; validation: DatasetSplit };
  batchSize: number;
  numClasses: number;
  rng: Rng;
  control: TrainControl;
  onBatches?: (batches: BatchMetrics[], progress: TrainProgress) => void;
  /** Progress of the quantization-aware epochs (defaults to onBatches). */
  onQatBatches?: (batches: BatchMetrics[], progress: TrainProgress) => void;
}

/** Result of deriving a variant: the model (owned by the caller), its config and its pre-quantization weights. */
export interface DerivedVariant {
  model: tf.Sequential;
  config: ExperimentConfig;
  /** Weights after pruning (and fine-tuning), before quantization: what the packed format quantizes. */
  masked: Float32Array[];
  /** Fraction of zeros over the prunable tensors, per weight name (only prunable ones). */
  layerSparsity: Map<string, number>;
}

function magnitudeMasksFor(
  infos: WeightInfo[],
  values: Float32Array[],
  spec: PruningSpec,
  sparsity: number,
  onlyWeight?: string,
): (Uint8Array | null)[] {
  const idx = infos.map((info, i) => (isPrunable(info, spec, onlyWeight) ? i : -1)).filter((i) => i >= 0);
  const masks = magnitudeMasks(
    idx.map((i) => ({ values: values[i] })),
    sparsity,
    spec.scope,
  );
  const out: (Uint8Array | null)[] = infos.map(() => null);
  idx.forEach((i, j) => {
    out[i] = masks[j];
  });
  return out;
}

/** Options of deriveVariant beyond the spec. */
export interface DeriveOptions {
  /** Required when the spec asks for fine-tuning or quantization-aware epochs. */
  fineTune?: FineTune;
  /** Prune only this weight ("layer/kernel"): the per-layer sensitivity sweep. */
  onlyWeight?: string;
  /** 8-bit activation ranges per computing layer, for quantization-aware training with int8 activations. */
  activationRanges?: Array<[number, number]>;
}

/**
 * Derives the variant: pruning (with fine-tuning when asked), quantization-aware fine-tuning when asked
 * (masks still re-applied after every step), then weight fake-quantization.
 */
export async function deriveVariant(
  baseline: tf.LayersModel,
  config: ExperimentConfig,
  spec: CompressionSpec,
  inputShape: Shape,
  numClasses: number,
  options: DeriveOptions = {},
): Promise<DerivedVariant> {
  const magnitude = magnitudePruning(spec);
  const fraction = filterFraction(spec);
  let model: tf.Sequential;
  let variantConfig = config;
  if (fraction !== null) {
    const plan = planFilterPruning(baseline, config, fraction);
    ({ model, config: variantConfig } = buildPrunedModel(baseline, config, plan, inputShape, numClasses));
  } else {
    model = await cloneModel(baseline, config, inputShape, numClasses);
  }
  const infos = weightInfos(model);
  let masks: (tf.Tensor | null)[] = infos.map(() => null);
  /** Recomputes the masks for `sparsity` from the current weights (host), or re-applies them on the device. */
  const applyMasks = async (sparsity: number, recompute: boolean) => {
    if (!magnitude) return;
    if (recompute) {
      const host = magnitudeMasksFor(infos, await readWeights(model), magnitude, sparsity, options.onlyWeight);
      tf.dispose(masks.filter((m): m is tf.Tensor => m !== null));
      masks = host.map((m, i) => (m ? tf.tensor(Float32Array.from(m), infos[i].shape) : null));
    }
    model.weights.forEach((w, i) => {
      const mask = masks[i];
      if (!mask) return;
      const next = tf.tidy(() => tf.mul(w.read(), mask));
      w.write(next); // assigns into the variable; `next` is ours to free
      next.dispose();
    });
  };
  try {
    const epochs = pruningFineTuneEpochs(spec);
    if (magnitude && (magnitude.schedule === "one-shot" || epochs === 0)) await applyMasks(magnitude.sparsity, true);
    const fineTune = options.fineTune;
    if (epochs > 0) {
      if (!fineTune) throw new Error("deriveVariant: fine-tuning needs data");
      const steps = epochs * Math.ceil(fineTune.data.train.count / fineTune.batchSize);
      const schedule = {
        initialSparsity: 0,
        finalSparsity: magnitude?.sparsity ?? 0,
        beginStep: 0,
        endStep: Math.max(1, Math.floor(steps * 0.8)),
        power: 3,
        frequency: Math.max(1, Math.floor(steps / 20)),
      };
      let lastSparsity = -1;
      await runTraining(
        model,
        fineTune.data,
        {
          epochs,
          batchSize: fineTune.batchSize,
          numClasses,
          rng: fineTune.rng,
          afterStep: magnitude
            ? async (step) => {
                // masks re-applied after every optimizer step, so pruned weights stay zero
                const target =
                  magnitude.schedule === "polynomial" ? polynomialSparsity(step + 1, schedule) : magnitude.sparsity;
                await applyMasks(target, target !== lastSparsity);
                lastSparsity = target;
              }
            : undefined,
        },
        { onBatches: fineTune.onBatches ?? (() => {}), onEpoch: () => {} },
        fineTune.control,
      );
      if (magnitude) await applyMasks(magnitude.sparsity, magnitude.schedule === "polynomial");
    }
    const qat = qatEpochs(spec);
    if (qat > 0) {
      if (!fineTune) throw new Error("deriveVariant: quantization-aware training needs data");
      await runTraining(
        model,
        fineTune.data,
        {
          epochs: qat,
          batchSize: fineTune.batchSize,
          numClasses,
          rng: fineTune.rng,
          trainStep: qatTrainStep(
            model,
            infos.map((info) => formatOf(info, spec)),
            infos.map((info) => info.channels),
            options.activationRanges ?? null,
          ),
          afterStep: magnitude ? () => applyMasks(magnitude.sparsity, false) : undefined,
        },
        { onBatches: fineTune.onQatBatches ?? fineTune.onBatches ?? (() => {}), onEpoch: () => {} },
        fineTune.control,
      );
    }
  } finally {
    tf.dispose(masks.filter((m): m is tf.Tensor => m !== null));
  }
  const masked = await readWeights(model);
  writeWeights(
    model,
    masked.map((v, i) => fakeQuantize(v, formatOf(infos[i], spec), infos[i].channels)),
  );
  const layerSparsity = new Map<string, number>();
  infos.forEach((info, i) => {
    if (info.role !== "kernel") return;
    layerSparsity.set(info.name, masked[i].reduce((n, v) => n + (v === 0 ? 1 : 0), 0) / Math.max(1, masked[i].length));
  });
  return { model, config: variantConfig, masked, layerSparsity };
}

/** Zeros over the kernel weights (0–1); the classifier head's only when it may be pruned. */
export function kernelSparsityOf(infos: WeightInfo[], values: Float32Array[], includeHead: boolean): number {
  let zeros = 0;
  let total = 0;
  infos.forEach((info, i) => {
    if (info.role !== "kernel" || (info.head && !includeHead)) return;
    total += values[i].length;
    for (const v of values[i]) if (v === 0) zeros++;
  });
  return total ? zeros / total : 0;
}
