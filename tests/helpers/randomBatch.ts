// Small random training batches and a model factory for the Node tests of the train step (wasm backend).
import * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../../src/config/schema.ts";
import { createRng } from "../../src/core/random.ts";
import { buildModel, disposeModel } from "../../src/core/model/buildModel.ts";

/** `count` random side×side grey images (0–1) and one-hot labels over 10 classes, from `seed`. */
export function randomBatch(count: number, seed: number, side = 12): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const rng = createRng(seed);
  const xs = tf.tensor4d(
    Float32Array.from({ length: count * side * side }, () => rng.next()),
    [count, side, side, 1],
  );
  const labels = Int32Array.from({ length: count }, () => Math.floor(rng.next() * 10));
  return { xs, ys: tf.oneHot(labels, 10).toFloat() as tf.Tensor2D };
}

/** Builds models of `config` on 12×12×1 inputs and 10 classes; `disposeAll` (for afterEach) lets go of them. */
export function modelFactory(config: ExperimentConfig): { model: () => tf.LayersModel; disposeAll: () => void } {
  const models: tf.LayersModel[] = [];
  return {
    model: () => {
      const m = buildModel(config, [12, 12, 1], 10);
      models.push(m);
      return m;
    },
    disposeAll: () => models.splice(0).forEach(disposeModel),
  };
}
