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
