// A trained model as an ONNX file: the input is what the page feeds the model (float32, N×H×W×C, pixels in [0, 1],
// named "input"), the output the class probabilities (named "probabilities"). Each layer kind writes its own nodes
// (its module's `onnx` rule); inside, the graph runs NCHW, ONNX's layout.
import type { WeightFormat } from "../../../config/compression.ts";
import type { ExperimentConfig } from "../../../config/schema.ts";
import { specOf } from "../../../layers/registry.ts";
import { inferShapes, type Shape } from "../../model/inferShapes.ts";
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
  let x = g.node("Transpose", ["input"], { perm: [0, 3, 1, 2] }); // NHWC → NCHW
  if (ranges) x = g.quantizeActivation(x, [0, 1]); // pixels in [0, 1]: 1/255 steps, exact for the datasets' bytes
  let shape: Shape = inputShape;
  config.layers.forEach((layer, i) => {
    const before = x;
    x = specOf(layer).onnx(layer, g, { x, input: shape, weights: weights.layers[i] });
    if (ranges && x !== before) x = g.quantizeActivation(x, ranges[i]);
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
