import { afterEach, describe, expect, it, vi } from "vitest";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { fakeCaches } from "../../../tests/helpers/fakeCaches.ts";
import { FILTER_PAETH, compressDataset } from "../../build/packDataset.mjs";
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
    const buffer = await fetchBytes("x.bin", (_, total) => totals.push(total), undefined, { bytes: 100_000 });
    expect(buffer.byteLength).toBe(100_000);
    expect(new Set(totals)).toEqual(new Set([100_000]));
    vi.stubGlobal("fetch", async () => chunkedResponse(CHUNKS));
    expect(Buffer.from(await fetchBytes("x.bin")).equals(BYTES)).toBe(true);
  });

  it("rejects HTTP errors and size mismatches", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse([], {}, 404));
    await expect(fetchBytes("missing.bin")).rejects.toThrow(/missing\.bin: HTTP 404/);
    vi.stubGlobal("fetch", async () => chunkedResponse(CHUNKS));
    await expect(fetchBytes("x.bin", undefined, undefined, { bytes: 99_999 })).rejects.toThrow(/expected 99999/);
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

  it("a failed training file fails the load; the test file, which comes after it, is never asked for", async () => {
    // (a failing test file aborts the training download: streamDataset.test.ts)
    const requested: string[] = [];
    const server: FetchBytes = async (url) => {
      requested.push(url);
      if (url.endsWith("manifest.json")) return encodeJson(manifest);
      throw new Error(url.endsWith("train.bin") ? "network down" : "the test file was asked for");
    };
    await expect(loadDataset("mnist", "", undefined, undefined, server)).rejects.toThrow(/network down/);
    expect(requested).toEqual(["manifest.json", "mnist-train.bin"]);
  });
});

describe("loadDataset with compressed downloads (the build script's files)", () => {
  const compressedManifest = async () => {
    const [trainGz, testGz] = await Promise.all(
      [train, test].map((file) => compressDataset(new Uint8Array(file), FILTER_PAETH)),
    );
    const entry = (file: ArrayBuffer, count: number, name: string, gz: Uint8Array) => ({
      bytes: file.byteLength,
      count,
      download: { file: name, bytes: gz.length, sha256: `${name.length}`.padEnd(64, "0") },
    });
    const files = {
      "mnist-train.bin": entry(train, 6, "mnist-train.cnpz", trainGz),
      "mnist-test.bin": entry(test, 2, "mnist-test.cnpz", testGz),
    };
    return { manifest: { ...manifest, files }, trainGz, testGz };
  };

  it("fetches the downloads (versioned URLs), decodes them to the same images, and reports compressed bytes", async () => {
    const { manifest: packedManifest, trainGz, testGz } = await compressedManifest();
    const served: Record<string, Uint8Array> = {
      "http://localhost/d/manifest.json": new TextEncoder().encode(JSON.stringify(packedManifest)),
      "http://localhost/d/mnist-train.cnpz?v=1600000000000000": trainGz,
      "http://localhost/d/mnist-test.cnpz?v=1500000000000000": testGz,
    };
    const requested: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      requested.push(url);
      const bytes = served[url];
      return bytes ? chunkedResponse([bytes.subarray(0, 100), bytes.subarray(100)]) : new Response("", { status: 404 });
    });
    const fractions: number[] = [];
    vi.stubGlobal("caches", fakeCaches().caches);
    const loaded = await loadDataset("mnist", "http://localhost/d/", (fraction) => fractions.push(fraction));
    expect(requested.sort()).toEqual(Object.keys(served).sort());
    // a second load takes both downloads from the cache; only the manifest is asked for again (network-first)
    requested.length = 0;
    const again = await loadDataset("mnist", "http://localhost/d/");
    expect(requested).toEqual(["http://localhost/d/manifest.json"]);
    expect(Buffer.from(again.train.images).equals(loaded.train.images)).toBe(true);
    expect(Buffer.from(loaded.train.images).equals(Buffer.from(train, 16 + 6))).toBe(true);
    expect(Array.from(loaded.test.labels)).toEqual([9, 8]);
    const total = trainGz.length + testGz.length;
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    expect(fractions).toContain(100 / total);
    expect(fractions.at(-1)).toBe(1);
  });

  it("a damaged download fails the load with the file's name, never gives other images", async () => {
    const { manifest: packedManifest, trainGz, testGz } = await compressedManifest();
    const damaged = trainGz.slice();
    damaged[40] ^= 0xff;
    vi.stubGlobal("fetch", async (url: string) => {
      if (url.endsWith("manifest.json")) return new Response(JSON.stringify(packedManifest));
      return new Response(url.includes("train") ? damaged : testGz);
    });
    await expect(loadDataset("mnist", "/d/")).rejects.toThrow(
      /mnist-train\.cnpz\?v=\w+: the compressed file is damaged/,
    );
  });
});

describe("loadPreview", () => {
  it("fetches the manifest and decodes the preview file", async () => {
    const preview = makeFixture({ labels: [0, 0, 1, 1], rows: 28, cols: 28 });
    const previewManifest = {
      ...manifest,
      files: { "fashion-mnist-preview.bin": { bytes: preview.byteLength, count: 4 } },
    };
    const split = await loadPreview(
      "fashion-mnist",
      "base",
      fakeServer({ "base/manifest.json": encodeJson(previewManifest), "base/fashion-mnist-preview.bin": preview }),
    );
    expect(split.count).toBe(4);
  });
});
