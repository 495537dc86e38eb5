// CNPZ: the packed form of a CNPD file that the app downloads (gzipped), written by src/build/packDataset.mjs,
// which documents the layout. PackedDatasetDecoder rebuilds the identical CNPD bytes from the decoded stream as it
// arrives, block by block (version 2), so the first images are usable before the last byte; unpackDataset does
// the same for bytes that are all there.
import { DATASET_FORMAT_VERSION, DATASET_HEADER_BYTES, DATASET_MAGIC } from "./datasetFormat.ts";
import { unpackVersion1 } from "./packedFormatV1.ts";
import { undoPaeth } from "./paeth.ts";

/** ASCII magic at byte 0 of a packed file (after gzip decoding). */
export const PACKED_MAGIC = "CNPZ";
const PACKED_VERSION = 2;
const PACKED_HEADER_BYTES = 24;
const FILTER_NONE = 0;
const FILTER_PAETH = 1;

/** The first four bytes as ASCII. */
export function magicOf(bytes: Uint8Array): string {
  return bytes.length < 4 ? "" : String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
}

/** What the decoder is reading next. */
type Part = "header" | "labels" | "block header" | "block" | "end" | "version 1";

/**
 * Rebuilds a CNPD file from CNPZ bytes fed in pieces of any size (push), and checks it whole at the end (finish).
 * The CNPD buffer exists once the 24-byte header is in; its labels once `labelsReady`; images [0, imagesReady) are
 * final from then on (the rest are zeros). Throws on the first inconsistency, and stays failed after it. A version 1
 * file (one token stream for the whole file: nothing decodable early) is kept whole and decoded at the end.
 */
export class PackedDatasetDecoder {
  /** The CNPD file being rebuilt; null until the header is in (and for version 1, until finish). */
  output: ArrayBuffer | null = null;
  labelsReady = false;
  imagesReady = 0;
  count = 0;
  private part: Part = "header";
  private failed: unknown = null;
  private received = 0;
  /** Bytes of the piece being gathered (a header, or a block's tokens) and how many are in. */
  private piece = new Uint8Array(PACKED_HEADER_BYTES);
  private pieceFilled = 0;
  private pieceLength = PACKED_HEADER_BYTES;
  private shape = { rows: 0, cols: 0, filter: FILTER_NONE, imagesPerBlock: 1 };
  private legacy: Uint8Array[] = [];

  /** Takes the next bytes of the stream; throws (now and on every later call) when they are inconsistent. */
  push(chunk: Uint8Array): void {
    if (this.failed !== null) throw this.failed;
    try {
      this.take(chunk);
    } catch (error) {
      this.failed = error;
      throw error;
    }
  }

  /** The whole CNPD file; throws when the stream stopped early or failed. */
  finish(): ArrayBuffer {
    if (this.failed !== null) throw this.failed;
    if (this.part === "version 1") {
      const bytes = new Uint8Array(this.received);
      let offset = 0;
      for (const chunk of this.legacy) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      this.output = unpackVersion1(bytes);
      this.legacy = [];
      this.part = "end";
      this.count = new DataView(this.output).getUint32(8, true);
      this.labelsReady = true;
      this.imagesReady = this.count;
    }
    if (this.part !== "end") {
      if (this.part === "header" && this.received < 4) this.fail(`Not a packed dataset (${this.received} bytes)`);
      const expected =
        this.part === "labels" ? PACKED_HEADER_BYTES + this.count : this.received - this.pieceFilled + this.pieceLength;
      this.fail(
        `Packed dataset has ${this.received} bytes, in its ${this.part} (image ${this.imagesReady} of ${this.count}): expected ${expected} (truncated or damaged)`,
      );
    }
    return this.output!;
  }

  /** A method, not a comparison in place: TypeScript keeps `part` narrowed across the calls that change it. */
  private isLegacy(): boolean {
    return this.part === "version 1";
  }

  private fail(message: string): never {
    this.failed = new Error(message);
    throw this.failed;
  }

  private take(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.isLegacy()) {
        this.legacy.push(chunk.slice(at));
        this.received += chunk.length - at;
        return;
      }
      if (this.part === "end") {
        this.fail(`Packed dataset goes on after its last image (damaged): ${this.received + chunk.length - at} bytes`);
      }
      if (this.part === "labels") {
        const labelsEnd = DATASET_HEADER_BYTES + this.count;
        const labelsAt = DATASET_HEADER_BYTES + this.pieceFilled;
        const n = Math.min(chunk.length - at, labelsEnd - labelsAt);
        new Uint8Array(this.output!, labelsAt, n).set(chunk.subarray(at, at + n));
        this.pieceFilled += n;
        this.received += n;
        at += n;
        if (labelsAt + n === labelsEnd) this.endLabels();
        continue;
      }
      const n = Math.min(chunk.length - at, this.pieceLength - this.pieceFilled);
      this.piece.set(chunk.subarray(at, at + n), this.pieceFilled);
      this.pieceFilled += n;
      this.received += n;
      at += n;
      if (this.part === "header" && this.pieceFilled >= 4 && magicOf(this.piece) !== PACKED_MAGIC) {
        this.fail(`Not a packed dataset (magic ${JSON.stringify(magicOf(this.piece))}, expected "${PACKED_MAGIC}")`);
      }
      if (this.pieceFilled < this.pieceLength) continue;
      if (this.part === "header") this.readHeader(chunk.subarray(at));
      else if (this.part === "block header") this.readBlockHeader();
      else this.decodeBlock();
      if (this.isLegacy()) return;
    }
  }

  private readHeader(rest: Uint8Array): void {
    const header = this.piece;
    const view = new DataView(header.buffer, 0, PACKED_HEADER_BYTES);
    const version = view.getUint32(4, true);
    if (version === 1) {
      this.part = "version 1";
      this.legacy = [header.slice(0, PACKED_HEADER_BYTES), rest.slice()];
      this.received += rest.length;
      return;
    }
    if (version !== PACKED_VERSION) this.fail(`Unsupported packed dataset version ${version}`);
    const count = view.getUint32(8, true);
    const [rows, cols, channels] = [header[12], header[13], header[14]];
    const filter = header[16];
    const imagesPerBlock = view.getUint32(20, true);
    if (filter !== FILTER_NONE && filter !== FILTER_PAETH) this.fail(`Unknown packed dataset filter ${filter}`);
    if (channels !== 1 || rows === 0 || cols === 0)
      this.fail(`Invalid packed dataset shape ${rows}x${cols}x${channels}`);
    if (imagesPerBlock === 0) this.fail("Invalid packed dataset: 0 images per block");
    this.count = count;
    this.shape = { rows, cols, filter, imagesPerBlock };
    const out = new Uint8Array(DATASET_HEADER_BYTES + count + count * rows * cols);
    for (let i = 0; i < 4; i++) out[i] = DATASET_MAGIC.charCodeAt(i);
    new DataView(out.buffer).setUint32(4, DATASET_FORMAT_VERSION, true);
    out.set(header.subarray(8, 16), 8);
    this.output = out.buffer;
    this.part = "labels";
    this.pieceFilled = 0;
    if (count === 0) this.endLabels();
  }

  private endLabels(): void {
    this.labelsReady = true;
    this.nextBlock();
  }

  /** Gathers the next block's token count, or ends after the last block. */
  private nextBlock(): void {
    this.part = this.imagesReady === this.count ? "end" : "block header";
    this.pieceFilled = 0;
    this.pieceLength = 4;
  }

  private blockImages(): number {
    return Math.min(this.shape.imagesPerBlock, this.count - this.imagesReady);
  }

  private readBlockHeader(): void {
    const tokens = new DataView(this.piece.buffer).getUint32(0, true);
    const pixels = this.blockImages() * this.shape.rows * this.shape.cols;
    // a token writes a pixel or skips 255: more tokens than this cannot be a block of these images
    if (tokens > pixels + Math.ceil(pixels / 255) + 1) {
      this.fail(
        `Packed dataset block at image ${this.imagesReady} has ${tokens} tokens for ${pixels} pixels (damaged)`,
      );
    }
    if (this.piece.length < 2 * tokens) this.piece = new Uint8Array(2 * tokens);
    this.part = "block";
    this.pieceFilled = 0;
    this.pieceLength = 2 * tokens;
    if (tokens === 0) this.decodeBlock(); // all-zero images: no byte will come to finish the block
  }

  private decodeBlock(): void {
    const { rows, cols, filter } = this.shape;
    const images = this.blockImages();
    const size = rows * cols;
    const start = DATASET_HEADER_BYTES + this.count + this.imagesReady * size;
    const pixels = new Uint8Array(this.output!, start, images * size);
    const tokens = this.pieceLength / 2;
    const skips = this.piece.subarray(0, tokens);
    const values = this.piece.subarray(tokens, 2 * tokens);
    let cursor = 0;
    for (let i = 0; i < tokens; i++) {
      cursor += skips[i];
      const value = values[i];
      if (value !== 0) {
        if (cursor >= pixels.length) this.fail("Packed dataset writes past the end of a block (damaged)");
        pixels[cursor++] = value;
      }
    }
    if (cursor > pixels.length) this.fail("Packed dataset skips past the end of a block (damaged)");
    if (filter === FILTER_PAETH) undoPaeth(pixels, rows, cols);
    this.imagesReady += images;
    this.nextBlock();
  }
}

/** Rebuilds the CNPD file from CNPZ bytes that are all there; throws on any inconsistency (never a partial dataset). */
export function unpackDataset(packed: Uint8Array): ArrayBuffer {
  const decoder = new PackedDatasetDecoder();
  decoder.push(packed);
  return decoder.finish();
}
