// Experiment config → a runnable TensorFlow/Keras training script. Pure: no tfjs, no DOM.

import type { ExperimentConfig, LayerConfig } from "../../config/schema.ts";
import { customLoaderLines, isCustom } from "./customDataCode.ts";
import { LEAKY_RELU_ALPHA } from "../../layers/kit/fields.ts";
import { specOf } from "../../layers/registry.ts";
import { DATASETS } from "../data/datasets.ts";
import { inferShapes, type Shape } from "../model/inferShapes.ts";
import { formatNumber } from "../../config/layerNotation.ts";
import { trainingDataOf } from "../../config/schema.ts";
import {
  augmentOf,
  classWeightLines,
  exampleChoiceFunction,
  hasDataExperiments,
  l2Coefficient,
  needsExampleChoice,
  scheduleFunction,
} from "./trainingCode.ts";

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

const KERAS_DATASET = { mnist: "mnist", "fashion-mnist": "fashion_mnist" } as const;

/** Keras layer expressions of one config layer (two for a leaky activation: a linear kernel plus LeakyReLU, as in buildModel). */
function kerasLayers(layer: LayerConfig): string[] {
  const core = specOf(layer).keras.code(layer);
  return "activation" in layer && layer.activation === "leakyRelu"
    ? [core, `layers.LeakyReLU(${LEAKY_RELU_ALPHA})`]
    : [core];
}

/** The Keras optimizer constructor matching buildModel's createOptimizer. */
function kerasOptimizer(config: ExperimentConfig): string {
  const lr = `learning_rate=${config.learningRate}`;
  switch (config.optimizer) {
    case "sgd":
      return `keras.optimizers.SGD(${lr})`;
    case "momentum":
      return `keras.optimizers.SGD(${lr}, momentum=0.9)`;
    case "adam":
      return `keras.optimizers.Adam(${lr}, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`;
    case "rmsprop":
      return `keras.optimizers.RMSprop(${lr}, rho=0.9, epsilon=1e-7)`;
  }
}

/** Keras preprocessing layers for the page's augmentation (active in training only), or none. */
function augmentLayers(config: ExperimentConfig): string[] {
  const augment = augmentOf(config);
  if (!augment) return [];
  const [h, w] = DATASETS[config.datasetId].inputShape;
  const f = formatNumber;
  const out = ["# augmentation, training only (the playground shifts by whole pixels, these by any amount up to it)"];
  if (augment.shift > 0)
    out.push(`layers.RandomTranslation(${f(augment.shift)} / ${h}, ${f(augment.shift)} / ${w}, fill_mode="constant"),`);
  if (augment.rotate > 0) out.push(`layers.RandomRotation(${f(augment.rotate)} / 360, fill_mode="constant"),`);
  if (augment.zoom > 0) out.push(`layers.RandomZoom((-${f(augment.zoom)}, ${f(augment.zoom)}), fill_mode="constant"),`);
  return out;
}

/**
 * The page's hold-out and Training data choice, done by hand (Keras' validation_split would hold out the last
 * examples after the choice): x_val/y_val, then the kept training examples and their class weights.
 */
function addDataExperiments(py: PythonSource, config: ExperimentConfig): void {
  py.add(
    "rng = np.random.default_rng(SEED)",
    `n_val = round(len(x_train) * ${config.validationFraction})  # a seeded random hold-out, as in the playground`,
    "order = rng.permutation(len(x_train))",
    "x_val, y_val = x_train[order[:n_val]], y_train[order[:n_val]]",
    "x_train, y_train = x_train[np.sort(order[n_val:])], y_train[np.sort(order[n_val:])]",
  );
  if (needsExampleChoice(config))
    py.add("keep = choose_examples(y_train, rng)", "x_train, y_train = x_train[keep], y_train[keep]");
  py.add("train_labels = y_train", ...classWeightLines(config), "");
}

/** The callback that follows the schedule, batch by batch, or nothing for a constant rate. */
function addScheduleCallback(py: PythonSource, config: ExperimentConfig, manualSplit: boolean): void {
  const bs = config.batchSize;
  py.add(
    manualSplit
      ? `STEPS_PER_EPOCH = math.ceil(len(x_train) / ${bs})`
      : `STEPS_PER_EPOCH = math.ceil(math.ceil(len(x_train) * (1 - ${config.validationFraction})) / ${bs})  # validation_split's part`,
  );
  py.add(`TOTAL_STEPS = ${config.epochs} * STEPS_PER_EPOCH`, "", "");
  py.block("class FollowSchedule(keras.callbacks.Callback):", () => {
    py.add('"""Sets the learning rate before every batch: LEARNING_RATE x lr_multiplier(step)."""', "");
    py.block("def __init__(self):", () => py.add("super().__init__()", "self.step = 0"));
    py.add("");
    py.block("def on_train_batch_begin(self, batch, logs=None):", () =>
      py.add("self.model.optimizer.learning_rate.assign(LEARNING_RATE * lr_multiplier(self.step))", "self.step += 1"),
    );
  });
  py.add("", "");
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
    ...(scheduleFunction(config).length > 0 ? ["import math"] : []),
    "import numpy as np",
    "from tensorflow import keras",
    "from tensorflow.keras import layers",
    "",
    `SEED = ${config.seed}`,
    "keras.utils.set_random_seed(SEED)  # seeds Python, NumPy and TensorFlow",
    "",
  );
  if (isCustom(config)) py.add(...customLoaderLines());
  const grey = c === 1;
  py.add(
    `# ${dataset.label}: uint8 images [n, ${h}, ${w}${grey ? "" : `, ${c}`}] -> float32 in [0, 1]${grey ? ` with a channel axis [n, ${h}, ${w}, ${c}]` : ""}.`,
    isCustom(config)
      ? "(x_train, y_train), (x_test, y_test) = load_your_images()"
      : `(x_train, y_train), (x_test, y_test) = keras.datasets.${KERAS_DATASET[config.datasetId as keyof typeof KERAS_DATASET]}.load_data()`,
    `x_train = (x_train.astype("float32") / 255.0)${grey ? "[..., np.newaxis]" : ""}`,
    `x_test = (x_test.astype("float32") / 255.0)${grey ? "[..., np.newaxis]" : ""}`,
    "",
  );
  const manualSplit = hasDataExperiments(config);
  const scheduled = scheduleFunction(config).length > 0;
  const l2 = (config.l2 ?? 0) > 0;
  const weighted = trainingDataOf(config).imbalance.classWeights;
  if (manualSplit) py.add(`NUM_CLASSES = ${shapes.numClasses}`, ...exampleChoiceFunction(config));
  if (manualSplit) addDataExperiments(py, config);
  py.block("model = keras.Sequential([", () => {
    py.add(`keras.Input(shape=(${shapes.inputShape.join(", ")})),`, ...augmentLayers(config));
    config.layers.forEach((layer, i) => {
      for (const expr of kerasLayers(layer)) py.add(`${expr},  # -> ${shapeText(shapes.outputs[i])}`);
    });
    py.add(`layers.Dense(${shapes.numClasses}, activation="softmax"),  # the playground's classifier head`);
  });
  py.add('], name="playground")');
  if (l2) {
    py.add("", ...l2Coefficient(config), "", "");
    py.block("def with_l2(layer):", () => {
      py.add('"""The layer with the L2 penalty on its kernels (conv, separable and dense), as in the playground."""');
      py.add("config = layer.get_config()");
      py.block('for key in ("kernel_regularizer", "depthwise_regularizer", "pointwise_regularizer"):', () =>
        py.block("if key in config:", () => py.add("config[key] = keras.regularizers.L2(L2)  # L2 x sum of squares")),
      );
      py.add("return layer.__class__.from_config(config)");
    });
    py.add("", "", "model = keras.models.clone_model(model, clone_function=with_l2)");
  }
  py.add("model.summary()", "");
  if (scheduled) {
    py.add(`LEARNING_RATE = ${config.learningRate}`, ...scheduleFunction(config));
    addScheduleCallback(py, config, manualSplit);
  }
  py.block("model.compile(", () => {
    py.add(
      `optimizer=${kerasOptimizer(config)},`,
      'loss="sparse_categorical_crossentropy",  # integer labels; the playground one-hot encodes them',
      'metrics=["accuracy"],',
    );
  });
  py.add(")");
  if (config.validationFraction > 0 && !manualSplit) {
    const percent = `${Number((config.validationFraction * 100).toFixed(2))}%`;
    py.add(`# Keras holds out the last ${percent} of the training set; the playground a seeded random ${percent}.`);
  }
  const validation =
    config.validationFraction <= 0
      ? ""
      : manualSplit
        ? ", validation_data=(x_val, y_val)"
        : `, validation_split=${config.validationFraction}`;
  const extras = [
    ...(weighted ? [", class_weight=dict(enumerate(class_weights))"] : []),
    ...(scheduled ? [", callbacks=[FollowSchedule()]"] : []),
  ].join("");
  py.add(
    `model.fit(x_train, y_train, batch_size=${config.batchSize}, epochs=${config.epochs}${validation}${extras})`,
    "test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)",
    'print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}")',
  );
  return py.toString();
}
