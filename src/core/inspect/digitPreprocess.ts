/**
 * A hand-drawn digit → a 28×28 MNIST-style input, on plain arrays: crop to the ink, box-filter the crop so
 * its longer side is 20 px, and place it so its centre of mass sits at the image centre (LeCun et al. 1998).
 */

/** Side of the prepared image in pixels. */
export const DIGIT_SIZE = 28;
/** Longer side of the digit's bounding box after scaling, as in MNIST. */
export const DIGIT_BOX_SIZE = 20;
/** Drawing values at or below this count as background (no ink). */
export const INK_THRESHOLD = 0.05;

/**
 * Centre of mass of a row-major width×height image, weighted by value; pixel (col, row) has its centre at
 * (col + 0.5, row + 0.5), so a 28×28 image's centre is (14, 14). Null when the values sum to 0 or less.
 */
export function centreOfMass(image: Float32Array, width: number, height: number): { x: number; y: number } | null {
  checkSize(image, width, height);
  let sum = 0;
  let sumX = 0;
  let sumY = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = image[row * width + col];
      sum += v;
      sumX += v * (col + 0.5);
      sumY += v * (row + 0.5);
    }
  }
  return sum > 0 ? { x: sumX / sum, y: sumY / sum } : null;
}

/**
 * `ink`: row-major width×height drawing, 0 background … 1 ink. Returns 784 values in [0, 1] (28×28, row-major)
 * prepared like MNIST, or null when nothing is drawn. The ink's bounding box is area-averaged to 20 px on its
 * longer side (aspect kept), stretched so its strongest pixel is 1 (so a 1-px stroke on a large canvas stays
 * visible, as MNIST strokes peak at full ink), and shifted by whole pixels so its centre of mass lands within
 * half a pixel of (14, 14); anything shifted past the border is clipped.
 */
export function preprocessDrawing(ink: Float32Array, width: number, height: number): Float32Array | null {
  checkSize(ink, width, height);
  const box = inkBox(ink, width, height);
  if (!box) return null;

  const boxWidth = box.right - box.left + 1;
  const boxHeight = box.bottom - box.top + 1;
  const scale = DIGIT_BOX_SIZE / Math.max(boxWidth, boxHeight);
  const outWidth = Math.max(1, Math.min(DIGIT_BOX_SIZE, Math.round(boxWidth * scale)));
  const outHeight = Math.max(1, Math.min(DIGIT_BOX_SIZE, Math.round(boxHeight * scale)));

  const crop = new Float32Array(boxWidth * boxHeight);
  for (let row = 0; row < boxHeight; row++) {
    for (let col = 0; col < boxWidth; col++) {
      const v = ink[(box.top + row) * width + box.left + col];
      crop[row * boxWidth + col] = v > INK_THRESHOLD ? Math.min(1, v) : 0;
    }
  }
  const digit = resampleArea(crop, boxWidth, boxHeight, outWidth, outHeight);

  let peak = 0;
  for (const v of digit) peak = Math.max(peak, v);
  if (peak <= 0) return null;
  for (let i = 0; i < digit.length; i++) digit[i] /= peak;

  const centre = centreOfMass(digit, outWidth, outHeight);
  if (!centre) return null;
  const offsetX = Math.round(DIGIT_SIZE / 2 - centre.x);
  const offsetY = Math.round(DIGIT_SIZE / 2 - centre.y);

  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let row = 0; row < outHeight; row++) {
    const y = row + offsetY;
    if (y < 0 || y >= DIGIT_SIZE) continue;
    for (let col = 0; col < outWidth; col++) {
      const x = col + offsetX;
      if (x < 0 || x >= DIGIT_SIZE) continue;
      out[y * DIGIT_SIZE + x] = Math.min(1, Math.max(0, digit[row * outWidth + col]));
    }
  }
  return out;
}

/** Inclusive pixel bounds of the values above INK_THRESHOLD, or null when there are none. */
function inkBox(
  ink: Float32Array,
  width: number,
  height: number,
): { left: number; top: number; right: number; bottom: number } | null {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if (ink[row * width + col] > INK_THRESHOLD) {
        if (col < left) left = col;
        if (col > right) right = col;
        if (row < top) top = row;
        bottom = row;
      }
    }
  }
  return right < 0 ? null : { left, top, right, bottom };
}

/**
 * Box-filter resampling of a row-major image to outWidth×outHeight: each output pixel is the area-weighted
 * mean of the source pixels its footprint covers, so thin strokes fade instead of vanishing.
 */
function resampleArea(
  src: Float32Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const xWeights = axisWeights(width, outWidth);
  const yWeights = axisWeights(height, outHeight);
  // horizontal pass: height × outWidth
  const rows = new Float32Array(height * outWidth);
  for (let row = 0; row < height; row++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let acc = 0;
      for (const [index, weight] of xWeights[ox]) acc += weight * src[row * width + index];
      rows[row * outWidth + ox] = acc;
    }
  }
  // vertical pass: outHeight × outWidth
  const out = new Float32Array(outHeight * outWidth);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let acc = 0;
      for (const [index, weight] of yWeights[oy]) acc += weight * rows[index * outWidth + ox];
      out[oy * outWidth + ox] = acc;
    }
  }
  return out;
}

/** For each output cell, the [source index, weight] pairs it overlaps; the weights of a cell sum to 1. */
function axisWeights(inSize: number, outSize: number): [number, number][][] {
  const span = inSize / outSize; // source pixels per output pixel
  const cells: [number, number][][] = [];
  for (let o = 0; o < outSize; o++) {
    const start = o * span;
    const end = (o + 1) * span;
    const pairs: [number, number][] = [];
    for (let i = Math.floor(start); i < Math.min(inSize, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 0) pairs.push([i, overlap / span]);
    }
    cells.push(pairs);
  }
  return cells;
}

/** Throws unless width and height are positive integers and the array holds width × height values. */
function checkSize(values: Float32Array, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`Image size must be positive integers, got ${width}×${height}`);
  }
  if (values.length !== width * height) {
    throw new Error(`Image of ${width}×${height} needs ${width * height} values, got ${values.length}`);
  }
}
