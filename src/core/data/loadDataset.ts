// Loads the bundled datasets (manifest, then the compressed files; see fetchBytes.ts): runs in a Web Worker, on the
// main thread and in Node 20.
import { DATASET_FORMAT_VERSION, decodeDatasetFile, type DatasetSplit } from "./datasetFormat.ts";
import { DATASET_MANIFEST_FILE, DATASETS, type DatasetId } from "./datasets.ts";
import { fetchBytes, type ByteProgress, type ExpectedFile, type FetchBytes } from "./fetchBytes.ts";
import { PACKED_MAGIC, unpackDataset } from "./packedFormat.ts";

export { fetchBytes, type ByteProgress, type FetchBytes };

/** One file's entry in public/datasets/manifest.json: the CNPD file's size and image count. */
export interface ManifestEntry {
  bytes: number;
  count: number;
  /** The form the app downloads (CNPZ, gzipped; src/build/packDataset.mjs); absent: the CNPD file itself. */
  download?: DownloadEntry;
}

/** The compressed file of a manifest entry. */
export interface DownloadEntry {
  file: string;
  /** Bytes on the wire. */
  bytes: number;
  /** SHA-256 of the compressed file (hex): its URL carries a prefix, so a cached copy is never stale. */
  sha256: string;
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

/** Cache Storage cache of the downloaded dataset files (cache-first; clearing the site's data empties it). */
export const DATASET_CACHE_NAME = "cnn-playground-datasets";

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
  // network-first: a new build's manifest names new downloads; offline, the copy from the last visit
  const buffer = await fetchBytesFn(url, undefined, signal, {
    cache: { name: DATASET_CACHE_NAME, networkFirst: true },
  });
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

/** Bytes one file costs on the wire: its compressed download, else the file. */
const wireBytes = (entry: ManifestEntry): number => entry.download?.bytes ?? entry.bytes;

/** Fetches one manifest file (its compressed download when there is one, cache-first) and decodes it. */
async function fetchSplit(
  id: DatasetId,
  baseUrl: string,
  fileName: string,
  entry: ManifestEntry,
  fetchBytesFn: FetchBytes,
  onBytes?: ByteProgress,
  signal?: AbortSignal,
): Promise<DatasetSplit> {
  const { download } = entry;
  if (download === undefined) {
    const buffer = await fetchBytesFn(joinUrl(baseUrl, fileName), onBytes, signal, { bytes: entry.bytes });
    return decodeChecked(buffer, id, fileName, entry.count);
  }
  const url = `${joinUrl(baseUrl, download.file)}?v=${download.sha256.slice(0, 16)}`;
  const expected: ExpectedFile = {
    bytes: download.bytes,
    gzip: true,
    magic: PACKED_MAGIC,
    cache: { name: DATASET_CACHE_NAME },
  };
  const packed = await fetchBytesFn(url, onBytes, signal, expected);
  let buffer: ArrayBuffer;
  try {
    buffer = unpackDataset(new Uint8Array(packed));
  } catch (error) {
    throw new Error(`${download.file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return decodeChecked(buffer, id, fileName, entry.count);
}

/** Loads the manifest, then train and test in parallel; onProgress gets the combined fraction 0..1 of bytes on the wire. */
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
  const totals = entries.map(wireBytes);
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
          totals[i] = Math.max(totalBytes, wireBytes(entries[i]));
          report();
        };
        return fetchSplit(id, baseUrl, fileName, entries[i], fetchBytesFn, onBytes, controller.signal);
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

/** Loads the 100-image preview (10 test images per class, class by class), through the manifest. */
export async function loadPreview(
  id: DatasetId,
  baseUrl: string,
  fetchBytesFn: FetchBytes = fetchBytes,
  signal?: AbortSignal,
): Promise<DatasetSplit> {
  const manifest = await loadManifest(baseUrl, fetchBytesFn, signal);
  const fileName = DATASETS[id].files.preview;
  const entry = manifest.files[fileName];
  if (entry === undefined) throw new Error(`Dataset manifest has no entry for ${fileName}; rebuild the datasets`);
  return fetchSplit(id, baseUrl, fileName, entry, fetchBytesFn, undefined, signal);
}
