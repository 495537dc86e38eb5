// Downloads bundled datasets with fetch + ReadableStream only, so it runs in a Web Worker, on the main thread and in Node 20.
import { DATASET_FORMAT_VERSION, decodeDatasetFile, type DatasetSplit } from "./datasetFormat.ts";
import { DATASET_MANIFEST_FILE, DATASETS, type DatasetId } from "./datasets.ts";

/** Reports bytes received so far and the expected total (0 when unknown). */
export type ByteProgress = (loadedBytes: number, totalBytes: number) => void;

/** Same contract as fetchBytes; injectable so tests and callers can serve bytes from elsewhere. */
export type FetchBytes = (
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expectedBytes?: number,
) => Promise<ArrayBuffer>;

/** One file's entry in public/datasets/manifest.json. */
export interface ManifestEntry {
  bytes: number;
  count: number;
}

/** The manifest written by the build script. */
export interface DatasetManifest {
  formatVersion: number;
  stamp: string;
  files: Record<string, ManifestEntry>;
}

/** A dataset's train and test splits, decoded. */
export interface LoadedDataset {
  id: DatasetId;
  train: DatasetSplit;
  test: DatasetSplit;
}

/** Total size from the response: Content-Length unless the body is content-encoded, else expectedBytes, else 0. */
function totalBytesOf(response: Response, expectedBytes: number | undefined): number {
  const encoding = response.headers.get("content-encoding");
  const contentLength = Number(response.headers.get("content-length"));
  const isEncoded = encoding !== null && encoding !== "identity";
  if (!isEncoded && Number.isInteger(contentLength) && contentLength > 0) return contentLength;
  return expectedBytes ?? 0;
}

/** Fetches url as bytes, streaming so onProgress fires per chunk; throws on HTTP errors and on a size differing from expectedBytes. */
export async function fetchBytes(
  url: string,
  onProgress?: ByteProgress,
  signal?: AbortSignal,
  expectedBytes?: number,
): Promise<ArrayBuffer> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Failed to fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  let totalBytes = totalBytesOf(response, expectedBytes);
  let bytes: Uint8Array;
  let loadedBytes = 0;
  if (response.body === null) {
    bytes = new Uint8Array(await response.arrayBuffer());
    loadedBytes = bytes.length;
  } else {
    bytes = new Uint8Array(totalBytes);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loadedBytes + value.length > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, loadedBytes + value.length, 1 << 16));
        grown.set(bytes.subarray(0, loadedBytes));
        bytes = grown;
      }
      bytes.set(value, loadedBytes);
      loadedBytes += value.length;
      totalBytes = Math.max(totalBytes, loadedBytes);
      onProgress?.(loadedBytes, totalBytes);
    }
  }
  if (expectedBytes !== undefined && loadedBytes !== expectedBytes) {
    throw new Error(`Fetched ${loadedBytes} bytes from ${url}, expected ${expectedBytes} (stale manifest or cache?)`);
  }
  onProgress?.(loadedBytes, loadedBytes);
  const buffer = bytes.buffer as ArrayBuffer;
  return loadedBytes === buffer.byteLength ? buffer : buffer.slice(0, loadedBytes);
}

/** Joins a base URL (with or without trailing slash; "" means relative) and a file name. */
function joinUrl(baseUrl: string, fileName: string): string {
  if (baseUrl === "") return fileName;
  return baseUrl.endsWith("/") ? `${baseUrl}${fileName}` : `${baseUrl}/${fileName}`;
}

/** Checks the parsed manifest's shape and format version. */
function parseManifest(json: unknown, url: string): DatasetManifest {
  const manifest = json as Partial<DatasetManifest> | null;
  if (
    typeof manifest !== "object" ||
    manifest === null ||
    typeof manifest.files !== "object" ||
    manifest.files === null
  ) {
    throw new Error(`Invalid dataset manifest at ${url}: no "files" object`);
  }
  if (manifest.formatVersion !== DATASET_FORMAT_VERSION) {
    throw new Error(
      `Dataset manifest at ${url} has format version ${manifest.formatVersion}, expected ${DATASET_FORMAT_VERSION}; rebuild the datasets`,
    );
  }
  return manifest as DatasetManifest;
}

/** Fetches and validates manifest.json under baseUrl. */
export async function loadManifest(
  baseUrl: string,
  fetchBytesFn: FetchBytes = fetchBytes,
  signal?: AbortSignal,
): Promise<DatasetManifest> {
  const url = joinUrl(baseUrl, DATASET_MANIFEST_FILE);
  const buffer = await fetchBytesFn(url, undefined, signal);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(buffer));
  } catch {
    throw new Error(`Dataset manifest at ${url} is not JSON; run node src/build/buildDatasets.mjs`);
  }
  return parseManifest(json, url);
}

/** Decodes a file and checks it against the registry entry and, when given, the manifest's image count. */
function decodeChecked(buffer: ArrayBuffer, id: DatasetId, fileName: string, expectedCount?: number): DatasetSplit {
  let split: DatasetSplit;
  try {
    split = decodeDatasetFile(buffer);
  } catch (error) {
    throw new Error(`${fileName}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const info = DATASETS[id];
  const [rows, cols, channels] = info.inputShape;
  if (
    split.rows !== rows ||
    split.cols !== cols ||
    split.channels !== channels ||
    split.numClasses !== info.numClasses
  ) {
    throw new Error(
      `${fileName}: images are ${split.rows}x${split.cols}x${split.channels} with ${split.numClasses} classes, expected ${rows}x${cols}x${channels} with ${info.numClasses}`,
    );
  }
  if (expectedCount !== undefined && split.count !== expectedCount) {
    throw new Error(`${fileName}: ${split.count} images, the manifest says ${expectedCount}`);
  }
  return split;
}

/** Loads the manifest, then train and test in parallel; onProgress gets the combined fraction 0..1 of bytes. */
export async function loadDataset(
  id: DatasetId,
  baseUrl: string,
  onProgress?: (fraction01: number) => void,
  signal?: AbortSignal,
  fetchBytesFn: FetchBytes = fetchBytes,
): Promise<LoadedDataset> {
  const manifest = await loadManifest(baseUrl, fetchBytesFn, signal);
  const fileNames = [DATASETS[id].files.train, DATASETS[id].files.test];
  const entries = fileNames.map((fileName) => {
    const entry = manifest.files[fileName];
    if (entry === undefined) throw new Error(`Dataset manifest has no entry for ${fileName}; rebuild the datasets`);
    return entry;
  });
  // Cancel the sibling download when one fails, and follow the caller's signal.
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const loaded = entries.map(() => 0);
  const totals = entries.map((entry) => entry.bytes);
  const report = (): void => {
    const totalBytes = totals.reduce((sum, bytes) => sum + bytes, 0);
    const loadedBytes = loaded.reduce((sum, bytes) => sum + bytes, 0);
    onProgress?.(totalBytes > 0 ? Math.min(1, loadedBytes / totalBytes) : 0);
  };
  report();
  try {
    const [train, test] = await Promise.all(
      fileNames.map(async (fileName, i) => {
        const onBytes: ByteProgress = (loadedBytes, totalBytes) => {
          loaded[i] = loadedBytes;
          totals[i] = Math.max(totalBytes, entries[i].bytes);
          report();
        };
        const buffer = await fetchBytesFn(joinUrl(baseUrl, fileName), onBytes, controller.signal, entries[i].bytes);
        return decodeChecked(buffer, id, fileName, entries[i].count);
      }),
    ).catch((error: unknown) => {
      controller.abort(error);
      throw error;
    });
    onProgress?.(1);
    return { id, train, test };
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Loads the 100-image preview (10 test images per class, class by class). */
export async function loadPreview(
  id: DatasetId,
  baseUrl: string,
  fetchBytesFn: FetchBytes = fetchBytes,
  signal?: AbortSignal,
): Promise<DatasetSplit> {
  const fileName = DATASETS[id].files.preview;
  const buffer = await fetchBytesFn(joinUrl(baseUrl, fileName), undefined, signal);
  return decodeChecked(buffer, id, fileName);
}
