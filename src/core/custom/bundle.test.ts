import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { decodeBundle, encodeBundle, type ImageBundle } from "./bundle.ts";

const image = (size: number, channels: number, seed: number) =>
  Uint8Array.from({ length: size * size * channels }, (_, i) => (i * 31 + seed) % 256);

const sample: ImageBundle = {
  size: 28,
  channels: 1,
  classes: [
    { name: "cat", images: [image(28, 1, 1), image(28, 1, 2)] },
    { name: "dog 🐕", images: [image(28, 1, 3)] },
    { name: "empty", images: [] },
  ],
};

/** A bundle's bytes with its manifest replaced (the pixels kept). */
function withManifest(bytes: Uint8Array, manifest: unknown): Uint8Array {
  const oldLength = new DataView(bytes.buffer).getUint32(6, true);
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const out = new Uint8Array(10 + json.length + bytes.length - 10 - oldLength);
  out.set(bytes.subarray(0, 10));
  new DataView(out.buffer).setUint32(6, json.length, true);
  out.set(json, 10);
  out.set(bytes.subarray(10 + oldLength), 10 + json.length);
  return out;
}

describe("image bundle", () => {
  it("round-trips names, images, size and channels (grey and colour)", () => {
    expect(decodeBundle(encodeBundle(sample))).toEqual(sample);
    const colour: ImageBundle = { size: 32, channels: 3, classes: [{ name: "a", images: [image(32, 3, 9)] }] };
    expect(decodeBundle(encodeBundle(colour))).toEqual(colour);
    expect(new TextDecoder().decode(encodeBundle(sample).subarray(0, 4))).toBe("CNPI");
  });

  it("refuses a truncated file, at any length", () => {
    const bytes = encodeBundle(sample);
    for (const length of [0, 3, 9, 20, bytes.length - 1]) {
      expect(() => decodeBundle(bytes.subarray(0, length))).toThrow(/too short|cut short/);
    }
  });

  it("refuses a file with the wrong magic or version", () => {
    const bytes = encodeBundle(sample);
    const wrong = bytes.slice();
    wrong[0] = "X".charCodeAt(0);
    expect(() => decodeBundle(wrong)).toThrow('Not a usable image bundle: it does not start with "CNPI".');
    const future = bytes.slice();
    future[4] = 2;
    expect(() => decodeBundle(future)).toThrow(/version 2; this app reads version 1/);
  });

  it("refuses a manifest whose counts disagree with the bytes", () => {
    const bytes = encodeBundle(sample);
    const more = {
      size: 28,
      channels: 1,
      classes: [
        { name: "cat", count: 3 },
        { name: "dog", count: 1 },
        { name: "e", count: 0 },
      ],
    };
    expect(() => decodeBundle(withManifest(bytes, more))).toThrow(
      /lists 4 images \(3136 bytes\) but the file is cut short \(2352 bytes\)/,
    );
    const fewer = { size: 28, channels: 1, classes: [{ name: "cat", count: 1 }] };
    expect(() => decodeBundle(withManifest(bytes, fewer))).toThrow(/extra bytes follow/);
    expect(() => decodeBundle(withManifest(bytes, { ...fewer, size: 27 }))).toThrow(/lists 1 images/);
  });

  it("refuses more than 10 classes, more than 5,000 images, and odd manifests", () => {
    const bytes = encodeBundle(sample);
    const classes = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, count: 0 }));
    expect(() => decodeBundle(withManifest(bytes, { size: 28, channels: 1, classes }))).toThrow(
      /11 classes; at most 10/,
    );
    const many = [{ name: "a", count: 5001 }];
    expect(() => decodeBundle(withManifest(bytes, { size: 28, channels: 1, classes: many }))).toThrow(
      /5,001 images; at most 5,000/,
    );
    const twice = [
      { name: "a", count: 0 },
      { name: "a", count: 0 },
    ];
    expect(() => decodeBundle(withManifest(bytes, { size: 28, channels: 1, classes: twice }))).toThrow(/appears twice/);
    expect(() => decodeBundle(withManifest(bytes, { size: 28, channels: 2, classes: many }))).toThrow(/2 channels/);
    expect(() => decodeBundle(withManifest(bytes, [1, 2]))).toThrow(/image size/);
    expect(() => decodeBundle(withManifest(bytes, null))).toThrow(/not an object/);
  });

  it("will not write what it would refuse to read", () => {
    const classes = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, images: [] }));
    expect(() => encodeBundle({ size: 28, channels: 1, classes })).toThrow(/11 classes/);
    expect(() =>
      encodeBundle({ size: 28, channels: 1, classes: [{ name: "a", images: [new Uint8Array(5)] }] }),
    ).toThrow(/not 28×28×1 bytes/);
  });

  it("fails only with a clean Error on any bytes: random, or a real bundle with bytes changed or cut", () => {
    const valid = encodeBundle(sample);
    const clean = (bytes: Uint8Array) => {
      try {
        decodeBundle(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/^Not a usable image bundle: .+\.$/);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => clean(bytes)),
      { numRuns: fuzzRuns() },
    );
    const edits = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 });
    fc.assert(
      fc.property(edits, fc.nat(valid.length), (changes, cut) => {
        const bytes = valid.slice(0, Math.max(cut, 10));
        for (const [at, value] of changes) if (at < bytes.length) bytes[at] = value;
        clean(bytes);
      }),
      { numRuns: fuzzRuns() },
    );
    const manifests = fc.anything().map((m) => withManifest(valid, m));
    fc.assert(
      fc.property(manifests, (bytes) => clean(bytes)),
      { numRuns: fuzzRuns() },
    );
  });
});
