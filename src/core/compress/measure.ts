/**
 * Measurements of a variant: latency (flushed, warmed up, many runs, percentiles), simulated 8-bit
 * activations (calibrated min/max per layer output), and sizes from bytes actually produced.
 */
import * as tf from "@tensorflow/tfjs";
import type { DatasetSplit } from "../data/datasetFormat.ts";
import { makeBatch } from "../data/batches.ts";
import { gzipSize, packWeights, type PackInput } from "./packFormat.ts";
import { timeRuns, type LatencyOptions, type LatencyStats } from "./timing.ts";

export { quantile, type LatencyOptions, type LatencyStats } from "./timing.ts";

/**
 * Times `predict` on a fixed random batch: the first run apart, then `warmupRuns` untimed, then
 * `timedRuns` timed; every run waits for its output's data (await data()), so queued GPU work is counted.
 */
export async function measureLatency(
  model: tf.LayersModel,
  inputShape: readonly number[],
  batch: number,
  options: LatencyOptions = {},
): Promise<LatencyStats> {
  const x = tf.randomUniform([batch, ...inputShape], 0, 1, "float32", 7);
  const run = async () => {
    const start = performance.now();
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
    return performance.now() - start;
  };
  try {
    return await timeRuns(batch, run, options);
  } finally {
    x.dispose();
  }
}

/** The layers that compute (a Sequential built with an explicit input layer lists it first). */
export function computeLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() !== "InputLayer");
}

/** Min and max of each layer's output over calibration images (8-bit activation ranges, as TFLite calibrates). */
export async function calibrateActivations(
  model: tf.LayersModel,
  split: DatasetSplit,
  count: number,
  numClasses: number,
): Promise<Array<[number, number]>> {
  const order = Int32Array.from({ length: Math.min(count, split.count) }, (_, i) => i);
  const { xs, ys } = makeBatch(split, order, 0, order.length, numClasses);
  try {
    const ranges = tf.tidy(() => {
      let x: tf.Tensor = xs;
      const out: tf.Tensor[] = [];
      for (const layer of computeLayers(model)) {
        x = layer.apply(x) as tf.Tensor;
        out.push(tf.stack([x.min(), x.max()]));
      }
      return tf.stack(out);
    });
    const values = await ranges.data();
    ranges.dispose();
    return computeLayers(model).map((_, i) => [Math.min(0, values[2 * i]), Math.max(0, values[2 * i + 1])]);
  } finally {
    tf.dispose([xs, ys]);
  }
}

/** Uniform 8-bit fake quantization of a tensor to [min, max] (256 levels, 0 exact). */
function fakeQuantAct(x: tf.Tensor, min: number, max: number): tf.Tensor {
  const scale = max > min ? (max - min) / 255 : 1;
  const zero = Math.round(-min / scale);
  return tf.tidy(() => x.div(scale).round().add(zero).clipByValue(0, 255).sub(zero).mul(scale));
}

/** Forward pass with every layer's output fake-quantized to 8 bits (the softmax head's output is left as is). */
export function predictWithInt8Activations(
  model: tf.LayersModel,
  xs: tf.Tensor,
  ranges: Array<[number, number]>,
): tf.Tensor {
  return tf.tidy(() => {
    let x = xs;
    const layers = computeLayers(model);
    layers.forEach((layer, i) => {
      x = layer.apply(x, { training: false }) as tf.Tensor;
      if (i < layers.length - 1) x = fakeQuantAct(x, ranges[i][0], ranges[i][1]);
    });
    return x;
  });
}

/**
 * Every computing layer's output for `xs`, in order (the last is the softmax head's), each fake-quantized to 8 bits
 * when `ranges` are given, as predictWithInt8Activations computes them. The caller owns the tensors.
 */
export function layerOutputs(
  model: tf.LayersModel,
  xs: tf.Tensor,
  ranges: Array<[number, number]> | null,
): tf.Tensor[] {
  const layers = computeLayers(model);
  const outputs: tf.Tensor[] = [];
  let x = xs;
  layers.forEach((layer, i) => {
    x = tf.tidy(() => {
      const y = layer.apply(x, { training: false }) as tf.Tensor;
      return ranges && i < layers.length - 1 ? fakeQuantAct(y, ranges[i][0], ranges[i][1]) : y;
    });
    outputs.push(x);
  });
  return outputs;
}

export interface SizeStats {
  /** Every weight as float32, concatenated (what tfjs's weights.bin holds). */
  float32Bytes: number;
  float32GzipBytes: number;
  /** Our packed format (sparse and/or low-bit, with scales). */
  packedBytes: number;
  packedGzipBytes: number;
}

/** Sizes from bytes actually produced: float32 concatenation, packed format, and gzip of each. */
export async function measureSizes(inputs: PackInput[], float32Values: Float32Array[]): Promise<SizeStats> {
  const total = float32Values.reduce((n, v) => n + v.length, 0);
  const f32 = new Float32Array(total);
  let o = 0;
  for (const v of float32Values) {
    f32.set(v, o);
    o += v.length;
  }
  const f32Bytes = new Uint8Array(f32.buffer);
  const packed = packWeights(inputs);
  return {
    float32Bytes: f32Bytes.length,
    float32GzipBytes: await gzipSize(f32Bytes),
    packedBytes: packed.length,
    packedGzipBytes: await gzipSize(packed),
  };
}
