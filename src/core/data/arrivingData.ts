// Training while the training file still downloads (a first visit): the run's parts of the file filled in as the
// images arrive, and each epoch's shuffled order taken from the examples that are in. Pure: typed arrays only.
import { bytesPerImage, type DatasetSplit } from "./datasetFormat.ts";
import type { DatasetStream } from "./loadDataset.ts";

/** Training examples whose pixels may still be arriving, as runTraining sees them. */
export interface ArrivingExamples {
  /** Training examples [0, n) have their pixels (the rest are zeros for now); takes in what arrived since. */
  ready(): number;
  /** Resolves when ready() may have grown; rejects when the download failed. */
  more(): Promise<void>;
  /** Resolves when every training and validation example is in and the file is checked whole. */
  whole(): Promise<void>;
}

/**
 * A copy of the examples at `indices` (sorted file indices) of a split whose images arrive in file order: labels
 * at once, each image as soon as the file's images up to it are in. Examples [0, filled) are copied; since the
 * indices are sorted, that is a prefix. Once every image is in, the copy equals sliceSplit(source, indices).
 */
export class GrowingSlice {
  readonly split: DatasetSplit;
  filled = 0;
  private readonly source: DatasetSplit;
  private readonly indices: Int32Array;

  constructor(source: DatasetSplit, indices: Int32Array) {
    for (let i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= source.count || (i > 0 && indices[i] <= indices[i - 1])) {
        throw new Error(`GrowingSlice: indices must be sorted, distinct and in 0..${source.count - 1}`);
      }
    }
    const labels = Uint8Array.from(indices, (index) => source.labels[index]);
    const images = new Uint8Array(indices.length * bytesPerImage(source));
    this.split = { ...source, count: indices.length, labels, images };
    this.source = source;
    this.indices = indices;
  }

  /** Copies the examples among the source's first `arrived` images that are not copied yet; returns filled. */
  update(arrived: number): number {
    const imageBytes = bytesPerImage(this.source);
    while (this.filled < this.indices.length && this.indices[this.filled] < arrived) {
      const from = this.indices[this.filled] * imageBytes;
      this.split.images.set(this.source.images.subarray(from, from + imageBytes), this.filled * imageBytes);
      this.filled++;
    }
    return this.filled;
  }
}

/**
 * An epoch's shuffled order, taken batch by batch from the examples that are in (below `ready`): one that is not
 * in yet is put aside and taken, in its turn, as soon as it is, ahead of the rest of the order. Every example
 * still comes once per epoch. With every example in from the start, the batches are order's consecutive slices:
 * what the epoch would be without this.
 */
export class ArrivalOrder {
  private next = 0;
  /** Put aside, not in yet, in the order met. */
  private later: number[] = [];
  /** Put aside and in now, to be taken first. */
  private due: number[] = [];
  private dueAt = 0;
  private laterCheckedAt = 0;
  private batch: number[] = [];

  constructor(private readonly order: Int32Array) {}

  /** The next `size` examples, all below `ready`; null when fewer are in (ask again when more are). */
  take(size: number, ready: number): Int32Array | null {
    if (ready > this.laterCheckedAt && this.later.length > 0) {
      const stillOut: number[] = [];
      for (const example of this.later) (example < ready ? this.due : stillOut).push(example);
      this.later = stillOut;
      this.laterCheckedAt = ready;
    }
    while (this.batch.length < size && this.dueAt < this.due.length) this.batch.push(this.due[this.dueAt++]);
    while (this.batch.length < size && this.next < this.order.length) {
      const example = this.order[this.next++];
      (example < ready ? this.batch : this.later).push(example);
    }
    if (this.batch.length < size) return null;
    const batch = Int32Array.from(this.batch);
    this.batch = [];
    return batch;
  }
}

/** What arrivingParts needs of a download in progress (a DatasetStream). */
export type ArrivingFile = Pick<DatasetStream, "train" | "trainArrived" | "whenTrainArrived" | "trainDone">;

/**
 * A run's training and validation parts of a training file that may still be arriving (indices from planTraining),
 * filled in as its images come, and what runTraining needs to wait for them. With the whole file in, the parts
 * are sliceSplit's copies and ready() is their full count from the start.
 */
export function arrivingParts(
  file: ArrivingFile,
  plan: { train: Int32Array; validation: Int32Array },
): { train: DatasetSplit; validation: DatasetSplit; arriving: ArrivingExamples } {
  const train = new GrowingSlice(file.train, plan.train);
  const validation = new GrowingSlice(file.train, plan.validation);
  const ready = () => {
    const arrived = file.trainArrived();
    validation.update(arrived);
    return train.update(arrived);
  };
  ready();
  let whole: Promise<void> | null = null;
  return {
    train: train.split,
    validation: validation.split,
    arriving: {
      ready,
      more: () => file.whenTrainArrived(Math.min(file.train.count, file.trainArrived() + 1)),
      whole: () => (whole ??= file.trainDone.then(() => void ready())),
    },
  };
}
