// A model's weights on the host: what each one is (WeightInfo), reading and writing them, and how each is stored.
import * as tf from "@tensorflow/tfjs";
import { weightFormat, type CompressionSpec, type WeightFormat } from "../../config/compression.ts";
import type { ExperimentConfig } from "../../config/schema.ts";
import { buildModel } from "../model/buildModel.ts";
import type { Shape } from "../model/inferShapes.ts";
import type { PackInput } from "./packFormat.ts";

/** One weight tensor of a model, with what compression may do to it. */
export interface WeightInfo {
  /** "layerName/weightName", e.g. "layer1_conv2d/kernel". */
  name: string;
  layerName: string;
  shape: number[];
  role: "kernel" | "bias" | "norm";
  /** The softmax classifier head. */
  head: boolean;
  /** Channels for per-channel scales: the last axis, or in×multiplier for depthwise kernels. */
  channels: number;
}

/**
 * Every weight of a model in getWeights() order. That is tfjs's `model.weights`: all trainable weights first,
 * then the non-trainable ones (batch norm's moving mean and variance), not layer by layer.
 */
export function weightInfos(model: tf.LayersModel): WeightInfo[] {
  const owner = new Map<tf.LayerVariable, string>();
  for (const layer of model.layers) for (const w of layer.weights) owner.set(w, layer.name);
  return model.weights.map((w) => {
    const layerName = owner.get(w) ?? w.originalName.split("/")[0];
    const short = w.originalName.split("/").pop() ?? w.originalName;
    const role = /kernel$/.test(short) ? "kernel" : short === "bias" ? "bias" : "norm";
    const shape = w.shape as number[];
    const channels = short === "depthwise_kernel" ? shape[2] * shape[3] : shape[shape.length - 1];
    return {
      name: `${layerName}/${short}`,
      layerName,
      shape,
      role,
      head: layerName === "output",
      channels,
    } satisfies WeightInfo;
  });
}

/** Float values of every weight (one read-back each). */
export async function readWeights(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

/** Sets every weight from host arrays. */
export function writeWeights(model: tf.LayersModel, values: Float32Array[]): void {
  const infos = weightInfos(model);
  const tensors = values.map((v, i) => tf.tensor(v, infos[i].shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** Copy of a model with the same config (and optimizer kind): fresh variables, same weights. */
export async function cloneModel(
  model: tf.LayersModel,
  config: ExperimentConfig,
  inputShape: Shape,
  numClasses: number,
): Promise<tf.Sequential> {
  const copy = buildModel(config, inputShape, numClasses);
  writeWeights(copy, await readWeights(model));
  return copy;
}

/** Weight formats per tensor: norms stay float32 (TFLite folds them into the conv); the rest take the spec's. */
export function formatOf(info: WeightInfo, spec: CompressionSpec): WeightFormat {
  return info.role === "norm" ? { kind: "float32" } : weightFormat(spec);
}

/** Inputs of packWeights for a model's current (masked, not yet quantized) weights. */
export function packInputs(infos: WeightInfo[], values: Float32Array[], spec: CompressionSpec): PackInput[] {
  return infos.map((info, i) => ({
    name: info.name,
    shape: info.shape,
    values: values[i],
    format: formatOf(info, spec),
    channels: info.channels,
  }));
}
