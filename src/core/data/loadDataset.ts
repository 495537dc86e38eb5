// Loads the bundled datasets (manifest, then the compressed files; see fetchBytes.ts): runs in a Web Worker, on the
// main thread and in Node 20. The training file is usable while it arrives (streamDataset): its labels first, then
// its images in file order, block by block.
import type { DatasetSplit } from "./datasetFormat.ts";
import { DATASETS, type DatasetId } from "./datasets.ts";
import { fetchBytes, type ByteProgress, type FetchBytes } from "./fetchBytes.ts";
import { loadManifest, wireBytes, type DatasetManifest } from "./manifest.ts";
import { fetchSplit } from "./splitDownload.ts";

export { fetchBytes, type ByteProgress, type FetchBytes };
export { DATASET_CACHE_NAME, loadManifest } from "./manifest.ts";
export type { DatasetManifest, DownloadEntry, ManifestEntry } from "./manifest.ts";

/** A dataset's train and test splits, decoded. */
export interface LoadedDataset {
  id: DatasetId;
  train: DatasetSplit;
  test: DatasetSplit;
}

/**
 * Training may start once this many training images (or all, when fewer) have arrived: enough for every class
 * (the files are in a class-mixed order, see src/build/buildDatasets.mjs) and for the first epochs' batches.
 */
export const FIRST_PART_IMAGES = 10_000;

/** How many of `count` training images training waits for. */
export const firstPartOf = (count: number): number => Math.min(FIRST_PART_IMAGES, count);

/** Progress of a dataset: the fraction 0..1 of its bytes on the wire, and the training images in so far. */
export type DatasetProgress = (fraction01: number, trainArrived: number) => void;

/** A dataset whose training file may still be arriving. */
export interface DatasetStream {
  id: DatasetId;
  /** The training split: labels whole; images [0, trainArrived()) in, the others zeros until they arrive. */
  train: DatasetSplit;
  /** Test images, as the manifest says (the test file comes after the training file's first part). */
  testCount: number;
  /** Training images whose pixels are in: a prefix of the file that only grows. */
  trainArrived(): number;
  /** Resolves once training images [0, count) are in; rejects when the download fails. */
  whenTrainArrived(count: number): Promise<void>;
  /** The training file, whole and checked (the end of a download proves its start: gzip's checksum). */
  trainDone: Promise<DatasetSplit>;
  /** Both splits, whole and checked. */
  done: Promise<LoadedDataset>;
}

/**
 * Loads the manifest and starts the training file, then the test file once the training file's first part is in
 * (so the two do not share the link while training waits). Resolves when the training labels are in; onProgress
 * gets the combined fraction of bytes on the wire and the training images in, on every change of either.
 */
export async function streamDataset(
  id: DatasetId,
  baseUrl: string,
  onProgress?: DatasetProgress,
  signal?: AbortSignal,
  fetchBytesFn: FetchBytes = fetchBytes,
): Promise<DatasetStream> {
  const manifest: DatasetManifest = await loadManifest(baseUrl, fetchBytesFn, signal);
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
  let arrived = 0;
  let failure: { error: unknown } | null = null;
  const report = (): void => {
    const totalBytes = totals.reduce((sum, bytes) => sum + bytes, 0);
    const loadedBytes = loaded.reduce((sum, bytes) => sum + bytes, 0);
    onProgress?.(totalBytes > 0 ? Math.min(1, loadedBytes / totalBytes) : 0, arrived);
  };
  const onBytes =
    (i: number): ByteProgress =>
    (loadedBytes, totalBytes) => {
      loaded[i] = loadedBytes;
      totals[i] = Math.max(totalBytes, wireBytes(entries[i]));
      report();
    };
  const waiters = new Set<{ count: number; resolve: () => void; reject: (error: unknown) => void }>();
  let onLabels!: (split: DatasetSplit) => void;
  const labels = new Promise<DatasetSplit>((resolve) => (onLabels = resolve));
  report();
  const trainDone = fetchSplit(id, baseUrl, fileNames[0], entries[0], fetchBytesFn, onBytes(0), controller.signal, {
    onLabels,
    onImages: (count) => {
      arrived = count;
      for (const waiter of waiters) {
        if (waiter.count > count) continue;
        waiters.delete(waiter);
        waiter.resolve();
      }
      report();
    },
  });
  const whenTrainArrived = (count: number): Promise<void> => {
    if (failure) return Promise.reject(failure.error);
    if (count <= arrived) return Promise.resolve();
    return new Promise((resolve, reject) => waiters.add({ count, resolve, reject }));
  };
  const firstPart = labels.then((train) => whenTrainArrived(firstPartOf(train.count)));
  // a failed training file never starts the test file: firstPart rejects with it (through `failed` below)
  const testDone = firstPart.then(() =>
    fetchSplit(id, baseUrl, fileNames[1], entries[1], fetchBytesFn, onBytes(1), controller.signal),
  );
  const done = Promise.all([trainDone, testDone]).then(([train, test]): LoadedDataset => ({ id, train, test }));
  const failed = done.then(
    () => {
      onProgress?.(1, arrived);
      return null;
    },
    (error: unknown) => {
      failure = { error };
      controller.abort(error);
      for (const waiter of waiters) waiter.reject(error);
      waiters.clear();
      return { error };
    },
  );
  void failed.finally(() => signal?.removeEventListener("abort", onAbort));
  const train = await Promise.race([labels, failed.then((f) => (f ? Promise.reject(f.error) : labels))]);
  return { id, train, testCount: entries[1].count, trainArrived: () => arrived, whenTrainArrived, trainDone, done };
}

/** Loads the manifest, then train and test; onProgress gets the combined fraction 0..1 of bytes on the wire. */
export async function loadDataset(
  id: DatasetId,
  baseUrl: string,
  onProgress?: (fraction01: number) => void,
  signal?: AbortSignal,
  fetchBytesFn: FetchBytes = fetchBytes,
): Promise<LoadedDataset> {
  const stream = await streamDataset(
    id,
    baseUrl,
    onProgress && ((fraction) => onProgress(fraction)),
    signal,
    fetchBytesFn,
  );
  return stream.done;
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
