import { describe, expect, it } from "vitest";
import { FILTER_NONE, packDataset } from "../../build/packDataset.mjs";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { streamingServer } from "../../../tests/helpers/streamingServer.ts";
import { FIRST_PART_IMAGES, streamDataset } from "./loadDataset.ts";

// 12,000 training images: more than the first part, so the test file waits for the first 10,000 (blocks of 2,000)
const TRAIN_COUNT = 12_000;
const train = makeFixture({
  labels: Array.from({ length: TRAIN_COUNT }, (_, i) => (i * 7) % 10),
  rows: 28,
  cols: 28,
  pixel: (image, offset) => (offset % 50 === image % 50 ? (image % 255) + 1 : 0),
});
const test = makeFixture({ labels: [9, 8, 7], rows: 28, cols: 28 });
const trainPacked = packDataset(new Uint8Array(train), FILTER_NONE, 2000);
const testPacked = packDataset(new Uint8Array(test), FILTER_NONE, 2000);
const TRAIN_URL = "/d/mnist-train.cnpz?v=1000000000000000";
const TEST_URL = "/d/mnist-test.cnpz?v=2000000000000000";
const entry = (cnpd: ArrayBuffer, count: number, file: string, packed: Uint8Array, sha: string) => ({
  bytes: cnpd.byteLength,
  count,
  download: { file, bytes: packed.length, sha256: sha.padEnd(64, "0") },
});
const manifest = {
  formatVersion: 1,
  stamp: "test",
  files: {
    "mnist-train.bin": entry(train, TRAIN_COUNT, "mnist-train.cnpz", trainPacked, "1"),
    "mnist-test.bin": entry(test, 3, "mnist-test.cnpz", testPacked, "2"),
  },
};
const files = {
  "/d/manifest.json": new TextEncoder().encode(JSON.stringify(manifest)),
  [TRAIN_URL]: trainPacked,
  [TEST_URL]: testPacked,
};

/** Byte offset in the packed train file where image `images` (a block boundary) starts. */
function blockEnd(images: number): number {
  let offset = 24 + TRAIN_COUNT;
  for (let start = 0; start < images; start += 2000) {
    offset += 4 + 2 * new DataView(trainPacked.buffer).getUint32(offset, true);
  }
  return offset;
}

/** Lets pending promise callbacks run (the fake server's sinks are synchronous; the loader's reactions are not). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("streamDataset", () => {
  it("gives the labels first, then images block by block; the test file starts after the first part", async () => {
    const server = streamingServer(files);
    const progress: Array<[number, number]> = [];
    const pending = streamDataset(
      "mnist",
      "/d/",
      (f, arrived) => progress.push([f, arrived]),
      undefined,
      server.fetchBytes,
    );
    while (!server.requested.includes(TRAIN_URL)) await settle();
    server.sendUntil(TRAIN_URL, 24 + TRAIN_COUNT); // header and labels, no pixel yet
    const stream = await pending;
    expect(Buffer.from(stream.train.labels).equals(Buffer.from(train, 16, TRAIN_COUNT))).toBe(true);
    expect(stream.trainArrived()).toBe(0);
    expect(stream.testCount).toBe(3);
    let firstBlock = false;
    void stream.whenTrainArrived(2000).then(() => (firstBlock = true));
    server.sendUntil(TRAIN_URL, blockEnd(2000) - 1);
    await settle();
    expect(firstBlock).toBe(false);
    server.sendUntil(TRAIN_URL, blockEnd(2000));
    await settle();
    expect(firstBlock).toBe(true);
    expect(stream.trainArrived()).toBe(2000);
    const imageBytes = 784;
    const arrivedPixels = stream.train.images.subarray(0, 2000 * imageBytes);
    expect(Buffer.from(arrivedPixels).equals(Buffer.from(train, 16 + TRAIN_COUNT, 2000 * imageBytes))).toBe(true);
    expect(stream.train.images.subarray(2000 * imageBytes).every((v) => v === 0)).toBe(true);
    server.sendUntil(TRAIN_URL, blockEnd(FIRST_PART_IMAGES) - 1);
    await settle();
    expect(server.requested).not.toContain(TEST_URL);
    server.sendUntil(TRAIN_URL, blockEnd(FIRST_PART_IMAGES));
    while (!server.requested.includes(TEST_URL)) await settle();
    expect(stream.trainArrived()).toBe(FIRST_PART_IMAGES);
    server.end(TEST_URL);
    server.end(TRAIN_URL);
    const done = await stream.done;
    expect(done.train).toBe(stream.train); // the same split, filled in place
    expect(Buffer.from(done.train.images).equals(Buffer.from(train, 16 + TRAIN_COUNT))).toBe(true);
    expect(Array.from(done.test.labels)).toEqual([9, 8, 7]);
    const arrivals = progress.map(([, arrived]) => arrived);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(new Set(arrivals)).toEqual(new Set([0, 2000, 8000, 10_000, 12_000])); // as the pieces above ended
    expect(progress.at(-1)).toEqual([1, TRAIN_COUNT]);
  });

  it("a training file damaged after its first part fails the waiters and the load, and aborts the test file", async () => {
    const damaged = trainPacked.slice();
    const at = blockEnd(FIRST_PART_IMAGES);
    damaged.fill(255, at + 4, at + 4 + 4000); // skips of 255: past the end of the block
    const server = streamingServer({ ...files, [TRAIN_URL]: damaged });
    const pending = streamDataset("mnist", "/d/", undefined, undefined, server.fetchBytes);
    while (!server.requested.includes(TRAIN_URL)) await settle();
    server.sendUntil(TRAIN_URL, at);
    const stream = await pending;
    while (!server.requested.includes(TEST_URL)) await settle();
    const waiting = stream.whenTrainArrived(TRAIN_COUNT);
    server.end(TRAIN_URL);
    await expect(waiting).rejects.toThrow(/mnist-train\.cnpz: Packed dataset (writes|skips) past the end of a block/);
    await expect(stream.done).rejects.toThrow(/mnist-train\.cnpz/);
    await expect(stream.trainDone).rejects.toThrow(/mnist-train\.cnpz/);
    expect(server.signals.get(TEST_URL)?.aborted).toBe(true);
    await expect(stream.whenTrainArrived(1)).rejects.toThrow(/mnist-train\.cnpz/);
  });

  it("a training file that fails before its labels rejects the stream and never starts the test file", async () => {
    const server = streamingServer(files, { [TRAIN_URL]: new Error("network down") });
    await expect(streamDataset("mnist", "/d/", undefined, undefined, server.fetchBytes)).rejects.toThrow(
      /network down/,
    );
    await settle();
    expect(server.requested).toEqual(["/d/manifest.json", TRAIN_URL]);
  });

  it("a failing test file aborts the training download", async () => {
    const server = streamingServer(files, { [TEST_URL]: new Error("test file gone") });
    const pending = streamDataset("mnist", "/d/", undefined, undefined, server.fetchBytes);
    while (!server.requested.includes(TRAIN_URL)) await settle();
    server.sendUntil(TRAIN_URL, blockEnd(FIRST_PART_IMAGES));
    const stream = await pending;
    await expect(stream.done).rejects.toThrow(/test file gone/);
    expect(server.signals.get(TRAIN_URL)?.aborted).toBe(true);
    await expect(stream.trainDone).rejects.toThrow(/test file gone/);
  });
});
