// Random shift, rotation and zoom of single-channel images, applied on the fly to training batches.
// Pure: typed arrays and the seeded rng only.
import type { Augmentation } from "../../config/schema.ts";
import type { Rng } from "../random.ts";

/** Value of image pixel (x, y), 0 outside the image. */
function pixelAt(pixels: Float32Array, offset: number, rows: number, cols: number, x: number, y: number): number {
  return x >= 0 && x < cols && y >= 0 && y < rows ? pixels[offset + y * cols + x] : 0;
}

/**
 * Augments `count` single-channel images of rows × cols (laid out [count, rows, cols]) into a new array. Each
 * image gets its own random integer shift in [-shift, shift] px per axis, rotation in [-rotate, rotate] degrees
 * and scale in [1 − zoom, 1 + zoom], applied as one inverse affine map about the image centre with bilinear
 * sampling and zero fill. All settings 0 returns `pixels` itself and draws nothing from rng.
 */
export function augmentImages(
  pixels: Float32Array,
  count: number,
  rows: number,
  cols: number,
  settings: Augmentation,
  rng: Rng,
): Float32Array {
  const size = rows * cols;
  if (pixels.length !== count * size)
    throw new Error(`augmentImages: ${pixels.length} values are not ${count} images of ${rows}×${cols}`);
  const { shift, rotate, zoom } = settings;
  if (shift === 0 && rotate === 0 && zoom === 0) return pixels;
  const out = new Float32Array(pixels.length);
  const cx = (cols - 1) / 2;
  const cy = (rows - 1) / 2;
  for (let image = 0; image < count; image++) {
    const dx = shift > 0 ? rng.int(2 * shift + 1) - shift : 0;
    const dy = shift > 0 ? rng.int(2 * shift + 1) - shift : 0;
    const radians = rotate > 0 ? ((rng.next() * 2 - 1) * rotate * Math.PI) / 180 : 0;
    const scale = zoom > 0 ? 1 + (rng.next() * 2 - 1) * zoom : 1;
    // forward: out = c + scale·R(θ)·(in − c) + d; inverse: in = c + R(−θ)·(out − c − d) / scale
    const cos = Math.cos(radians) / scale;
    const sin = Math.sin(radians) / scale;
    const offset = image * size;
    for (let y = 0; y < rows; y++) {
      const v = y - cy - dy;
      for (let x = 0; x < cols; x++) {
        const u = x - cx - dx;
        const sx = cx + cos * u + sin * v;
        const sy = cy - sin * u + cos * v;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const top =
          (1 - fx) * pixelAt(pixels, offset, rows, cols, x0, y0) + fx * pixelAt(pixels, offset, rows, cols, x0 + 1, y0);
        const bottom =
          (1 - fx) * pixelAt(pixels, offset, rows, cols, x0, y0 + 1) +
          fx * pixelAt(pixels, offset, rows, cols, x0 + 1, y0 + 1);
        out[offset + y * cols + x] = (1 - fy) * top + fy * bottom;
      }
    }
  }
  return out;
}
