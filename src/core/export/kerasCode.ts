// Experiment config → a runnable TensorFlow/Keras training script. Pure: no tfjs, no DOM.

import type { Activation, ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { DATASETS } from "../data/datasets.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";

/** Python source built line by line; `block` indents its body by four spaces. */
export class PythonSource {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Appends lines at the current indentation; "" is a blank line. */
  add(...lines: string[]): this {
    for (const line of lines) this.lines.push(line === "" ? "" : "    ".repeat(this.depth) + line);
    return this;
  }

  /** Appends `header`, then whatever `body` adds, one level deeper. */
  block(header: string, body: () => void): this {
    this.add(header);
    this.depth++;
    body();
    this.depth--;
    return this;
  }

  /** The whole source, newline-terminated. */
  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

/** Shapes the code generators read: per stack layer its input and output, plus the head's input. */
export interface ExportShapes {
  inputShape: Shape;
  numClasses: number;
  /** Input shape of stack layer i; index `layers.length` is the classifier head's input. */
  inputs: Shape[];
  /** Output shape of stack layer i. */
  outputs: Shape[];
  /** Parameters as the playground counts them (batch-norm moving statistics included). */
  totalParams: number;
}

/** Infers every shape of the config's model; throws on a shape error (a limit error still exports). */
export function exportShapes(config: ExperimentConfig): ExportShapes {
  const { inputShape, numClasses } = DATASETS[config.datasetId];
  const stats = inferShapes(config.layers, inputShape, numClasses);
  if (stats.error && stats.error.layerIndex >= 0) {
    throw new Error(`Cannot export layer ${stats.error.layerIndex + 1}: ${stats.error.message}`);
  }
  const outputs = stats.layers.slice(0, config.layers.length).map((s) => s.outputShape);
  return { inputShape, numClasses, inputs: [inputShape, ...outputs], outputs, totalParams: stats.totalParams };
}

/** "26x26x32" for [26, 26, 32], "512" for [512]. */
export function shapeText(shape: Shape): string {
  return shape.join("x");
}

/** 163850 → "163,850", independent of the locale. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Alpha of tfjs's LeakyReLU layer, as buildModel sets it. */
export const LEAKY_RELU_ALPHA = 0.2;

const KERAS_DATASET = { mnist: "mnist", "fashion-mnist": "fashion_mnist" } as const;

// Keras activation argument; leaky layers get a linear kernel plus a LeakyReLU layer, as in buildModel.
const activationArg = (activation: Activation) =>
  activation === "linear" || activation === "leakyRelu" ? "" : `, activation="${activation}"`;

function convExpr(l: Extract<LayerConfig, { kind: "conv2d" | "separableConv2d" }>): string {
  const name = l.kind === "conv2d" ? "Conv2D" : "SeparableConv2D";
  const strides = l.stride === 1 ? "" : `, strides=${l.stride}`;
  const padding = l.padding === "same" ? `, padding="same"` : "";
  return `layers.${name}(${l.filters}, ${l.kernelSize}${strides}${padding}${activationArg(l.activation)})`;
}

/** Keras layer expressions of one config layer (two for a leaky activation). */
function kerasLayers(layer: LayerConfig): string[] {
  switch (layer.kind) {
    case "conv2d":
    case "separableConv2d":
    case "dense": {
      const core = layer.kind === "dense"
        ? `layers.Dense(${layer.units}${activationArg(layer.activation)})`
        : convExpr(layer);
      return layer.activation === "leakyRelu" ? [core, `layers.LeakyReLU(${LEAKY_RELU_ALPHA})`] : [core];
    }
    case "maxPool2d":
    case "avgPool2d": {
      const name = layer.kind === "maxPool2d" ? "MaxPooling2D" : "AveragePooling2D";
      const strides = layer.stride === layer.poolSize ? "" : `, strides=${layer.stride}`;
      const padding = layer.padding === "same" ? `, padding="same"` : "";
      return [`layers.${name}(${layer.poolSize}${strides}${padding})`];
    }
    case "batchNorm":
      return ["layers.BatchNormalization()"]; // momentum 0.99, epsilon 1e-3: the tfjs defaults too
    case "dropout":
      return [`layers.Dropout(${layer.rate})`];
    case "flatten":
      return ["layers.Flatten()"];
    case "globalAvgPool2d":
      return ["layers.GlobalAveragePooling2D()"];
  }
}

/** The Keras optimizer constructor matching buildModel's createOptimizer. */
function kerasOptimizer(config: ExperimentConfig): string {
  const lr = `learning_rate=${config.learningRate}`;
  switch (config.optimizer) {
    case "sgd": return `keras.optimizers.SGD(${lr})`;
    case "momentum": return `keras.optimizers.SGD(${lr}, momentum=0.9)`;
    case "adam": return `keras.optimizers.Adam(${lr}, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`;
    case "rmsprop": return `keras.optimizers.RMSprop(${lr}, rho=0.9, epsilon=1e-7)`;
  }
}

/** A complete TensorFlow/Keras script that builds, trains and tests the config's model. */
export function toKerasCode(config: ExperimentConfig): string {
  const shapes = exportShapes(config);
  const dataset = DATASETS[config.datasetId];
  const [h, w, c] = shapes.inputShape;
  const py = new PythonSource();
  py.add(
    "# Generated by CNN Playground: this experiment as a TensorFlow/Keras script.",
    `# ${config.layers.length} layers + Dense(${shapes.numClasses}, softmax) head on ${dataset.label} (${shapeText(shapes.inputShape)}).`,
    `# The playground counts ${thousands(shapes.totalParams)} parameters; model.summary() should report the same "Total params".`,
    "# Requires: pip install tensorflow",
    "import numpy as np",
    "from tensorflow import keras",
    "from tensorflow.keras import layers",
    "",
    `SEED = ${config.seed}`,
    "keras.utils.set_random_seed(SEED)  # seeds Python, NumPy and TensorFlow",
    "",
    `# ${dataset.label}: uint8 images [n, ${h}, ${w}] -> float32 in [0, 1] with a channel axis [n, ${h}, ${w}, ${c}].`,
    `(x_train, y_train), (x_test, y_test) = keras.datasets.${KERAS_DATASET[config.datasetId]}.load_data()`,
    "x_train = (x_train.astype(\"float32\") / 255.0)[..., np.newaxis]",
    "x_test = (x_test.astype(\"float32\") / 255.0)[..., np.newaxis]",
    "",
  );
  py.block("model = keras.Sequential([", () => {
    py.add(`keras.Input(shape=(${shapes.inputShape.join(", ")})),`);
    config.layers.forEach((layer, i) => {
      for (const expr of kerasLayers(layer)) py.add(`${expr},  # -> ${shapeText(shapes.outputs[i])}`);
    });
    py.add(`layers.Dense(${shapes.numClasses}, activation="softmax"),  # the playground's classifier head`);
  });
  py.add(
    "], name=\"playground\")",
    "model.summary()",
    "",
  );
  py.block("model.compile(", () => {
    py.add(
      `optimizer=${kerasOptimizer(config)},`,
      "loss=\"sparse_categorical_crossentropy\",  # integer labels; the playground one-hot encodes them",
      "metrics=[\"accuracy\"],",
    );
  });
  py.add(")");
  if (config.validationFraction > 0) {
    const percent = `${Number((config.validationFraction * 100).toFixed(2))}%`;
    py.add(`# Keras holds out the last ${percent} of the training set; the playground a seeded random ${percent}.`);
  }
  const validation = config.validationFraction > 0 ? `, validation_split=${config.validationFraction}` : "";
  py.add(
    `model.fit(x_train, y_train, batch_size=${config.batchSize}, epochs=${config.epochs}${validation})`,
    "test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)",
    "print(f\"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}\")",
  );
  return py.toString();
}
