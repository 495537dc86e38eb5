import type { Divergence } from "./divergence.ts";
/** Loss and accuracy of one training batch, read back from the device in groups. */
export interface BatchMetrics {
  /** 0-based global step (batch index across epochs). */
  step: number;
  epochIndex: number;
  loss: number;
  /** Fraction of the batch classified right, 0–1. */
  accuracy: number;
}

/** Where a run stands: sent with every group of batch metrics. */
export interface TrainProgress {
  epochIndex: number;
  epochs: number;
  /** Batches finished in the current epoch. */
  batchIndex: number;
  batchesPerEpoch: number;
  examplesSeen: number;
  totalExamples: number;
  /** Training examples per second over the run so far, pauses excluded. */
  examplesPerSec: number;
  elapsedMs: number;
  /** Estimated time to the end of the run at the current speed. */
  etaMs: number;
  /** The learning rate of the latest step, when the trainer follows a schedule. */
  learningRate?: number;
}

/** Summary of one finished epoch; validation fields are null without a validation split. */
export interface EpochMetrics {
  epochIndex: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  examplesPerSec: number;
  elapsedMs: number;
}

/** Loss and accuracy over a whole split. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  count: number;
}

/** How a run ended. */
export interface RunSummary {
  status: "completed" | "stopped";
  epochsCompleted: number;
  examplesSeen: number;
  examplesPerSec: number;
  elapsedMs: number;
  /** Set when Stop came before the first batch: the preparing step it came during. */
  stoppedWhile?: string;
  /** Set when the run stopped itself because its loss diverged. */
  diverged?: Divergence;
  /** Set when the GPU was lost mid-run: what happened and where the run can go on from. */
  gpuLost?: string;
}
