import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILTER_NONE, FILTER_PAETH, packDataset } from "../../build/packDataset.mjs";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { PackedDatasetDecoder, unpackDataset } from "./packedFormat.ts";

const FILTERS = [FILTER_NONE, FILTER_PAETH];
const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));

/** Sparse strokes on a zero background, with gaps longer than 255 pixels, and an image that is all zeros. */
const STROKES = makeFixture({
  labels: [3, 1, 4, 1, 5],
  rows: 28,
  cols: 28,
  pixel: (image, offset) => (image === 2 || offset % 97 > 5 ? 0 : (image * 40 + offset) % 256),
});

/** The version 1 layout of the same file: one block's tokens for the whole file, their count in the header. */
function asVersion1(cnpd: ArrayBuffer, filter: number): Uint8Array {
  const count = new DataView(cnpd).getUint32(8, true);
  const packed = packDataset(new Uint8Array(cnpd), filter, Math.max(1, count));
  const tokens = new DataView(packed.buffer).getUint32(24 + count, true);
  const v1 = new Uint8Array(packed.length - 4);
  v1.set(packed.subarray(0, 24 + count));
  v1.set(packed.subarray(24 + count + 4), 24 + count);
  new DataView(v1.buffer).setUint32(4, 1, true);
  new DataView(v1.buffer).setUint32(20, tokens, true);
  return v1;
}

/**
 * Feeds `packed` in pieces ending at `cuts`, checking after each piece that every image the decoder calls ready
 * already holds its final bytes (and the labels, once ready); returns the file and the imagesReady seen.
 */
function decodeInPieces(packed: Uint8Array, cuts: number[], cnpd: ArrayBuffer): { file: ArrayBuffer; seen: number[] } {
  const decoder = new PackedDatasetDecoder();
  const view = new DataView(cnpd);
  const count = view.getUint32(8, true);
  const imageBytes = view.getUint8(12) * view.getUint8(13);
  const expected = new Uint8Array(cnpd);
  const seen: number[] = [];
  let from = 0;
  for (const cut of [...cuts, packed.length]) {
    decoder.push(packed.subarray(from, cut));
    from = cut;
    seen.push(decoder.imagesReady);
    if (decoder.labelsReady) {
      const out = new Uint8Array(decoder.output!);
      const readyEnd = 16 + count + decoder.imagesReady * imageBytes;
      if (!Buffer.from(out.subarray(0, readyEnd)).equals(expected.subarray(0, readyEnd))) {
        throw new Error(`images [0, ${decoder.imagesReady}) differ from the file after byte ${cut}`);
      }
    } else if (decoder.imagesReady !== 0) throw new Error("images before labels");
  }
  return { file: decoder.finish(), seen };
}

describe("packDataset (build script) → unpackDataset (app)", () => {
  it.each(FILTERS)("gives back the identical CNPD bytes (filter %i)", (filter) => {
    const packed = packDataset(new Uint8Array(STROKES), filter);
    expect(new TextDecoder().decode(packed.subarray(0, 4))).toBe("CNPZ");
    expect(same(unpackDataset(packed), STROKES)).toBe(true);
    expect(same(unpackDataset(packDataset(new Uint8Array(STROKES), filter, 2)), STROKES)).toBe(true);
  });

  it("still reads version 1 files (a cached download of an older build)", () => {
    for (const filter of FILTERS) expect(same(unpackDataset(asVersion1(STROKES, filter)), STROKES)).toBe(true);
  });

  it("round-trips random images, rows, columns and block sizes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }),
        fc.constantFrom(...FILTERS),
        fc.integer({ min: 1, max: 7 }),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, cols, labels, filter, imagesPerBlock, seed, zeroShare) => {
          const cnpd = makeFixture({
            labels,
            rows,
            cols,
            pixel: (image, offset) => {
              const hash = Math.imul(seed ^ (image * 7919 + offset), 2654435761) >>> 0;
              return hash / 2 ** 32 < zeroShare ? 0 : hash % 256;
            },
          });
          return same(unpackDataset(packDataset(new Uint8Array(cnpd), filter, imagesPerBlock)), cnpd);
        },
      ),
      { numRuns: fuzzRuns() },
    );
  });
});

describe("PackedDatasetDecoder (bytes as they arrive)", () => {
  it("cut anywhere: ready images are final at every step, and they become ready block by block", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILTERS),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (filter, imagesPerBlock, rawCuts) => {
          const packed = packDataset(new Uint8Array(STROKES), filter, imagesPerBlock);
          const cuts = [...new Set(rawCuts.map((n) => n % (packed.length + 1)))].sort((a, b) => a - b);
          const { file, seen } = decodeInPieces(packed, cuts, STROKES);
          expect(same(file, STROKES)).toBe(true);
          expect(seen).toEqual([...seen].sort((a, b) => a - b));
          expect(seen.every((n) => n === 5 || n % imagesPerBlock === 0)).toBe(true);
        },
      ),
      { numRuns: fuzzRuns(0.2) },
    );
  });

  it.each(FILTERS)("byte by byte (filter %i): labels first, then every block, before the last byte", (filter) => {
    const packed = packDataset(new Uint8Array(STROKES), filter, 2);
    const cuts = Array.from({ length: packed.length - 1 }, (_, i) => i + 1);
    const { file, seen } = decodeInPieces(packed, cuts, STROKES);
    expect(same(file, STROKES)).toBe(true);
    expect([...new Set(seen)]).toEqual([0, 2, 4, 5]);
    // the first block is ready the moment its last byte is in (seen[i] is after i + 1 bytes), not at the end
    const firstBlockEnd = 24 + 5 + 4 + 2 * new DataView(packed.buffer).getUint32(24 + 5, true);
    expect(seen.indexOf(2)).toBe(firstBlockEnd - 1);
    expect(firstBlockEnd).toBeLessThan(packed.length);
  });

  it("a file cut short anywhere fails at the end, never returns a partial dataset", () => {
    const packed = packDataset(new Uint8Array(STROKES), FILTER_PAETH, 2);
    for (let length = 0; length < packed.length; length++) {
      const decoder = new PackedDatasetDecoder();
      decoder.push(packed.subarray(0, length));
      expect(() => decoder.finish()).toThrow(length < 4 ? /Not a packed/ : /expected \d+ \(truncated or damaged\)/);
    }
    const cutAt = (length: number) => {
      const decoder = new PackedDatasetDecoder();
      decoder.push(packed.subarray(0, length));
      return () => decoder.finish();
    };
    // 24 header bytes, 5 labels, then each block's 4-byte token count and its tokens
    expect(cutAt(26)).toThrow("Packed dataset has 26 bytes, in its labels (image 0 of 5): expected 29 (truncated");
    expect(cutAt(30)).toThrow("has 30 bytes, in its block header (image 0 of 5): expected 33 (truncated or damaged)");
  });

  it("refuses damaged packed bytes instead of returning other images", () => {
    const cnpd = makeFixture({ labels: [1, 2], rows: 28, cols: 28 });
    const packed = packDataset(new Uint8Array(cnpd), FILTER_NONE);
    expect(() => unpackDataset(packed.subarray(0, packed.length - 1))).toThrow(/expected \d+ \(truncated or damaged\)/);
    expect(() => unpackDataset(new TextEncoder().encode("<!doctype html><html></html>"))).toThrow(/Not a packed/);
    const tokens = new DataView(packed.buffer).getUint32(24 + 2, true);
    const skipsPastEnd = packed.slice();
    skipsPastEnd.fill(255, 24 + 2 + 4, 24 + 2 + 4 + tokens); // every skip 255: runs past the block's end
    expect(() => unpackDataset(skipsPastEnd)).toThrow(/past the end of a block/);
    const tooManyTokens = packed.slice();
    new DataView(tooManyTokens.buffer).setUint32(24 + 2, 10_000, true);
    expect(() => unpackDataset(tooManyTokens)).toThrow(/10000 tokens for 1568 pixels/);
    const badFilter = packed.slice();
    badFilter[16] = 7;
    expect(() => unpackDataset(badFilter)).toThrow(/filter 7/);
    const badVersion = packed.slice();
    badVersion[4] = 3;
    expect(() => unpackDataset(badVersion)).toThrow(/version 3/);
    const noBlocks = packed.slice();
    noBlocks.fill(0, 20, 24);
    expect(() => unpackDataset(noBlocks)).toThrow(/0 images per block/);
    expect(() => unpackDataset(Buffer.concat([packed, Uint8Array.of(0)]))).toThrow(/goes on after its last image/);
  });

  it("stays failed after an error: no later bytes make it whole", () => {
    const packed = packDataset(new Uint8Array(STROKES), FILTER_NONE, 2);
    const damaged = packed.slice();
    damaged[16] = 9;
    const decoder = new PackedDatasetDecoder();
    expect(() => decoder.push(damaged.subarray(0, 24))).toThrow(/filter 9/);
    expect(() => decoder.push(packed.subarray(24))).toThrow(/filter 9/);
    expect(() => decoder.finish()).toThrow(/filter 9/);
  });
});
