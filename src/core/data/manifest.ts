// public/datasets/manifest.json (written by src/build/buildDatasets.mjs): what each dataset file is, and where its
// compressed download is.
import { DATASET_FORMAT_VERSION } from "./datasetFormat.ts";
import { DATASET_MANIFEST_FILE } from "./datasets.ts";
import { fetchBytes, type FetchBytes } from "./fetchBytes.ts";

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

/** Cache Storage cache of the downloaded dataset files (cache-first; clearing the site's data empties it). */
export const DATASET_CACHE_NAME = "cnn-playground-datasets";

/** Joins a base URL (with or without trailing slash; "" means relative) and a file name. */
export function joinUrl(baseUrl: string, fileName: string): string {
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

/** Bytes one file costs on the wire: its compressed download, else the file. */
export const wireBytes = (entry: ManifestEntry): number => entry.download?.bytes ?? entry.bytes;
