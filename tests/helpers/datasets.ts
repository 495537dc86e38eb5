// Test fixture: the generated public/datasets files (built by `npm install`), and MNIST splits read from them.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { decodeDatasetFile, sliceSplit, type DatasetSplit } from "../../src/core/data/datasetFormat.ts";
import type { DatasetManifest } from "../../src/core/data/loadDataset.ts";
import { unpackDataset } from "../../src/core/data/packedFormat.ts";

/** Where src/build/buildDatasets.mjs writes the app's dataset files. */
export const DATASETS_DIR = new URL("../../public/datasets/", import.meta.url);

/** public/datasets/manifest.json. */
export function readManifest(): DatasetManifest {
  return JSON.parse(readFileSync(new URL("manifest.json", DATASETS_DIR), "utf8")) as DatasetManifest;
}

/** The bytes of a download (e.g. "mnist-test.cnpz") as the app gets them from the server. */
export function readDownload(file: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL(file, DATASETS_DIR)));
}

/** A CNPD file the manifest lists (e.g. "mnist-test.bin"), decoded from its download, in its own ArrayBuffer. */
export function readDatasetFile(fileName: string): ArrayBuffer {
  const download = readManifest().files[fileName]?.download;
  if (download === undefined) throw new Error(`public/datasets/manifest.json has no download for ${fileName}`);
  return unpackDataset(gunzipSync(readDownload(download.file)));
}

/** An MNIST split, whole or its first `count` images. */
export function loadMnist(split: "train" | "test", count?: number): DatasetSplit {
  const data = decodeDatasetFile(readDatasetFile(`mnist-${split}.bin`));
  return count === undefined
    ? data
    : sliceSplit(
        data,
        Array.from({ length: count }, (_, i) => i),
      );
}
