// CNPD dataset files, written by src/build/buildDatasets.mjs. Version 1 layout (integers little-endian):
//   0: ASCII "CNPD" | 4: uint32 version | 8: uint32 count | 12: uint8 rows, cols, channels, numClasses
//   16: count label bytes | 16 + count: count * rows * cols * channels pixel bytes, uint8, [count, rows, cols, channels]

/** ASCII magic at byte 0 of every dataset file. */
export const DATASET_MAGIC = "CNPD";
/** The only format version this decoder reads. */
export const DATASET_FORMAT_VERSION = 1;
/** Header length in bytes; labels start here. */
export const DATASET_HEADER_BYTES = 16;

/** A set of labelled images; labels [count], images uint8 0..255 laid out [count, rows, cols, channels]. */
export interface DatasetSplit {
  count: number;
  rows: number;
  cols: number;
  channels: number;
  numClasses: number;
  labels: Uint8Array;
  images: Uint8Array;
}

/** Number of pixel bytes in one image of the split. */
export function bytesPerImage(split: Pick<DatasetSplit, "rows" | "cols" | "channels">): number {
  return split.rows * split.cols * split.channels;
}

/** Decodes a CNPD file; labels and images are views into buffer (no copy). Throws on any malformed header or length. */
export function decodeDatasetFile(buffer: ArrayBuffer): DatasetSplit {
  if (buffer.byteLength < DATASET_HEADER_BYTES) {
    throw new Error(`Dataset file too short: ${buffer.byteLength} bytes, the header alone is ${DATASET_HEADER_BYTES}`);
  }
  const view = new DataView(buffer);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== DATASET_MAGIC) {
    throw new Error(
      `Not a CNPD dataset file (magic ${JSON.stringify(magic)}, expected "${DATASET_MAGIC}"); ` +
        "if it is an HTML page, the file is missing: run node src/build/buildDatasets.mjs",
    );
  }
  const version = view.getUint32(4, true);
  if (version !== DATASET_FORMAT_VERSION) {
    throw new Error(`Unsupported dataset format version ${version}, expected ${DATASET_FORMAT_VERSION}`);
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint8(12);
  const cols = view.getUint8(13);
  const channels = view.getUint8(14);
  const numClasses = view.getUint8(15);
  if (rows === 0 || cols === 0 || channels === 0 || numClasses === 0) {
    throw new Error(
      `Invalid dataset header: rows ${rows}, cols ${cols}, channels ${channels}, numClasses ${numClasses} must be positive`,
    );
  }
  const imageBytes = count * rows * cols * channels;
  const expectedBytes = DATASET_HEADER_BYTES + count + imageBytes;
  if (buffer.byteLength !== expectedBytes) {
    throw new Error(
      `Dataset file has ${buffer.byteLength} bytes, expected ${expectedBytes} for ${count} images of ${rows}x${cols}x${channels}` +
        (buffer.byteLength < expectedBytes ? " (truncated download?)" : ""),
    );
  }
  const labels = new Uint8Array(buffer, DATASET_HEADER_BYTES, count);
  const badIndex = labels.findIndex((label) => label >= numClasses);
  if (badIndex >= 0) {
    throw new Error(`Dataset label ${labels[badIndex]} at index ${badIndex} is outside 0..${numClasses - 1}`);
  }
  const images = new Uint8Array(buffer, DATASET_HEADER_BYTES + count, imageBytes);
  return { count, rows, cols, channels, numClasses, labels, images };
}

/** Copies the examples at indices (in that order, repeats allowed) into a new split with its own buffers. */
export function sliceSplit(split: DatasetSplit, indices: ArrayLike<number>): DatasetSplit {
  const imageBytes = bytesPerImage(split);
  const labels = new Uint8Array(indices.length);
  const images = new Uint8Array(indices.length * imageBytes);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i];
    if (!Number.isInteger(source) || source < 0 || source >= split.count) {
      throw new Error(`sliceSplit: index ${source} at position ${i} is outside 0..${split.count - 1}`);
    }
    labels[i] = split.labels[source];
    images.set(split.images.subarray(source * imageBytes, (source + 1) * imageBytes), i * imageBytes);
  }
  return { ...split, count: indices.length, labels, images };
}
