// One dataset file from the manifest: fetched (its compressed download when there is one, cache-first), decoded as
// it arrives, and checked against the registry and the manifest.
import { decodeDatasetFile, type DatasetSplit } from "./datasetFormat.ts";
import { DATASETS, type DatasetId } from "./datasets.ts";
import type { ByteProgress, ExpectedFile, FetchBytes } from "./fetchBytes.ts";
import { DATASET_CACHE_NAME, joinUrl, type ManifestEntry } from "./manifest.ts";
import { PACKED_MAGIC, PackedDatasetDecoder } from "./packedFormat.ts";

/** Hears about a file while it arrives. */
export interface SplitListener {
  /** The split, once its header and labels are in: its images are zeros until onImages says otherwise. */
  onLabels(split: DatasetSplit): void;
  /** Images [0, arrived) are in (decoded; the file is checked whole only at its end). */
  onImages(arrived: number): void;
}

/** Decodes a file and checks it against the registry entry and, when given, the manifest's image count. */
export function decodeChecked(
  buffer: ArrayBuffer,
  id: DatasetId,
  fileName: string,
  expectedCount?: number,
): DatasetSplit {
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

/** An error of a download's contents, named by its file. */
const named = (file: string, error: unknown) =>
  new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });

/**
 * Fetches one manifest file and resolves with it whole and checked. The listener hears of the split as soon as its
 * labels are in and of its images as they arrive (all at once for a fetcher or a file that does not stream); the
 * split it gets is the one this resolves with, its pixels filled in place.
 */
export async function fetchSplit(
  id: DatasetId,
  baseUrl: string,
  fileName: string,
  entry: ManifestEntry,
  fetchBytesFn: FetchBytes,
  onBytes?: ByteProgress,
  signal?: AbortSignal,
  listener?: SplitListener,
): Promise<DatasetSplit> {
  const { download } = entry;
  if (download === undefined) {
    const buffer = await fetchBytesFn(joinUrl(baseUrl, fileName), onBytes, signal, { bytes: entry.bytes });
    const split = decodeChecked(buffer, id, fileName, entry.count);
    listener?.onLabels(split);
    listener?.onImages(split.count);
    return split;
  }
  const url = `${joinUrl(baseUrl, download.file)}?v=${download.sha256.slice(0, 16)}`;
  const decoder = new PackedDatasetDecoder();
  let split: DatasetSplit | null = null;
  let reported = 0;
  let fed = false;
  const take = (chunk: Uint8Array) => {
    fed = true;
    try {
      decoder.push(chunk);
    } catch (error) {
      throw named(download.file, error);
    }
    if (split === null && decoder.labelsReady && decoder.output !== null) {
      split = decodeChecked(decoder.output, id, fileName, entry.count);
      listener?.onLabels(split);
    }
    if (split !== null && decoder.imagesReady > reported) {
      reported = decoder.imagesReady;
      listener?.onImages(reported);
    }
  };
  const expected: ExpectedFile = {
    bytes: download.bytes,
    gzip: true,
    magic: PACKED_MAGIC,
    cache: { name: DATASET_CACHE_NAME },
    sink: take,
  };
  const packed = await fetchBytesFn(url, onBytes, signal, expected);
  if (!fed) take(new Uint8Array(packed)); // a fetcher that does not stream hands the bytes back instead
  let buffer: ArrayBuffer;
  try {
    buffer = decoder.finish();
  } catch (error) {
    throw named(download.file, error);
  }
  const whole = decodeChecked(buffer, id, fileName, entry.count);
  if (split === null) {
    // a version 1 file decodes only at its end
    listener?.onLabels(whole);
    listener?.onImages(whole.count);
  }
  return split ?? whole;
}
