// Downloads files with fetch + ReadableStream only, so it runs in a Web Worker, on the main thread and in Node 20:
// streamed (progress per chunk), gzip decoded as it arrives (DecompressionStream), and cache-first from Cache
// Storage where the runtime has it (browsers; not Node), so a second visit and an offline one download nothing.

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
}

/** Same contract as fetchBytes; injectable so tests and callers can serve bytes from elsewhere. */
export type FetchBytes = (
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expected?: ExpectedFile,
) => Promise<ArrayBuffer>;

const GZIP_MAGIC = [0x1f, 0x8b];

/** Content-Length, unless the body is content-encoded (the header then counts other bytes than the stream's), else 0. */
function contentLengthOf(response: Response): number {
  const encoding = response.headers.get("content-encoding");
  const contentLength = Number(response.headers.get("content-length"));
  const isEncoded = encoding !== null && encoding !== "identity";
  return !isEncoded && Number.isInteger(contentLength) && contentLength > 0 ? contentLength : 0;
}

/** Reads a stream to its end into one buffer, growing it when sizeHint was too small. */
async function readAll(stream: ReadableStream<Uint8Array>, sizeHint: number): Promise<Uint8Array> {
  let bytes = new Uint8Array(sizeHint);
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.length > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, length + value.length, 1 << 16));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
    bytes.set(value, length);
    length += value.length;
  }
  return length === bytes.length ? bytes : bytes.slice(0, length);
}

/** The body as a stream that counts its bytes, plus whether it starts with gzip's magic number. */
async function countedBody(
  body: ReadableStream<Uint8Array>,
  onBytes: (chunkBytes: number) => void,
  signal: AbortSignal | undefined,
): Promise<{ stream: ReadableStream<Uint8Array>; isGzip: boolean }> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < GZIP_MAGIC.length) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    headBytes += value.length;
  }
  let first = head.length === 1 ? head[0] : new Uint8Array(headBytes);
  if (head.length > 1) {
    let offset = 0;
    for (const chunk of head) {
      first.set(chunk, offset);
      offset += chunk.length;
    }
  }
  const isGzip = first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // a pull must enqueue or close: it is not called again for a read that is already waiting
      for (;;) {
        signal?.throwIfAborted();
        const chunk = first.length > 0 ? first : (await reader.read()).value;
        first = new Uint8Array(0);
        if (chunk === undefined) return controller.close();
        if (chunk.length === 0) continue;
        onBytes(chunk.length);
        return controller.enqueue(chunk);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { stream, isGzip };
}

/** DecompressionStream("gzip") as a Uint8Array → Uint8Array pair (its writable side takes any BufferSource). */
const gunzip = () => new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

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
): Promise<Uint8Array> {
  const { response, cached } = await cachedOrFetched(url, signal, cache, expected?.cache?.networkFirst === true);
  if (!response.ok) throw new Error(`Failed to fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  let stored: Promise<void> = Promise.resolve();
  if (cache && !cached && response.ok) {
    // the cache gets its own copy of the stream; it keeps only a body that arrived whole (put rejects otherwise)
    stored = cache.put(url, response.clone()).catch(() => {});
  }
  try {
    const bytes = await readChecked(url, response, onProgress, signal, expected);
    await stored;
    if (cache && !cached) await dropOtherVersions(cache, url).catch(() => {}); // only once this one is good
    return bytes;
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
    const sizeHint = decodes ? (expected.bytes ?? 0) * 4 : (expected?.bytes ?? totalBytes);
    bytes = await readAll(decodes ? stream.pipeThrough(gunzip()) : stream, sizeHint);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
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
  const magic = String.fromCharCode(...bytes.subarray(0, expected?.magic?.length ?? 0));
  if (expected?.magic !== undefined && magic !== expected.magic) {
    throw new Error(
      `${url} is not the file expected (it starts with ${JSON.stringify(magic)}, not "${expected.magic}")`,
    );
  }
  onProgress?.(loadedBytes, loadedBytes);
  return bytes;
}

/**
 * Fetches url as bytes, streaming so onProgress fires per chunk; throws on HTTP errors, on a damaged gzip body and
 * on a size differing from expected.bytes. With expected.cache, a copy is kept in Cache Storage; a cached copy that
 * fails its checks is dropped (and, cache-first, the file downloaded again).
 */
export async function fetchBytes(
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expected?: ExpectedFile,
): Promise<ArrayBuffer> {
  const cache = await openCache(expected?.cache?.name);
  let bytes: Uint8Array;
  try {
    bytes = await fetchOnce(url, onProgress, signal, expected, cache);
  } catch (error) {
    if (!(error instanceof CachedCopyError)) throw error;
    bytes = await fetchOnce(url, onProgress, signal, expected, cache); // the cached copy was bad: download it
  }
  const buffer = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? buffer
    : buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
