import { describe, expect, it } from "vitest";
import { metricsToCsv } from "./metricsCsv.ts";

describe("metricsToCsv", () => {
  it("writes a header, a row per batch and per epoch, 1-based epochs, and empty cells for missing values", () => {
    const csv = metricsToCsv(
      [
        { step: 0, epochIndex: 0, loss: 2.3, accuracy: 0.1 },
        { step: 1, epochIndex: 0, loss: Number.NaN, accuracy: 0.25 },
      ],
      [
        {
          epochIndex: 0,
          trainLoss: 1.5,
          trainAccuracy: 0.5,
          valLoss: null,
          valAccuracy: null,
          examplesPerSec: 812.5,
          elapsedMs: 1000,
        },
      ],
    );
    expect(csv.split("\n")).toEqual([
      "kind,step,epoch,loss,accuracy,val_loss,val_accuracy,examples_per_sec,elapsed_ms",
      "batch,0,1,2.3,0.1,,,,",
      "batch,1,1,,0.25,,,,",
      "epoch,,1,1.5,0.5,,,812.5,1000",
      "",
    ]);
  });
});
