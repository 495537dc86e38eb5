/**
 * Quantization-aware training: the forward pass sees fake-quantized weights (and, when asked, 8-bit
 * activations); the backward pass is the straight-through estimator (Bengio et al. 2013; TF-MOT's QAT):
 * the gradient of the rounding is taken as 1 inside the quantization range and 0 outside, written with
 * tf.customGrad. The float weights are what the optimizer updates.
 */
import * as tf from "@tensorflow/tfjs";
import type { WeightFormat } from "../../config/compression.ts";

/** Fake-quantizes `x` to `levels + 1` uniform levels on [min, max] (0 exact); the gradient passes straight through inside the range. */
export function steFakeQuantRange(x: tf.Tensor, min: number, max: number, levels = 255): tf.Tensor {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const scale = hi > lo ? (hi - lo) / levels : 1;
  const zero = Math.round(-lo / scale);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    const value = tf.tidy(() => input.div(scale).round().add(zero).clipByValue(0, levels).sub(zero).mul(scale));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [kept] = saved;
        return dy.mul(tf.logicalAnd(kept.greaterEqual(lo), kept.lessEqual(hi)).cast("float32"));
      },
    };
  });
  return op(x);
}

/** Weight fake-quant as tensor ops, matching quantize.ts: per-tensor affine or per-channel symmetric. */
function fakeQuantWeightOps(w: tf.Tensor, format: WeightFormat, channels: number): tf.Tensor {
  if (format.kind !== "int") return w; // float16 rounding is below float32 training noise: trained as float
  const bits = format.bits;
  if (format.granularity === "per-tensor") {
    const levels = 2 ** bits - 1;
    const lo = tf.minimum(w.min(), 0);
    const hi = tf.maximum(w.max(), 0);
    const span = hi.sub(lo);
    const scale = tf.where(span.greater(0), span.div(levels), tf.onesLike(span));
    const zero = lo.neg().div(scale).round().clipByValue(0, levels);
    return w.div(scale).round().add(zero).clipByValue(0, levels).sub(zero).mul(scale);
  }
  const qmax = 2 ** (bits - 1) - 1;
  const flat = w.reshape([-1, channels]);
  const absMax = flat.abs().max(0);
  const scale = tf.where(absMax.greater(0), absMax.div(qmax), tf.onesLike(absMax));
  return flat.div(scale).round().clipByValue(-qmax, qmax).mul(scale).reshape(w.shape);
}

/** `fakeQuantWeightOps` with a straight-through gradient (the identity: every weight lies inside its range). */
export function steFakeQuantWeight(w: tf.Tensor, format: WeightFormat, channels: number): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.tidy(() => fakeQuantWeightOps(args[0] as tf.Tensor, format, channels)),
    gradFunc: (dy: tf.Tensor) => dy,
  }));
  return op(w);
}

interface Readable {
  read(): tf.Tensor;
}

/**
 * A train step (for runTraining) with fake-quant in the forward pass: every weight whose format is an
 * integer one is read through steFakeQuantWeight, and with `activationRanges` every layer's output but the
 * last is fake-quantized to 8 bits. Formats and channels are per weight, in model.weights order.
 */
export function qatTrainStep(
  model: tf.LayersModel,
  formats: WeightFormat[],
  channels: number[],
  activationRanges: Array<[number, number]> | null,
) {
  return (m: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor2D): [tf.Scalar, tf.Scalar] => {
    if (m !== model) throw new Error("qatTrainStep: built for another model");
    const optimizer = model.optimizer as tf.Optimizer;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    // layers read their weights with variable.read(): route those reads through the fake-quant for this step
    const patched = model.weights.map((w, i) => {
      if (formats[i].kind !== "int") return null;
      const lv = w as unknown as Readable;
      const original = lv.read.bind(lv);
      lv.read = () => steFakeQuantWeight(original(), formats[i], channels[i]);
      return lv;
    });
    try {
      let accuracy: tf.Scalar | null = null;
      const loss = optimizer.minimize(
        () => {
          const layers = model.layers.filter((layer) => layer.getClassName() !== "InputLayer");
          let x: tf.Tensor = xs;
          layers.forEach((layer, i) => {
            x = layer.apply(x, { training: true }) as tf.Tensor;
            if (activationRanges && i < layers.length - 1)
              x = steFakeQuantRange(x, activationRanges[i][0], activationRanges[i][1]);
          });
          const probs = x as tf.Tensor2D;
          accuracy = tf.keep(tf.metrics.categoricalAccuracy(ys, probs).mean() as tf.Scalar);
          return tf.metrics.categoricalCrossentropy(ys, probs).mean() as tf.Scalar;
        },
        true,
        variables,
      ) as tf.Scalar;
      return [loss, accuracy!];
    } finally {
      for (const lv of patched) if (lv) delete (lv as Partial<Readable>).read; // back to the prototype's read
    }
  };
}
