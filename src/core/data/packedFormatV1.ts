// CNPZ version 1 (one skip stream and one value stream for the whole file, so nothing decodes before the last
// byte): still read, because a page offline may have only the manifest of an older build, naming its cached files.
import { DATASET_FORMAT_VERSION, DATASET_HEADER_BYTES, DATASET_MAGIC } from "./datasetFormat.ts";
import { undoPaeth } from "./paeth.ts";

const HEADER_BYTES = 24;
const FILTER_PAETH = 1;

/** Rebuilds the CNPD file from a whole version 1 file (its header already checked); throws on any inconsistency. */
export function unpackVersion1(packed: Uint8Array): ArrayBuffer {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = view.getUint32(8, true);
  const [rows, cols, channels] = [packed[12], packed[13], packed[14]];
  const filter = packed[16];
  const tokens = view.getUint32(20, true);
  if (filter !== 0 && filter !== FILTER_PAETH) throw new Error(`Unknown packed dataset filter ${filter}`);
  if (channels !== 1 || rows === 0 || cols === 0)
    throw new Error(`Invalid packed dataset shape ${rows}x${cols}x${channels}`);
  const expected = HEADER_BYTES + count + 2 * tokens;
  if (packed.length !== expected) {
    throw new Error(`Packed dataset has ${packed.length} bytes, expected ${expected} (truncated or damaged)`);
  }
  const pixelCount = count * rows * cols;
  const out = new Uint8Array(DATASET_HEADER_BYTES + count + pixelCount);
  for (let i = 0; i < 4; i++) out[i] = DATASET_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, DATASET_FORMAT_VERSION, true);
  out.set(packed.subarray(8, 16), 8);
  out.set(packed.subarray(HEADER_BYTES, HEADER_BYTES + count), DATASET_HEADER_BYTES);
  const pixels = out.subarray(DATASET_HEADER_BYTES + count);
  const skips = packed.subarray(HEADER_BYTES + count, HEADER_BYTES + count + tokens);
  const values = packed.subarray(HEADER_BYTES + count + tokens);
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
