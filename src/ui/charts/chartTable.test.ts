import { describe, expect, it } from "vitest";
import { batchTableRows, epochTableRows } from "./chartData.ts";

describe("chart tables", () => {
  it("lists every epoch with training and validation loss and accuracy", () => {
    const rows = epochTableRows([
      {
        epochIndex: 0,
        trainLoss: 0.51234,
        trainAccuracy: 0.8,
        valLoss: null,
        valAccuracy: null,
        examplesPerSec: 1,
        elapsedMs: 1,
      },
      {
        epochIndex: 1,
        trainLoss: 0.2,
        trainAccuracy: 0.95,
        valLoss: 0.1,
        valAccuracy: 0.971,
        examplesPerSec: 1,
        elapsedMs: 2,
      },
    ]);
    expect(rows).toEqual([
      ["1", "0.5123", "80.0%", "–", "–"],
      ["2", "0.2000", "95.0%", "0.1000", "97.1%"],
    ]);
  });

  it("keeps the newest batches only", () => {
    const batches = Array.from({ length: 50 }, (_, i) => ({
      step: i * 2,
      epochIndex: 0,
      loss: 1 / (i + 1),
      accuracy: i / 50,
      lossSmooth: Number.NaN,
      accuracySmooth: i / 50,
    }));
    const rows = batchTableRows(batches, 20);
    expect(rows).toHaveLength(20);
    expect(rows[0][0]).toBe("60");
    expect(rows.at(-1)).toEqual(["98", "–", "98.0%", (1 / 50).toFixed(4), "98.0%"]);
  });
});
