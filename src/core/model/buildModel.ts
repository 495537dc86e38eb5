import * as tf from "@tensorflow/tfjs";
import type { Activation, ExperimentConfig, LayerConfig, LayerKind, LayerOf } from "../../config/schema.ts";
import type { Shape } from "./inferShapes.ts";

type TfLayer = tf.layers.Layer;
type TfActivation = "relu" | "elu" | "tanh" | "sigmoid" | "linear";
/** Builds the tf layers of one config layer; `name` prefixes each, `seed` fixes its initial weights. */
type LayerBuilder<K extends LayerKind> = (layer: LayerOf<K>, name: string, seed: number) => TfLayer[];

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

// tfjs has no "leakyRelu" activation string: leaky layers get a linear kernel plus a LeakyReLU layer.
function withActivation(core: (act: TfActivation) => TfLayer, activation: Activation, name: string): TfLayer[] {
  if (activation !== "leakyRelu") return [core(activation)];
  return [core("linear"), tf.layers.leakyReLU({ alpha: 0.2, name: `${name}_leaky` })];
}

/** One builder per layer kind; the compiler flags a kind without one. */
export const LAYER_BUILDERS: { [K in LayerKind]: LayerBuilder<K> } = {
  conv2d: (l, name, seed) => withActivation((activation) => tf.layers.conv2d({
    name, filters: l.filters, kernelSize: l.kernelSize, strides: l.stride, padding: l.padding, activation,
    kernelInitializer: init(seed),
  }), l.activation, name),
  separableConv2d: (l, name, seed) => withActivation((activation) => tf.layers.separableConv2d({
    name, filters: l.filters, kernelSize: l.kernelSize, strides: l.stride, padding: l.padding, activation,
    depthMultiplier: 1, depthwiseInitializer: init(seed), pointwiseInitializer: init(seed + 1),
  }), l.activation, name),
  maxPool2d: (l, name) => [tf.layers.maxPooling2d({ name, poolSize: l.poolSize, strides: l.stride, padding: l.padding })],
  avgPool2d: (l, name) => [tf.layers.averagePooling2d({ name, poolSize: l.poolSize, strides: l.stride, padding: l.padding })],
  batchNorm: (_l, name) => [tf.layers.batchNormalization({ name })],
  dropout: (l, name, seed) => [tf.layers.dropout({ name, rate: l.rate, seed })],
  flatten: (_l, name) => [tf.layers.flatten({ name })],
  globalAvgPool2d: (_l, name) => [tf.layers.globalAveragePooling2d({ name })],
  dense: (l, name, seed) => withActivation((activation) => tf.layers.dense({
    name, units: l.units, activation, kernelInitializer: init(seed),
  }), l.activation, name),
};

function buildLayer<K extends LayerKind>(layer: LayerOf<K>, index: number, seed: number): TfLayer[] {
  return (LAYER_BUILDERS[layer.kind] as LayerBuilder<K>)(layer, `layer${index + 1}_${layer.kind}`, seed);
}

/** The optimizer named in the config; momentum is SGD with momentum 0.9. */
export function createOptimizer(config: Pick<ExperimentConfig, "optimizer" | "learningRate">): tf.Optimizer {
  switch (config.optimizer) {
    case "sgd": return tf.train.sgd(config.learningRate);
    case "momentum": return tf.train.momentum(config.learningRate, 0.9);
    case "adam": return tf.train.adam(config.learningRate);
    case "rmsprop": return tf.train.rmsprop(config.learningRate);
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
  model.add(tf.layers.dense({
    name: "output", units: numClasses, activation: "softmax",
    kernelInitializer: init(config.seed + 1000 * (config.layers.length + 1)),
  }));
  model.compile({ optimizer: createOptimizer(config), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

/** Disposes a model and its optimizer's slot variables (model.dispose() alone leaves Adam's moments). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  optimizer?.dispose();
}
