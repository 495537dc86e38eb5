/**
 * The person's own classes as a dataset: stored images (STORED_SIZE² colour) turned into the training format (the
 * chosen size and channels), split per class, as the DatasetStream the trainer reads (complete at once: nothing is
 * downloaded).
 */
import type { DatasetSplit } from "../data/datasetFormat.ts";
import type { DatasetStream } from "../data/loadDataset.ts";
import type { CustomDatasetMeta } from "../data/datasets.ts";
import { cropResize, toRgba } from "./cropResize.ts";
import { stratifiedSplit, testCountOf } from "./split.ts";

/** Images are kept at this size, in colour, so the training size can change without the original files. */
export const STORED_SIZE = 32;
export const STORED_CHANNELS = 3;
/** Most images in all classes: 5,000 at 32×32 colour are 15 MB, held in this tab (and its trainer). */
export const MAX_CUSTOM_IMAGES = 5_000;
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
/** The split never changes with the model's seed: the same images are always tested. */
export const CUSTOM_SPLIT_SEED = 1;

/** The image sizes offered: 28×28 grey (as MNIST) or 32×32 colour. */
export const IMAGE_FORMATS = [
  { size: 28, channels: 1, label: "28×28 grey" },
  { size: 32, channels: 3, label: "32×32 colour" },
] as const;
export type ImageFormat = { size: number; channels: 1 | 3 };

/** One class: its name and its stored images. */
export interface CustomClass {
  name: string;
  images: readonly Uint8Array[];
}

/** A stored image in the training format. */
export function toTrainingImage(stored: Uint8Array, format: ImageFormat): Uint8Array {
  if (format.size === STORED_SIZE && format.channels === STORED_CHANNELS) return stored;
  return cropResize(toRgba(stored, STORED_CHANNELS), STORED_SIZE, STORED_SIZE, format.size, format.channels);
}

/** Why these classes cannot train (null when they can). */
export function customRefusal(classes: readonly CustomClass[]): string | null {
  const withImages = classes.filter((c) => c.images.length > 0);
  if (withImages.length < MIN_CLASSES) return "Add images to at least 2 classes before training.";
  const unnamed = classes.findIndex((c) => c.name.trim() === "");
  if (unnamed >= 0) return `Class ${unnamed + 1} has no name: name it (the confusion matrix shows the names).`;
  const names = classes.map((c) => c.name.trim().toLowerCase());
  const twin = classes.find((c, i) => names.indexOf(c.name.trim().toLowerCase()) !== i);
  if (twin) return `Two classes are named “${twin.name.trim()}”: give each class its own name.`;
  const few = classes.find((c) => c.images.length < 2);
  if (few) return `“${few.name}” needs at least 2 images (one to train on, one to test with).`;
  const total = classes.reduce((sum, c) => sum + c.images.length, 0);
  if (total > MAX_CUSTOM_IMAGES) return `Up to ${MAX_CUSTOM_IMAGES.toLocaleString("en")} images: remove some first.`;
  return null;
}

/** The registry meta of these classes (names, format, split counts). */
export function customMetaOf(classes: readonly CustomClass[], format: ImageFormat): CustomDatasetMeta {
  const testCount = classes.reduce((sum, c) => sum + testCountOf(c.images.length), 0);
  const total = classes.reduce((sum, c) => sum + c.images.length, 0);
  return {
    classNames: classes.map((c) => c.name),
    size: format.size,
    channels: format.channels,
    trainCount: total - testCount,
    testCount,
  };
}

/** The classes as training and test splits in the chosen format. */
export function customSplits(
  classes: readonly CustomClass[],
  format: ImageFormat,
): { train: DatasetSplit; test: DatasetSplit } {
  const { train, test } = stratifiedSplit(
    classes.map((c) => c.images.length),
    CUSTOM_SPLIT_SEED,
  );
  const bytes = format.size * format.size * format.channels;
  const toSplit = (part: typeof train): DatasetSplit => {
    const images = new Uint8Array(part.length * bytes);
    const labels = new Uint8Array(part.length);
    part.forEach(({ classIndex, index }, i) => {
      labels[i] = classIndex;
      images.set(toTrainingImage(classes[classIndex].images[index], format), i * bytes);
    });
    const { size, channels } = format;
    return { count: part.length, rows: size, cols: size, channels, numClasses: classes.length, labels, images };
  };
  return { train: toSplit(train), test: toSplit(test) };
}

/** Splits that are whole already, as the stream the trainer reads while a bundled file arrives. */
export function completeStream(splits: { train: DatasetSplit; test: DatasetSplit }): DatasetStream {
  const done = Promise.resolve({ id: "custom" as const, ...splits });
  return {
    id: "custom",
    train: splits.train,
    testCount: splits.test.count,
    trainArrived: () => splits.train.count,
    whenTrainArrived: () => Promise.resolve(),
    trainDone: Promise.resolve(splits.train),
    done,
  };
}
