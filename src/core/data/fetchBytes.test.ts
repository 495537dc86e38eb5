import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FILTER_NONE, compressDataset } from "../../build/packDataset.mjs";
import { makeFixture } from "../../../tests/fixtures/makeFixture.ts";
import { fakeCaches } from "../../../tests/helpers/fakeCaches.ts";
import { fetchBytes } from "./fetchBytes.ts";
import { unpackDataset } from "./packedFormat.ts";

/** A Response whose body arrives in chunks of `chunkBytes`. */
function chunkedResponse(bytes: Uint8Array, chunkBytes: number, headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunkBytes) controller.enqueue(bytes.slice(i, i + chunkBytes));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

const CNPD = new Uint8Array(
  makeFixture({ labels: [7, 2, 1, 0, 4], rows: 28, cols: 28, pixel: (i, o) => (o % 13 < 4 ? (i * 50 + o) % 256 : 0) }),
);
const GZ = await compressDataset(CNPD, FILTER_NONE);
const URL_V1 = "http://localhost/datasets/x.cnpz?v=1";
const EXPECTED = { bytes: GZ.length, gzip: true, magic: "CNPZ" };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchBytes, compressed", () => {
  it("decodes the build script's gzip while it streams: the identical bytes, progress in compressed bytes", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ, 64));
    const progress: Array<[number, number]> = [];
    const packed = await fetchBytes(URL_V1, (loaded, total) => progress.push([loaded, total]), undefined, EXPECTED);
    expect(Buffer.from(unpackDataset(new Uint8Array(packed))).equals(CNPD)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every(([, total]) => total === GZ.length)).toBe(true);
    expect(progress.map(([loaded]) => loaded)).toEqual([...progress.map(([loaded]) => loaded)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([GZ.length, GZ.length]);
  });

  it("takes a body the browser already decoded (a host that sends Content-Encoding: gzip)", async () => {
    const packed = new Uint8Array(
      await new Response(new Blob([GZ]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer(),
    );
    vi.stubGlobal("fetch", async () => chunkedResponse(packed, 4096, { "content-encoding": "gzip" }));
    const bytes = await fetchBytes(URL_V1, undefined, undefined, EXPECTED);
    expect(Buffer.from(bytes).equals(packed)).toBe(true);
  });

  it("refuses a truncated or corrupted file, and an HTML page, with a clear error", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ.subarray(0, GZ.length - 100), 1000));
    await expect(fetchBytes(URL_V1, undefined, undefined, EXPECTED)).rejects.toThrow(
      /x\.cnpz\?v=1: the compressed file is damaged or cut short after \d+ of \d+ bytes/,
    );
    const corrupt = GZ.slice();
    corrupt[Math.floor(GZ.length / 2)] ^= 0x55;
    vi.stubGlobal("fetch", async () => chunkedResponse(corrupt, 1000));
    await expect(fetchBytes(URL_V1, undefined, undefined, EXPECTED)).rejects.toThrow(/damaged or cut short/);
    const html = new TextEncoder().encode("<!doctype html><title>Not found</title>");
    vi.stubGlobal("fetch", async () => chunkedResponse(html, 10));
    await expect(fetchBytes(URL_V1, undefined, undefined, EXPECTED)).rejects.toThrow(/not the file expected/);
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ, 1000));
    await expect(fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, bytes: GZ.length + 1 })).rejects.toThrow(
      /expected \d+ \(stale manifest or cache\?\)/,
    );
  });
});

describe("fetchBytes with Cache Storage", () => {
  const cache = { name: "datasets" };

  it("cache-first: the second load downloads nothing; a damaged cached copy is dropped and downloaded again", async () => {
    const fake = fakeCaches();
    vi.stubGlobal("caches", fake.caches);
    const fetched: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => (fetched.push(url), chunkedResponse(GZ, 1000)));
    const first = await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache });
    const progress: number[] = [];
    const second = await fetchBytes(URL_V1, (loaded) => progress.push(loaded), undefined, { ...EXPECTED, cache });
    expect(fetched).toEqual([URL_V1]);
    expect(fake.hits).toEqual([URL_V1]);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(progress.at(-1)).toBe(GZ.length); // a cached load reports its bytes too
    fake.stores.get("datasets")!.set(URL_V1, new Response(GZ.slice(0, 500)));
    const third = await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache });
    expect(Buffer.from(third).equals(Buffer.from(first))).toBe(true);
    expect(fetched).toEqual([URL_V1, URL_V1]);
    expect((await (await fake.caches.open("datasets")).match(URL_V1))?.ok).toBe(true);
  });

  it("keeps one version per file and never stores a body that failed its checks", async () => {
    const fake = fakeCaches();
    vi.stubGlobal("caches", fake.caches);
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ, 1000));
    await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache });
    const urlV2 = URL_V1.replace("v=1", "v=2");
    await fetchBytes(urlV2, undefined, undefined, { ...EXPECTED, cache });
    expect([...fake.stores.get("datasets")!.keys()]).toEqual([urlV2]);
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ.subarray(0, GZ.length - 10), 64));
    const urlV3 = URL_V1.replace("v=1", "v=3");
    await expect(fetchBytes(urlV3, undefined, undefined, { ...EXPECTED, cache })).rejects.toThrow(/damaged/);
    expect([...fake.stores.get("datasets")!.keys()]).toEqual([urlV2]);
  });

  it("network-first: a fresh copy when online, the cached one when the network fails", async () => {
    vi.stubGlobal("caches", fakeCaches().caches);
    const manifestCache = { name: "datasets", networkFirst: true };
    const url = "http://localhost/datasets/manifest.json";
    vi.stubGlobal("fetch", async () => new Response('{ "v": 1 }'));
    await fetchBytes(url, undefined, undefined, { cache: manifestCache });
    vi.stubGlobal("fetch", async () => new Response('{ "v": 2 }'));
    expect(new TextDecoder().decode(await fetchBytes(url, undefined, undefined, { cache: manifestCache }))).toBe(
      '{ "v": 2 }',
    );
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(new TextDecoder().decode(await fetchBytes(url, undefined, undefined, { cache: manifestCache }))).toBe(
      '{ "v": 2 }',
    );
    await expect(fetchBytes(`${url}?other`, undefined, undefined, { cache: manifestCache })).rejects.toThrow(
      /Failed to fetch/,
    );
  });
});

/** A body that the test releases piece by piece (release(n): the next n bytes; end(): the rest, then close). */
function heldResponse(bytes: Uint8Array) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const release = (n: number) => {
    controller.enqueue(bytes.slice(sent, sent + n));
    sent += n;
  };
  const end = () => {
    if (sent < bytes.length) release(bytes.length - sent);
    controller.close();
  };
  return { response: new Response(body), release, end };
}

/** Waits (by polling state, not time) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("fetchBytes with a sink", () => {
  const collect = () => {
    const chunks: Uint8Array[] = [];
    const bytes = () => Buffer.concat(chunks);
    return { chunks, bytes, sink: (chunk: Uint8Array) => void chunks.push(chunk.slice()) };
  };

  it("hands the decoded bytes over as they arrive, before the body ends, and resolves empty once checked", async () => {
    const held = heldResponse(GZ);
    vi.stubGlobal("fetch", async () => held.response);
    const { bytes, sink } = collect();
    let settled = false;
    const fetched = fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, sink }).finally(() => (settled = true));
    held.release(Math.floor(GZ.length / 2));
    await until(() => bytes().length > 0);
    expect(settled).toBe(false);
    // only a part so far, and it is the start of the file
    const packed = gunzipSync(GZ);
    expect(bytes().length).toBeLessThan(packed.length);
    expect(bytes().equals(packed.subarray(0, bytes().length))).toBe(true);
    held.end();
    expect((await fetched).byteLength).toBe(0);
    expect(Buffer.from(unpackDataset(bytes())).equals(CNPD)).toBe(true);
  });

  it("a cached copy reaches the sink once, whole and checked; a damaged one is downloaded again, fed once", async () => {
    const fake = fakeCaches();
    vi.stubGlobal("caches", fake.caches);
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ, 1000));
    const cache = { name: "datasets" };
    const first = collect();
    await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache, sink: first.sink });
    const second = collect();
    await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache, sink: second.sink });
    expect(second.chunks.length).toBe(1);
    expect(second.bytes().equals(first.bytes())).toBe(true);
    fake.stores.get("datasets")!.set(URL_V1, new Response(GZ.slice(0, 500)));
    const third = collect();
    await fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, cache, sink: third.sink });
    expect(third.bytes().equals(first.bytes())).toBe(true);
  });

  it("an HTML page never reaches the sink; what the sink throws fails the fetch as it is", async () => {
    const html = new TextEncoder().encode("<!doctype html><title>Not found</title>");
    vi.stubGlobal("fetch", async () => chunkedResponse(html, 2));
    const { chunks, sink } = collect();
    await expect(fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, sink })).rejects.toThrow(
      /not the file expected \(it starts with "<!do"/,
    );
    expect(chunks).toEqual([]);
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ, 1000));
    const failing = () => {
      throw new Error("the decoder says no");
    };
    await expect(fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, sink: failing })).rejects.toThrow(
      /^the decoder says no$/,
    );
  });

  it("a body cut short fails after the sink had the part that arrived", async () => {
    vi.stubGlobal("fetch", async () => chunkedResponse(GZ.subarray(0, GZ.length - 100), 1000));
    const { bytes, sink } = collect();
    await expect(fetchBytes(URL_V1, undefined, undefined, { ...EXPECTED, sink })).rejects.toThrow(
      /damaged or cut short/,
    );
    expect(bytes().length).toBeGreaterThan(0);
  });
});
