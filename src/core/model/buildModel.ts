import * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { specOf } from "../../layers/registry.ts";
import type { Shape } from "./inferShapes.ts";

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** The tf layers of one config layer (its kind's module builds them), named after its position. */
function buildLayer(layer: LayerConfig, index: number, seed: number): tf.layers.Layer[] {
  return specOf(layer).build(tf, layer, `layer${index + 1}_${layer.kind}`, seed);
}

/** The optimizer named in the config; momentum is SGD with momentum 0.9. */
export function createOptimizer(config: Pick<ExperimentConfig, "optimizer" | "learningRate">): tf.Optimizer {
  switch (config.optimizer) {
    case "sgd":
      return tf.train.sgd(config.learningRate);
    case "momentum":
      return tf.train.momentum(config.learningRate, 0.9);
    case "adam":
      return tf.train.adam(config.learningRate);
    case "rmsprop":
      return tf.train.rmsprop(config.learningRate);
  }
}

/**
 * Builds and compiles the model: the config's layers, then Dense(numClasses, softmax).
 * Same config and seed give the same initial weights. The caller owns the model and its optimizer.
 */
export function buildModel(config: ExperimentConfig, inputShape: Shape, numClasses: number): tf.Sequential {
  const model = tf.sequential({ name: "playground" });
  model.add(tf.layers.inputLayer({ inputShape: [...inputShape] }));
  config.layers.forEach((layer: LayerConfig, i) => {
    for (const tfLayer of buildLayer(layer, i, config.seed + 1000 * (i + 1))) model.add(tfLayer);
  });
  model.add(
    tf.layers.dense({
      name: "output",
      units: numClasses,
      activation: "softmax",
      kernelInitializer: init(config.seed + 1000 * (config.layers.length + 1)),
    }),
  );
  model.compile({ optimizer: createOptimizer(config), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

/** Disposes a model and its optimizer's slot variables (model.dispose() alone leaves Adam's moments). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  optimizer?.dispose();
}
