// The weights of a tfjs model grouped as toOnnx reads them (per config layer, then the head).
import type * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../../../config/schema.ts";
import type { OnnxWeights } from "./toOnnx.ts";

/** Reads every layer's weights (the tfjs layer "layerN_kind", and "output" for the head). */
export async function onnxWeightsOf(model: tf.LayersModel, config: ExperimentConfig): Promise<OnnxWeights> {
  const read = (name: string) =>
    Promise.all(
      model
        .getLayer(name)
        .getWeights()
        .map(async (w) => (await w.data()) as Float32Array),
    );
  const layers = await Promise.all(config.layers.map((layer, i) => read(`layer${i + 1}_${layer.kind}`)));
  const [kernel, bias] = await read("output");
  return { layers, head: [kernel, bias] };
}

/**
 * Per stack layer, the calibrated output range of its last computing layer (a leaky activation's LeakyReLU, else
 * the layer itself), from the ranges calibrateActivations gives per computing layer of `model`.
 */
export function stackLayerRanges(
  computeLayerNames: readonly string[],
  config: ExperimentConfig,
  ranges: ReadonlyArray<readonly [number, number]>,
): Array<readonly [number, number]> {
  return config.layers.map((layer, i) => {
    const name = `layer${i + 1}_${layer.kind}`;
    const at = Math.max(computeLayerNames.indexOf(name), computeLayerNames.indexOf(`${name}_leaky`));
    if (at < 0) throw new Error(`ONNX export: no computing layer named ${name}`);
    return ranges[at];
  });
}
