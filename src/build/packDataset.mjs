// Packs a CNPD dataset file into the smaller form the app downloads: CNPZ, then gzip (level 9). The inverse is
// src/core/data/packedFormat.ts (PackedDatasetDecoder), which the app runs on the output of
// DecompressionStream("gzip") as it streams in.
//
// Why not gzip of the CNPD file alone: deflate spends most of its bits on the zero background between strokes.
// Coding each image as "skip N zero pixels, then this pixel" tokens, the skips in one stream and the pixels in
// another, makes MNIST 10% smaller than gzip -9 of the raw file; on Fashion-MNIST a Paeth prediction (as in PNG)
// first turns flat regions into zeros too (9% smaller). Lossless: the app rebuilds the identical CNPD bytes.
// Version 2 cuts the token streams into blocks of images, each block's skips and values together, so that the
// app can decode (and train on) the first images while the rest is still downloading; version 1 had one skip
// stream and one value stream for the whole file, so nothing could be decoded before the last byte.
//
// CNPZ format, version 2 (all integers little-endian):
//   offset  0  4 bytes   ASCII magic "CNPZ"
//   offset  4  uint32    version = 2
//   offset  8  uint32    count (number of images)
//   offset 12  uint8     rows, uint8 cols, uint8 channels, uint8 numClasses (as in CNPD)
//   offset 16  uint8     filter: 0 = none, 1 = Paeth (within each image; channels = 1)
//   offset 17  3 bytes   zero
//   offset 20  uint32    imagesPerBlock (B, at least 1)
//   offset 24  count bytes: labels
//   then       ceil(count / B) blocks, block k holding images [k*B, min(count, (k+1)*B)):
//              uint32 tokens (T), T bytes: skips; then T bytes: values
// Decoding a block: a zeroed run of its images' residuals and a cursor at 0; token i moves the cursor by skips[i],
// then, when values[i] is not 0, writes values[i] there and moves one further (never past the block's end). The
// residuals are the pixels (filter 0) or the pixels minus their Paeth prediction from the decoded left, upper and
// upper-left neighbours of the same image (mod 256; neighbours outside the image are 0).
// Version 1 was the same without blocks: offset 20 held T, then labels, T skips and T values for the whole file.
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

export const PACKED_MAGIC = "CNPZ";
export const PACKED_VERSION = 2;
/**
 * Images per block: 2,000 MNIST images are ~290 KB on the wire (0.12 s at 20 Mbit/s). Smaller blocks cost bytes (each
 * block starts its skip and value streams afresh): gzip -9 of the train files, MNIST / Fashion-MNIST, was
 * 8.66 / 23.87 MB without blocks, 8.73 / 23.93 MB with 2,000 (+0.8% / +0.2%), 8.80 / 23.99 MB with 1,000.
 */
export const IMAGES_PER_BLOCK = 2000;
export const FILTER_NONE = 0;
export const FILTER_PAETH = 1;
const CNPD_HEADER_BYTES = 16;
const PACKED_HEADER_BYTES = 24;

/** Paeth's predictor: a (left), b (up) or c (upper left), whichever is nearest to a + b − c. @param {number} a @param {number} b @param {number} c */
export function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels minus their Paeth prediction, mod 256, image by image. @param {Uint8Array} pixels @param {number} rows @param {number} cols */
function paethResiduals(pixels, rows, cols) {
  const out = new Uint8Array(pixels.length);
  const size = rows * cols;
  for (let base = 0; base < pixels.length; base += size) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = base + r * cols + c;
        const left = c > 0 ? pixels[i - 1] : 0;
        const up = r > 0 ? pixels[i - cols] : 0;
        const upLeft = r > 0 && c > 0 ? pixels[i - cols - 1] : 0;
        out[i] = (pixels[i] - paeth(left, up, upLeft)) & 255;
      }
    }
  }
  return out;
}

/** Skip/value tokens of a residual array (see the format above). @param {Uint8Array} residuals */
function tokenize(residuals) {
  const skips = new Uint8Array(residuals.length);
  const values = new Uint8Array(residuals.length);
  let tokens = 0;
  let gap = 0;
  for (let i = 0; i < residuals.length; i++) {
    const value = residuals[i];
    if (value === 0) {
      gap++;
      continue;
    }
    while (gap > 255) {
      skips[tokens] = 255;
      values[tokens++] = 0;
      gap -= 255;
    }
    skips[tokens] = gap;
    values[tokens++] = value;
    gap = 0;
  }
  return { skips: skips.subarray(0, tokens), values: values.subarray(0, tokens), tokens };
}

/**
 * A CNPD file (see buildDatasets.mjs) as CNPZ bytes (not yet gzipped); channels must be 1.
 * @param {Uint8Array} cnpd @param {number} filter FILTER_NONE or FILTER_PAETH @param {number} [imagesPerBlock]
 */
export function packDataset(cnpd, filter, imagesPerBlock = IMAGES_PER_BLOCK) {
  const view = new DataView(cnpd.buffer, cnpd.byteOffset, cnpd.byteLength);
  if (new TextDecoder("latin1").decode(cnpd.subarray(0, 4)) !== "CNPD") throw new Error("packDataset: not a CNPD file");
  if (!Number.isInteger(imagesPerBlock) || imagesPerBlock < 1) throw new Error("packDataset: imagesPerBlock < 1");
  const count = view.getUint32(8, true);
  const [rows, cols, channels] = cnpd.subarray(12, 15);
  if (channels !== 1) throw new Error("packDataset: only one channel is supported");
  const labels = cnpd.subarray(CNPD_HEADER_BYTES, CNPD_HEADER_BYTES + count);
  const pixels = cnpd.subarray(CNPD_HEADER_BYTES + count);
  if (pixels.length !== count * rows * cols) throw new Error("packDataset: inconsistent sizes");
  const residuals = filter === FILTER_PAETH ? paethResiduals(pixels, rows, cols) : pixels;
  const blockPixels = imagesPerBlock * rows * cols;
  const blocks = [];
  for (let start = 0; start < residuals.length; start += blockPixels) {
    const { skips, values, tokens } = tokenize(residuals.subarray(start, start + blockPixels));
    const block = new Uint8Array(4 + 2 * tokens);
    new DataView(block.buffer).setUint32(0, tokens, true);
    block.set(skips, 4);
    block.set(values, 4 + tokens);
    blocks.push(block);
  }
  const blockBytes = blocks.reduce((sum, block) => sum + block.length, 0);
  const out = new Uint8Array(PACKED_HEADER_BYTES + count + blockBytes);
  const outView = new DataView(out.buffer);
  out.set(new TextEncoder().encode(PACKED_MAGIC), 0);
  outView.setUint32(4, PACKED_VERSION, true);
  out.set(cnpd.subarray(8, 16), 8); // count, rows, cols, channels, numClasses
  out[16] = filter;
  outView.setUint32(20, imagesPerBlock, true);
  out.set(labels, PACKED_HEADER_BYTES);
  let offset = PACKED_HEADER_BYTES + count;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

/**
 * The file the app downloads: gzip (level 9) of the packed form, on libuv's thread pool (several files compress
 * at once). Deterministic: Node's gzip header has no time or name.
 * @param {Uint8Array} cnpd @param {number} filter @param {number} [imagesPerBlock] @returns {Promise<Uint8Array>}
 */
export async function compressDataset(cnpd, filter, imagesPerBlock = IMAGES_PER_BLOCK) {
  return new Uint8Array(await gzipAsync(packDataset(cnpd, filter, imagesPerBlock), { level: 9 }));
}
