// CNPZ: the packed form of a CNPD file that the app downloads (gzipped), written by src/build/packDataset.mjs,
// which documents the layout. unpackDataset rebuilds the identical CNPD bytes.
import { DATASET_FORMAT_VERSION, DATASET_HEADER_BYTES, DATASET_MAGIC } from "./datasetFormat.ts";

/** ASCII magic at byte 0 of a packed file (after gzip decoding). */
export const PACKED_MAGIC = "CNPZ";
const PACKED_VERSION = 1;
const PACKED_HEADER_BYTES = 24;
const FILTER_NONE = 0;
const FILTER_PAETH = 1;

/** The first four bytes as ASCII. */
export function magicOf(bytes: Uint8Array): string {
  return bytes.length < 4 ? "" : String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
}

/** Adds the Paeth prediction (left, up, upper left; 0 outside the image) back to each residual, in place. */
function undoPaeth(pixels: Uint8Array, rows: number, cols: number): void {
  const size = rows * cols;
  for (let base = 0; base < pixels.length; base += size) {
    for (let r = 0; r < rows; r++) {
      const rowStart = base + r * cols;
      for (let c = 0; c < cols; c++) {
        const i = rowStart + c;
        const a = c > 0 ? pixels[i - 1] : 0;
        const b = r > 0 ? pixels[i - cols] : 0;
        const up = r > 0 && c > 0 ? pixels[i - cols - 1] : 0;
        const p = a + b - up;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - up);
        const prediction = pa <= pb && pa <= pc ? a : pb <= pc ? b : up;
        pixels[i] = (pixels[i] + prediction) & 255;
      }
    }
  }
}

/** Rebuilds the CNPD file from CNPZ bytes; throws on any inconsistency (never returns a partial dataset). */
export function unpackDataset(packed: Uint8Array): ArrayBuffer {
  if (packed.length < PACKED_HEADER_BYTES || magicOf(packed) !== PACKED_MAGIC) {
    throw new Error(`Not a packed dataset (magic ${JSON.stringify(magicOf(packed))}, expected "${PACKED_MAGIC}")`);
  }
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const version = view.getUint32(4, true);
  if (version !== PACKED_VERSION) throw new Error(`Unsupported packed dataset version ${version}`);
  const count = view.getUint32(8, true);
  const [rows, cols, channels] = [packed[12], packed[13], packed[14]];
  const filter = packed[16];
  const tokens = view.getUint32(20, true);
  if (filter !== FILTER_NONE && filter !== FILTER_PAETH) throw new Error(`Unknown packed dataset filter ${filter}`);
  if (channels !== 1 || rows === 0 || cols === 0)
    throw new Error(`Invalid packed dataset shape ${rows}x${cols}x${channels}`);
  const expected = PACKED_HEADER_BYTES + count + 2 * tokens;
  if (packed.length !== expected) {
    throw new Error(`Packed dataset has ${packed.length} bytes, expected ${expected} (truncated or damaged)`);
  }
  const pixelCount = count * rows * cols;
  const out = new Uint8Array(DATASET_HEADER_BYTES + count + pixelCount);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = DATASET_MAGIC.charCodeAt(i);
  outView.setUint32(4, DATASET_FORMAT_VERSION, true);
  out.set(packed.subarray(8, 16), 8);
  out.set(packed.subarray(PACKED_HEADER_BYTES, PACKED_HEADER_BYTES + count), DATASET_HEADER_BYTES);
  const pixels = out.subarray(DATASET_HEADER_BYTES + count);
  const skips = packed.subarray(PACKED_HEADER_BYTES + count, PACKED_HEADER_BYTES + count + tokens);
  const values = packed.subarray(PACKED_HEADER_BYTES + count + tokens);
  let cursor = 0;
  for (let i = 0; i < tokens; i++) {
    cursor += skips[i];
    const value = values[i];
    if (value !== 0) {
      if (cursor >= pixelCount) throw new Error("Packed dataset writes past its last image (damaged)");
      pixels[cursor++] = value;
    }
  }
  if (cursor > pixelCount) throw new Error("Packed dataset skips past its last image (damaged)");
  if (filter === FILTER_PAETH) undoPaeth(pixels, rows, cols);
  return out.buffer;
}
