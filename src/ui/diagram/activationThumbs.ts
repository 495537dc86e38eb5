import type { LayerActivation } from "../../core/inspect/probe.ts";
import { channelSlices, grayscaleRgba } from "../../core/inspect/weightStats.ts";
import type { BlockThumbs } from "./NetworkDiagram.tsx";

/** PNG data URL of RGBA bytes, so the thumbnail lives inside the SVG (and its PNG export). */
function dataUrl(rgba: Uint8ClampedArray, width: number, height: number): string {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return canvas.toDataURL("image/png");
}

/** The first few channel maps of a layer's output (one shared grey scale), or a strip of its units. */
export function activationThumbs(layer: LayerActivation, maxChannels = 3): BlockThumbs {
  if (layer.shape.length === 3) {
    const [h, w, c] = layer.shape;
    const { slices, min, max } = channelSlices(layer.values, [h, w, c], maxChannels);
    return { urls: slices.map((s) => dataUrl(grayscaleRgba(s, min, max), w, h)), aspect: w / h };
  }
  // a vector: its first units as one strip, folded into a near-square tile so it fits a slot
  const shown = layer.values.subarray(0, Math.min(layer.values.length, 256));
  let min = 0;
  let max = 0;
  for (const v of shown) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const side = Math.ceil(Math.sqrt(shown.length));
  const padded = new Float32Array(side * side).fill(min);
  padded.set(shown);
  return { urls: [dataUrl(grayscaleRgba(padded, min, max), side, side)], aspect: 1 };
}
