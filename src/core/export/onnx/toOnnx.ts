// A trained model as an ONNX file: the input is what the page feeds the model (float32, N×H×W×C, pixels in [0, 1],
// named "input"), the output the class probabilities (named "probabilities"). Each layer kind writes its own nodes
// (its module's `onnx` rule); inside, the graph runs NCHW, ONNX's layout.
import type { WeightFormat } from "../../../config/compression.ts";
import type { ExperimentConfig } from "../../../config/schema.ts";
import { specOf } from "../../../layers/registry.ts";
import { inferShapes, type LayerStats, type Shape } from "../../model/inferShapes.ts";
import { OnnxGraphWriter } from "./onnxGraph.ts";

/** The weights of a model, in tfjs's order and layout: per stack layer, then the softmax head's kernel and bias. */
export interface OnnxWeights {
  layers: Float32Array[][];
  head: [Float32Array, Float32Array];
}

export interface OnnxModelInput {
  config: ExperimentConfig;
  inputShape: Shape;
  numClasses: number;
  weights: OnnxWeights;
  /** What the file is (shown by Netron and ONNX Runtime's metadata): e.g. the experiment's link. */
  docString: string;
  /** How kernels and biases are stored (default float32); weights are given before quantization. */
  format?: WeightFormat;
  /**
   * Calibrated [min, max] of each stack layer's output: the graph becomes W8A8 (uint8 activations, the int8
   * `format`'s kernels, int32 biases) in the QDQ layout ONNX Runtime runs on integer kernels.
   */
  activationRanges?: ReadonlyArray<readonly [number, number]>;
}

/**
 * Where a W8A8 graph starts running on integer kernels: at the first convolution or dense layer with more than one
 * input channel. ONNX Runtime's int8 convolution is slower than its float32 one on a single input channel (the
 * grayscale image: 38 ms against 8 ms for the Seed CNN's first convolution at batch 256), and its uint8 pooling in
 * NCHW slower still, so the layers before that point run on float kernels (their weights still stored in the file's
 * format, dequantized when the session loads) and the activations are quantized from there on.
 */
export function firstIntegerLayer(layers: readonly LayerStats[], inputShape: Shape): number {
  const i = layers.findIndex((l, j) => {
    const input = j === 0 ? inputShape : layers[j - 1].outputShape;
    return l.macs > 0 && input[input.length - 1] > 1;
  });
  return i === -1 ? layers.length : i;
}

/**
 * The layers a W8A8 graph of this stack runs on float32 kernels (see firstIntegerLayer), as the page names them:
 * "layers 1–2 (Conv2D, MaxPool2D)", or "" when every layer runs on integer kernels.
 */
export function floatLayersText(layers: readonly LayerStats[], inputShape: Shape): string {
  const labels = layers.slice(0, firstIntegerLayer(layers, inputShape)).map((l) => l.label);
  if (labels.length === 0) return "";
  return `${labels.length === 1 ? "layer 1" : `layers 1–${labels.length}`} (${labels.join(", ")})`;
}

/** The ONNX model's bytes; throws with the layer's name when the stack cannot be written. */
export function toOnnx(model: OnnxModelInput): Uint8Array {
  const { config, inputShape, numClasses, weights, docString, format, activationRanges: ranges } = model;
  const stats = inferShapes(config.layers, inputShape, numClasses);
  if (stats.error && stats.error.layerIndex >= 0)
    throw new Error(`Cannot export layer ${stats.error.layerIndex + 1} as ONNX: ${stats.error.message}`);
  if (weights.layers.length !== config.layers.length)
    throw new Error(`ONNX export: ${weights.layers.length} weight groups for ${config.layers.length} layers`);
  if (ranges && ranges.length !== config.layers.length)
    throw new Error(`ONNX export: ${ranges.length} activation ranges for ${config.layers.length} layers`);
  const g = new OnnxGraphWriter(format, ranges !== undefined);
  const from = ranges ? firstIntegerLayer(stats.layers, inputShape) : Infinity;
  let x = g.node("Transpose", ["input"], { perm: [0, 3, 1, 2] }); // NHWC → NCHW
  if (from === 0) x = g.quantizeActivation(x, [0, 1]); // pixels in [0, 1]: 1/255 steps, exact for the datasets' bytes
  let shape: Shape = inputShape;
  config.layers.forEach((layer, i) => {
    const before = x;
    g.foldsRelu = i >= from; // a float layer keeps its Relu: no quantization after it clamps
    x = specOf(layer).onnx(layer, g, { x, input: shape, weights: weights.layers[i] });
    if (ranges && i === from - 1) {
      // a Relu in front of a zero-point-0 quantization changes nothing, but keeps ONNX Runtime from moving the
      // quantization up through the float MaxPool before it (its uint8 NCHW pooling is ~6× slower than float32)
      if (ranges[i][0] >= 0) x = g.node("Relu", [x]);
      x = g.quantizeActivation(x, ranges[i]);
    } else if (ranges && i >= from && x !== before) x = g.quantizeActivation(x, ranges[i]);
    shape = stats.layers[i].outputShape;
  });
  const [kernel, bias] = weights.head;
  const logits = g.node("Gemm", [
    x,
    g.weight(kernel, [shape[0], numClasses], { kernelAxis: 1 }),
    g.weight(bias, [numClasses], "bias"),
  ]);
  g.rename(g.node("Softmax", [logits], { axis: 1 }), "probabilities");
  return g.encode({
    input: { name: "input", dims: inputShape },
    output: { name: "probabilities", dims: [numClasses] },
    docString,
  });
}
