import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILTER_NONE, FILTER_PAETH, packDataset } from "../../build/packDataset.mjs";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { unpackDataset } from "./packedFormat.ts";

const FILTERS = [FILTER_NONE, FILTER_PAETH];
const same = (a: ArrayBuffer, b: ArrayBuffer) => Buffer.from(a).equals(Buffer.from(b));

describe("packDataset (build script) → unpackDataset (app)", () => {
  it.each(FILTERS)("gives back the identical CNPD bytes (filter %i)", (filter) => {
    // sparse strokes on a zero background, with gaps longer than 255 pixels, and a last image that ends in zeros
    const cnpd = makeFixture({
      labels: [3, 1, 4, 1, 5],
      rows: 28,
      cols: 28,
      pixel: (image, offset) => (image === 2 || offset % 97 > 5 ? 0 : (image * 40 + offset) % 256),
    });
    const packed = packDataset(new Uint8Array(cnpd), filter);
    expect(new TextDecoder().decode(packed.subarray(0, 4))).toBe("CNPZ");
    expect(same(unpackDataset(packed), cnpd)).toBe(true);
  });

  it("round-trips random images, rows and columns", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }),
        fc.constantFrom(...FILTERS),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rows, cols, labels, filter, seed, zeroShare) => {
          const cnpd = makeFixture({
            labels,
            rows,
            cols,
            pixel: (image, offset) => {
              const hash = Math.imul(seed ^ (image * 7919 + offset), 2654435761) >>> 0;
              return hash / 2 ** 32 < zeroShare ? 0 : hash % 256;
            },
          });
          return same(unpackDataset(packDataset(new Uint8Array(cnpd), filter)), cnpd);
        },
      ),
      { numRuns: fuzzRuns() },
    );
  });

  it("refuses damaged packed bytes instead of returning other images", () => {
    const cnpd = makeFixture({ labels: [1, 2], rows: 28, cols: 28 });
    const packed = packDataset(new Uint8Array(cnpd), FILTER_NONE);
    expect(() => unpackDataset(packed.subarray(0, packed.length - 1))).toThrow(/expected \d+ \(truncated or damaged\)/);
    expect(() => unpackDataset(new TextEncoder().encode("<!doctype html><html></html>"))).toThrow(/Not a packed/);
    const skipsPastEnd = packed.slice();
    skipsPastEnd.fill(255, 24 + 2, 24 + 2 + (packed.length - 26) / 2); // every skip 255: runs past the last image
    expect(() => unpackDataset(skipsPastEnd)).toThrow(/past its last image/);
    const badFilter = packed.slice();
    badFilter[16] = 7;
    expect(() => unpackDataset(badFilter)).toThrow(/filter 7/);
  });
});
