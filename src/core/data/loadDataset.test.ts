import { afterEach, describe, expect, it, vi } from "vitest";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { fetchBytes, loadDataset, loadPreview, type FetchBytes } from "./loadDataset.ts";

/** A Response whose body arrives in the given chunks. */
function chunkedResponse(chunks: Uint8Array[], headers: Record<string, string> = {}, status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(chunk));
      controller.close();
    },
  });
  return new Response(body, { status, headers });
}

const BYTES = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
const CHUNKS = [BYTES.subarray(0, 30_000), BYTES.subarray(30_000, 70_000), BYTES.subarray(70_000)];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchBytes", () => {
  it("streams the body and reports progress against Content-Length", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse(CHUNKS, { "content-length": "100000" }));
    const progress: Array<[number, number]> = [];
    const buffer = await fetchBytes("x.bin", (loaded, total) => progress.push([loaded, total]));
    expect(Buffer.from(buffer).equals(BYTES)).toBe(true);
    expect(progress).toEqual([
      [30_000, 100_000],
      [70_000, 100_000],
      [100_000, 100_000],
      [100_000, 100_000],
    ]);
  });

  it("falls back to expectedBytes, or grows when the size is unknown", async () => {
    vi.stubGlobal("fetch", async () =>
      chunkedResponse(CHUNKS, { "content-encoding": "gzip", "content-length": "123" }),
    );
    const totals: number[] = [];
    const buffer = await fetchBytes("x.bin", (_, total) => totals.push(total), undefined, 100_000);
    expect(buffer.byteLength).toBe(100_000);
    expect(new Set(totals)).toEqual(new Set([100_000]));
    vi.stubGlobal("fetch", async () => chunkedResponse(CHUNKS));
    expect(Buffer.from(await fetchBytes("x.bin")).equals(BYTES)).toBe(true);
  });

  it("rejects HTTP errors and size mismatches", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse([], {}, 404));
    await expect(fetchBytes("missing.bin")).rejects.toThrow(/missing\.bin: HTTP 404/);
    vi.stubGlobal("fetch", async () => chunkedResponse(CHUNKS));
    await expect(fetchBytes("x.bin", undefined, undefined, 99_999)).rejects.toThrow(/expected 99999/);
  });
});

/** An in-memory server for loadDataset: two-chunk progress, honours abort signals, records requested URLs. */
function fakeServer(files: Record<string, ArrayBuffer>, requested: string[] = []): FetchBytes {
  return async (url, onProgress, signal) => {
    requested.push(url);
    await Promise.resolve();
    if (signal?.aborted) throw new Error("aborted");
    const buffer = files[url];
    if (buffer === undefined) throw new Error(`404 ${url}`);
    onProgress?.(Math.floor(buffer.byteLength / 2), buffer.byteLength);
    onProgress?.(buffer.byteLength, buffer.byteLength);
    return buffer;
  };
}

const train = makeFixture({ labels: [0, 1, 2, 3, 4, 5], rows: 28, cols: 28 });
const test = makeFixture({ labels: [9, 8], rows: 28, cols: 28 });
const manifest = {
  formatVersion: 1,
  stamp: "test",
  files: {
    "mnist-train.bin": { bytes: train.byteLength, count: 6 },
    "mnist-test.bin": { bytes: test.byteLength, count: 2 },
  },
};
const encodeJson = (value: unknown): ArrayBuffer =>
  new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;

describe("loadDataset", () => {
  it("loads manifest, train and test with monotone combined progress", async () => {
    const requested: string[] = [];
    const server = fakeServer(
      { "/d/manifest.json": encodeJson(manifest), "/d/mnist-train.bin": train, "/d/mnist-test.bin": test },
      requested,
    );
    const fractions: number[] = [];
    const loaded = await loadDataset("mnist", "/d/", (fraction) => fractions.push(fraction), undefined, server);
    expect(loaded.id).toBe("mnist");
    expect(loaded.train.count).toBe(6);
    expect(Array.from(loaded.test.labels)).toEqual([9, 8]);
    expect(requested).toEqual(["/d/manifest.json", "/d/mnist-train.bin", "/d/mnist-test.bin"]);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it("rejects a stale manifest, wrong shapes and aborted loads", async () => {
    const files = { "d/manifest.json": encodeJson(manifest), "d/mnist-train.bin": train, "d/mnist-test.bin": test };
    const badCount = {
      ...manifest,
      files: { ...manifest.files, "mnist-test.bin": { bytes: test.byteLength, count: 3 } },
    };
    await expect(
      loadDataset(
        "mnist",
        "d",
        undefined,
        undefined,
        fakeServer({ ...files, "d/manifest.json": encodeJson(badCount) }),
      ),
    ).rejects.toThrow(/manifest says 3/);
    await expect(loadDataset("fashion-mnist", "d", undefined, undefined, fakeServer(files))).rejects.toThrow(
      /no entry for fashion-mnist-train\.bin/,
    );
    await expect(
      loadDataset(
        "mnist",
        "d",
        undefined,
        undefined,
        fakeServer({ ...files, "d/manifest.json": encodeJson({ ...manifest, formatVersion: 2 }) }),
      ),
    ).rejects.toThrow(/format version 2/);
    const small = makeFixture({ labels: [9, 8] });
    await expect(
      loadDataset("mnist", "d", undefined, undefined, fakeServer({ ...files, "d/mnist-test.bin": small })),
    ).rejects.toThrow(/mnist-test\.bin: images are 4x3x1/);
    await expect(
      loadDataset(
        "mnist",
        "d",
        undefined,
        undefined,
        fakeServer({ ...files, "d/mnist-test.bin": encodeJson("<!doctype html>") }),
      ),
    ).rejects.toThrow(/Not a CNPD/);
    const controller = new AbortController();
    controller.abort();
    await expect(loadDataset("mnist", "d", undefined, controller.signal, fakeServer(files))).rejects.toThrow(/aborted/);
  });

  it("aborts the sibling download when one fails", async () => {
    let testSignal: AbortSignal | undefined;
    const server: FetchBytes = async (url, _onProgress, signal) => {
      if (url.endsWith("manifest.json")) return encodeJson(manifest);
      if (url.endsWith("train.bin")) throw new Error("network down");
      testSignal = signal;
      return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    };
    await expect(loadDataset("mnist", "", undefined, undefined, server)).rejects.toThrow(/network down/);
    expect(testSignal?.aborted).toBe(true);
  });
});

describe("loadPreview", () => {
  it("fetches and decodes the preview file", async () => {
    const preview = makeFixture({ labels: [0, 0, 1, 1], rows: 28, cols: 28 });
    const split = await loadPreview("fashion-mnist", "base", fakeServer({ "base/fashion-mnist-preview.bin": preview }));
    expect(split.count).toBe(4);
  });
});
