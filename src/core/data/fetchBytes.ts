// Downloads files with fetch + ReadableStream only, so it runs in a Web Worker, on the main thread and in Node 20:
// streamed (progress per chunk), gzip decoded as it arrives (DecompressionStream), and cache-first from Cache
// Storage where the runtime has it (browsers; not Node), so a second visit and an offline one download nothing.
import { ForwardError, countedBody, forward, gunzip, readAll } from "./byteStreams.ts";

/** Reports bytes received so far and the expected total (0 when unknown). */
export type ByteProgress = (loadedBytes: number, totalBytes: number) => void;

/** What the caller knows about a file before fetching it (from the dataset manifest), and how to cache it. */
export interface ExpectedFile {
  /** Bytes on the wire: a body of another length is an error. */
  bytes?: number;
  /** The file is gzip: decode it while it streams (progress still counts the bytes on the wire). */
  gzip?: boolean;
  /** The (decoded) file starts with these ASCII characters: anything else (an HTML error page) is an error. */
  magic?: string;
  /**
   * Keep a copy in this Cache Storage cache (browsers; ignored where there is none). Cache-first, for URLs whose
   * bytes never change (versioned); or network-first, the cached copy used only when the network fails.
   */
  cache?: { name: string; networkFirst?: boolean };
  /**
   * Takes the (decoded) bytes as they arrive, so the caller can use the start of a file before its end: fetchBytes
   * then resolves with an empty buffer once the whole body has passed its checks (a sink must still wait for that
   * before trusting the end of the file). A cached copy reaches it in one piece, after its checks, so a damaged
   * copy that is downloaded again never feeds it twice. What the sink throws fails the fetch as it is.
   */
  sink?: (chunk: Uint8Array) => void;
}

/** Same contract as fetchBytes; injectable so tests and callers can serve bytes from elsewhere. */
export type FetchBytes = (
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expected?: ExpectedFile,
) => Promise<ArrayBuffer>;

/** Content-Length, unless the body is content-encoded (the header then counts other bytes than the stream's), else 0. */
function contentLengthOf(response: Response): number {
  const encoding = response.headers.get("content-encoding");
  const contentLength = Number(response.headers.get("content-length"));
  const isEncoded = encoding !== null && encoding !== "identity";
  return !isEncoded && Number.isInteger(contentLength) && contentLength > 0 ? contentLength : 0;
}

/** Throws unless bytes start with the expected magic (an HTML error page is not the file). */
function checkMagic(url: string, bytes: Uint8Array, magic: string | undefined): void {
  if (magic === undefined) return;
  const found = String.fromCharCode(...bytes.subarray(0, magic.length));
  if (found !== magic) {
    throw new Error(`${url} is not the file expected (it starts with ${JSON.stringify(found)}, not "${magic}")`);
  }
}

/** Cache Storage, where the runtime has it and allows it (not in Node; may throw in private modes). */
async function openCache(cacheName: string | undefined): Promise<Cache | null> {
  if (cacheName === undefined || typeof caches === "undefined") return null;
  try {
    return await caches.open(cacheName);
  } catch {
    return null;
  }
}

/** Drops every other version (same path, another query) of url from the cache. */
async function dropOtherVersions(cache: Cache, url: string): Promise<void> {
  const { pathname, search } = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  for (const request of await cache.keys()) {
    const key = new URL(request.url);
    if (key.pathname === pathname && key.search !== search) await cache.delete(request);
  }
}

/** The cached copy (cache-first), else the network's response; network-first falls back on the cached copy. */
async function cachedOrFetched(
  url: string,
  signal: AbortSignal | undefined,
  cache: Cache | null,
  networkFirst: boolean,
): Promise<{ response: Response; cached: boolean }> {
  const match = async () => (cache ? await cache.match(url).catch(() => undefined) : undefined);
  if (!networkFirst) {
    const hit = await match();
    if (hit) return { response: hit, cached: true };
    return { response: await fetch(url, { signal }), cached: false };
  }
  try {
    return { response: await fetch(url, { signal }), cached: false };
  } catch (error) {
    const hit = signal?.aborted ? undefined : await match();
    if (!hit) throw error;
    return { response: hit, cached: true };
  }
}

/** A cached copy failed its checks (and was dropped from the cache): the caller downloads the file again. */
class CachedCopyError extends Error {}

/** One attempt: the response (from the cache or the network), streamed, decoded and checked. */
async function fetchOnce(
  url: string,
  onProgress: ByteProgress | undefined,
  signal: AbortSignal | undefined,
  expected: ExpectedFile | undefined,
  cache: Cache | null,
): Promise<{ bytes: Uint8Array; fed: boolean }> {
  const { response, cached } = await cachedOrFetched(url, signal, cache, expected?.cache?.networkFirst === true);
  if (!response.ok) throw new Error(`Failed to fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  let stored: Promise<void> = Promise.resolve();
  if (cache && !cached && response.ok) {
    // the cache gets its own copy of the stream; it keeps only a body that arrived whole (put rejects otherwise)
    stored = cache.put(url, response.clone()).catch(() => {});
  }
  try {
    // a download streams into the sink; a cached copy reaches it whole, once checked (see fetchBytes)
    const sink = cached ? undefined : expected?.sink;
    const bytes = await readChecked(url, response, onProgress, signal, expected, sink);
    await stored;
    if (cache && !cached) await dropOtherVersions(cache, url).catch(() => {}); // only once this one is good
    return { bytes, fed: sink !== undefined };
  } catch (error) {
    if (!cache || signal?.aborted) throw error;
    await stored;
    await cache.delete(url).catch(() => false); // never keep a copy that failed its checks
    if (cached) throw new CachedCopyError(`cached ${url} was damaged`, { cause: error });
    throw error;
  }
}

/** Streams the body (counting and reporting its bytes), gzip-decodes it when asked, and checks its length. */
async function readChecked(
  url: string,
  response: Response,
  onProgress: ByteProgress | undefined,
  signal: AbortSignal | undefined,
  expected: ExpectedFile | undefined,
  sink: ((chunk: Uint8Array) => void) | undefined,
): Promise<Uint8Array> {
  let totalBytes = expected?.bytes ?? contentLengthOf(response);
  let loadedBytes = 0;
  const onBytes = (chunkBytes: number) => {
    loadedBytes += chunkBytes;
    totalBytes = Math.max(totalBytes, loadedBytes);
    onProgress?.(loadedBytes, totalBytes);
  };
  const body = response.body ?? new Blob([await response.arrayBuffer()]).stream();
  const { stream, isGzip } = await countedBody(body, onBytes, signal);
  // a host that sends the .gz with Content-Encoding: gzip has it decoded by the browser already: no magic then
  const decodes = expected?.gzip === true && isGzip;
  let bytes: Uint8Array;
  try {
    const decoded = decodes ? stream.pipeThrough(gunzip()) : stream;
    const sizeHint = decodes ? (expected.bytes ?? 0) * 4 : (expected?.bytes ?? totalBytes);
    const magic = expected?.magic;
    bytes = sink
      ? (await forward(decoded, sink, (head) => checkMagic(url, head, magic), magic?.length ?? 0), new Uint8Array(0))
      : await readAll(decoded, sizeHint);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (error instanceof ForwardError) throw error.cause;
    if (!decodes) throw error;
    throw new Error(
      `${url}: the compressed file is damaged or cut short after ${loadedBytes} of ${expected.bytes} bytes (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const alreadyDecoded = expected?.gzip === true && !isGzip;
  if (expected?.bytes !== undefined && !alreadyDecoded && loadedBytes !== expected.bytes) {
    throw new Error(`Fetched ${loadedBytes} bytes from ${url}, expected ${expected.bytes} (stale manifest or cache?)`);
  }
  if (!sink) checkMagic(url, bytes, expected?.magic);
  onProgress?.(loadedBytes, loadedBytes);
  return bytes;
}

/**
 * Fetches url as bytes, streaming so onProgress fires per chunk; throws on HTTP errors, on a damaged gzip body and
 * on a size differing from expected.bytes. With expected.cache, a copy is kept in Cache Storage; a cached copy that
 * fails its checks is dropped (and, cache-first, the file downloaded again). With expected.sink, the bytes go there
 * (see ExpectedFile) and the result is empty.
 */
export async function fetchBytes(
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expected?: ExpectedFile,
): Promise<ArrayBuffer> {
  const cache = await openCache(expected?.cache?.name);
  let fetched: { bytes: Uint8Array; fed: boolean };
  try {
    fetched = await fetchOnce(url, onProgress, signal, expected, cache);
  } catch (error) {
    if (!(error instanceof CachedCopyError)) throw error;
    fetched = await fetchOnce(url, onProgress, signal, expected, cache); // the cached copy was bad: download it
  }
  const { bytes, fed } = fetched;
  if (expected?.sink) {
    try {
      if (!fed) expected.sink(bytes);
    } catch (error) {
      // the copy passed the byte checks, so the server's file is the same: no download again, but no keeping it
      await cache?.delete(url).catch(() => false);
      throw error;
    }
    return new ArrayBuffer(0);
  }
  const buffer = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? buffer
    : buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
