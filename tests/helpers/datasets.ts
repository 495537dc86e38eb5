// Test fixture: the generated public/datasets files (built by `npm install`), and MNIST splits read from them.
import { readFileSync } from "node:fs";
import { decodeDatasetFile, sliceSplit, type DatasetSplit } from "../../src/core/data/datasetFormat.ts";

/** Where src/build/buildDatasets.mjs writes the app's dataset files. */
export const DATASETS_DIR = new URL("../../public/datasets/", import.meta.url);

/** A generated file (e.g. "mnist-test.bin") in its own ArrayBuffer. */
export function readDatasetFile(fileName: string): ArrayBuffer {
  const bytes = readFileSync(new URL(fileName, DATASETS_DIR));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
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
