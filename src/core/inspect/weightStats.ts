/**
 * Weights and activations as plain numbers for drawing: a zero-centred histogram that shows pruning
 * (exact zeros) and quantization (few distinct levels), conv filters as tiles, activation channels as
 * slices, and the RGBA bytes of an ImageData in grey or a blue–white–red diverging scale.
 */

/** Distinct values are counted up to this many; more sets `distinctCapped`. */
export const DISTINCT_VALUES_CAP = 4096;

/** Histogram of a weight tensor, with bins symmetric around 0. */
export interface WeightHistogram {
  /** bins + 1 ascending edges from -maxAbs to maxAbs; the middle bin is centred on 0. */
  edges: number[];
  counts: number[];
  /** Exact zeros (±0), e.g. pruned weights. */
  zeros: number;
  /** Finite values counted; NaN and ±Infinity are skipped. */
  total: number;
  /** Smallest and largest finite value, 0 when there are none. */
  min: number;
  max: number;
  /** Distinct finite values, at most DISTINCT_VALUES_CAP; a quantized tensor has few. */
  distinctValues: number;
  /** True when there were more distinct values than DISTINCT_VALUES_CAP. */
  distinctCapped: boolean;
}

/** RGB, each 0–255. */
export type Rgb = [number, number, number];

// ColorBrewer RdBu (11 classes), from dark blue (-1) through near-white (0) to dark red (+1)
const DIVERGING_STOPS: Rgb[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];
const WHITE: Rgb = [247, 247, 247];

/**
 * Histogram over [-maxAbs, maxAbs] (maxAbs = 1 for empty or all-zero input) with an odd number of bins, so
 * one bin is centred on 0; the largest magnitude falls in the outermost bin.
 */
export function weightHistogram(values: Float32Array, bins = 41): WeightHistogram {
  if (!Number.isInteger(bins) || bins < 1 || bins % 2 === 0)
    throw new Error(`Bin count must be a positive odd integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let total = 0;
  let distinctCapped = false;
  const distinct = new Set<number>();
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    total++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
    if (distinct.size < DISTINCT_VALUES_CAP) distinct.add(v);
    else if (!distinct.has(v)) distinctCapped = true;
  }
  if (total === 0) min = max = 0;
  const maxAbs = Math.max(Math.abs(min), Math.abs(max)) || 1;

  // edges[bins - i] === -edges[i] exactly
  const edges = Array.from({ length: bins + 1 }, (_, i) => (maxAbs * (2 * i - bins)) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const bin = Math.floor(((v / maxAbs + 1) * bins) / 2);
    counts[Math.min(bins - 1, Math.max(0, bin))]++;
  }
  return { edges, counts, zeros, total, min, max, distinctValues: distinct.size, distinctCapped };
}

/** value / maxAbs in [-1, 1] → RdBu colour: blue below 0, near-white at 0, red above; white if maxAbs ≤ 0. */
export function divergingColor(value: number, maxAbs: number): Rgb {
  if (!(maxAbs > 0) || Number.isNaN(value)) return [...WHITE];
  const t = Math.min(1, Math.max(-1, value / maxAbs));
  const position = ((t + 1) / 2) * (DIVERGING_STOPS.length - 1);
  const lower = Math.min(DIVERGING_STOPS.length - 2, Math.floor(position));
  const f = position - lower;
  const a = DIVERGING_STOPS[lower];
  const b = DIVERGING_STOPS[lower + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as Rgb;
}

/**
 * Conv kernel in tfjs layout [kh, kw, inChannels, outChannels] → one kh×kw tile (row-major) per output
 * filter, averaged over input channels, and the largest |value| over all tiles (one colour scale per layer).
 */
export function filterTiles(
  kernel: Float32Array,
  shape: [number, number, number, number],
): { tiles: Float32Array[]; maxAbs: number } {
  const [kh, kw, inChannels, outChannels] = shape;
  checkShape(kernel, shape);
  const tiles = Array.from({ length: outChannels }, () => new Float32Array(kh * kw));
  let maxAbs = 0;
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const base = (y * kw + x) * inChannels * outChannels;
      for (let o = 0; o < outChannels; o++) {
        let acc = 0;
        for (let c = 0; c < inChannels; c++) acc += kernel[base + c * outChannels + o];
        const mean = inChannels > 0 ? acc / inChannels : 0;
        tiles[o][y * kw + x] = mean;
        maxAbs = Math.max(maxAbs, Math.abs(mean));
      }
    }
  }
  return { tiles, maxAbs };
}

/**
 * Activation [h, w, c] (channels last) → the first min(c, maxChannels) channels as h×w row-major slices,
 * with the min and max over those slices (0 and 0 when there are none).
 */
export function channelSlices(
  data: Float32Array,
  shape: [number, number, number],
  maxChannels: number,
): { slices: Float32Array[]; min: number; max: number } {
  const [h, w, c] = shape;
  checkShape(data, shape);
  const count = Math.max(0, Math.min(c, Math.floor(maxChannels)));
  const slices = Array.from({ length: count }, () => new Float32Array(h * w));
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < h * w; p++) {
    for (let ch = 0; ch < count; ch++) {
      const v = data[p * c + ch];
      slices[ch][p] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return count > 0 && h * w > 0 ? { slices, min, max } : { slices, min: 0, max: 0 };
}

/** RGBA bytes (ImageData layout) of values mapped min → black, max → white; all black when max ≤ min. */
export function grayscaleRgba(values: Float32Array, min: number, max: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(values.length * 4);
  const range = max - min;
  for (let i = 0; i < values.length; i++) {
    const level = range > 0 ? Math.round(((values[i] - min) / range) * 255) : 0;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = level; // clamped to 0–255 by the array
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** RGBA bytes (ImageData layout) of values coloured by divergingColor(value, maxAbs), opaque. */
export function divergingRgba(values: Float32Array, maxAbs: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = divergingColor(values[i], maxAbs);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** Throws unless every dimension is a non-negative integer and the array holds their product. */
function checkShape(values: Float32Array, shape: number[]): void {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`Invalid shape [${shape.join(", ")}]`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`Shape [${shape.join(", ")}] needs ${size} values, got ${values.length}`);
}
