// What the lab says next to a variant's figures: what only simulates a smaller or faster model, and what truly is one.
import {
  filterFraction,
  int8Activations,
  magnitudePruning,
  weightFormat,
  type CompressionSpec,
} from "../config/compression.ts";
import type { OnnxRuntimeReport } from "../core/compress/report.ts";
import { floatLayersText } from "../core/export/onnx/toOnnx.ts";
import type { inferShapes } from "../core/model/inferShapes.ts";

const SIMULATED = {
  magnitude:
    "unstructured zeros run at full cost in tfjs and in ONNX Runtime (no sparse kernels): expect the baseline's latency",
  weights:
    "in tfjs, weights are fake-quantized (quantize, then dequantize) and run on float32 kernels: no speed-up; the packed size is real",
  activations:
    "in tfjs, 8-bit activations are simulated with fake-quant ops for the accuracy; the latency is of the float32 forward pass",
};

/** The notes of a variant (spec; null: the baseline, which has none) with its shapes and ONNX Runtime's report. */
export function variantNotes(
  spec: CompressionSpec | null,
  stats: ReturnType<typeof inferShapes>,
  inputShape: Parameters<typeof floatLayersText>[1],
  onnx: OnnxRuntimeReport | undefined,
): { simulated: string[]; real: string[] } {
  const simulated: string[] = [];
  const real: string[] = [];
  if (onnx?.kernels === "int8") {
    const float = floatLayersText(stats.layers, inputShape);
    real.push(
      `ONNX Runtime: measured int8 kernels (8-bit weights and activations)${float ? ` after ${float}, which run on float32 kernels: on a one-channel input, ONNX Runtime's int8 convolution is the slower one` : ""}; its accuracy is its own, on every test image`,
    );
  }
  if (spec && magnitudePruning(spec)) simulated.push(SIMULATED.magnitude);
  if (spec && weightFormat(spec).kind !== "float32") simulated.push(SIMULATED.weights);
  if (spec && int8Activations(spec)) simulated.push(SIMULATED.activations);
  if (spec && filterFraction(spec) !== null) {
    real.push(
      `structured: ${stats.totalParams.toLocaleString("en-US")} parameters and ${stats.totalMacs.toLocaleString("en-US")} MACs remain; this model really is smaller and faster`,
    );
  }
  return { simulated, real };
}
