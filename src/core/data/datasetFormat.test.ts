import { describe, expect, it } from "vitest";
import { fixturePixel, makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { DATASET_HEADER_BYTES, decodeDatasetFile, sliceSplit } from "./datasetFormat.ts";

const LABELS = [3, 0, 9, 3, 1];

describe("decodeDatasetFile", () => {
  it("decodes header, labels and pixels as views into the buffer", () => {
    const buffer = makeFixture({ labels: LABELS, rows: 4, cols: 3, channels: 2, numClasses: 10 });
    const split = decodeDatasetFile(buffer);
    expect(split).toMatchObject({ count: 5, rows: 4, cols: 3, channels: 2, numClasses: 10 });
    expect(Array.from(split.labels)).toEqual(LABELS);
    expect(split.images.length).toBe(5 * 24);
    expect(split.images[2 * 24 + 5]).toBe(fixturePixel(2, 5));
    expect(split.labels.buffer).toBe(buffer);
    expect(split.images.buffer).toBe(buffer);
    expect(split.images.byteOffset).toBe(DATASET_HEADER_BYTES + 5);
  });

  it("decodes an empty split", () => {
    const split = decodeDatasetFile(makeFixture({ labels: [] }));
    expect(split.count).toBe(0);
    expect(split.images.length).toBe(0);
  });

  it("rejects bad magic, version, lengths, header and labels", () => {
    expect(() => decodeDatasetFile(makeFixture({ labels: [1], magic: "<!do" }))).toThrow(/Not a CNPD dataset file/);
    expect(() => decodeDatasetFile(makeFixture({ labels: [1], version: 2 }))).toThrow(/version 2/);
    const valid = makeFixture({ labels: LABELS });
    expect(() => decodeDatasetFile(valid.slice(0, valid.byteLength - 1))).toThrow(/truncated/);
    expect(() => decodeDatasetFile(valid.slice(0, 10))).toThrow(/too short/);
    const padded = new Uint8Array(valid.byteLength + 1);
    padded.set(new Uint8Array(valid));
    expect(() => decodeDatasetFile(padded.buffer)).toThrow(/expected/);
    expect(() => decodeDatasetFile(makeFixture({ labels: [1], rows: 0 }))).toThrow(/must be positive/);
    expect(() => decodeDatasetFile(makeFixture({ labels: [1, 10] }))).toThrow(/label 10 at index 1/);
  });
});

describe("sliceSplit", () => {
  it("copies the chosen examples in order, repeats allowed", () => {
    const split = decodeDatasetFile(makeFixture({ labels: LABELS }));
    const sliced = sliceSplit(split, [4, 0, 4]);
    expect(sliced.count).toBe(3);
    expect(Array.from(sliced.labels)).toEqual([1, 3, 1]);
    expect(Array.from(sliced.images.subarray(12, 24))).toEqual(Array.from(split.images.subarray(0, 12)));
    expect(Array.from(sliced.images.subarray(24, 36))).toEqual(Array.from(split.images.subarray(48, 60)));
    expect(sliced.images.buffer).not.toBe(split.images.buffer);
    expect(sliced).toMatchObject({ rows: 4, cols: 3, channels: 1, numClasses: 10 });
  });

  it("rejects out-of-range indices", () => {
    const split = decodeDatasetFile(makeFixture({ labels: LABELS }));
    expect(() => sliceSplit(split, [5])).toThrow(/outside 0..4/);
    expect(() => sliceSplit(split, [-1])).toThrow(/outside/);
    expect(() => sliceSplit(split, [0.5])).toThrow(/outside/);
  });
});
