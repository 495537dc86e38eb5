// Shape rules that several layer kinds share. Pure: no tfjs.
import type { Padding } from "./fields.ts";

/** [height, width, channels] for images, [units] for flat vectors. */
export type Shape = readonly number[];

/** What one layer does to the shape of one example: its output, parameters and MACs, or a sentence saying why not. */
export type Step = { outputShape: Shape; params: number; macs: number } | { error: string };

export const dims = (shape: Shape) => shape.join("×");
export const product = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Output size of one axis under a window: TensorFlow's rule for "same" and "valid". */
export function spatialOut(size: number, window: number, stride: number, padding: Padding): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/** The message for a layer that needs an image but gets a vector, or null. */
export function needsImage(input: Shape, label: string): string | null {
  if (input.length === 3) return null;
  return `${label} needs an image (height × width × channels) but gets a flat vector of ${input[0]}: move it above the Flatten or Dense layers.`;
}

/** The output shape of a window sliding over an image, or why nothing is left. */
export function windowed(
  input: Shape,
  window: number,
  stride: number,
  padding: Padding,
  what: "conv" | "pool",
  outChannels: number,
): Shape | string {
  const [h, w] = input;
  const outH = spatialOut(h, window, stride, padding);
  const outW = spatialOut(w, window, stride, padding);
  if (outH < 1 || outW < 1) {
    return `${window}×${window} ${what} on a ${h}×${w} input leaves nothing: use a smaller ${what === "pool" ? "pool size" : "kernel"}, 'same' padding or one pooling layer fewer.`;
  }
  return [outH, outW, outChannels];
}

/** A fully connected layer of `units` on a flat input; the softmax head uses it too. */
export function denseStep(units: number, input: Shape, label: string): Step {
  if (input.length !== 1) {
    return {
      error: `${label} needs a flat input but gets ${dims(input)}: add Flatten or GlobalAveragePooling2D before it.`,
    };
  }
  return { outputShape: [units], params: input[0] * units + units, macs: input[0] * units };
}
