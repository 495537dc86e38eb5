import type { BatchMetrics, EpochMetrics } from "../train/metrics.ts";

const cell = (v: number | null) => (v === null || !Number.isFinite(v) ? "" : String(v));

/** One run's metrics as CSV: a row per batch, then a row per epoch (`kind` says which); empty cells where a value is missing. */
export function metricsToCsv(batches: readonly BatchMetrics[], epochs: readonly EpochMetrics[]): string {
  const lines = ["kind,step,epoch,loss,accuracy,val_loss,val_accuracy,examples_per_sec,elapsed_ms"];
  for (const b of batches)
    lines.push(["batch", b.step, b.epochIndex + 1, cell(b.loss), cell(b.accuracy), "", "", "", ""].join(","));
  for (const e of epochs) {
    lines.push(
      [
        "epoch",
        "",
        e.epochIndex + 1,
        cell(e.trainLoss),
        cell(e.trainAccuracy),
        cell(e.valLoss),
        cell(e.valAccuracy),
        cell(e.examplesPerSec),
        cell(e.elapsedMs),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
