import { describe, expect, it } from "vitest";
import { latencyTable, sensitivityTable } from "./chartTables.ts";

describe("lab chart tables", () => {
  it("lists each point's accuracy, size and p50/p95 latency", () => {
    const table = latencyTable([
      {
        name: "V1",
        label: "50% filters · int8",
        kind: "variant",
        accuracy: 0.972,
        latencyMs: 0.8,
        p95Ms: 1.25,
        sizeBytes: 4198,
      },
      { name: "Current (estimate)", label: "x", kind: "estimate", accuracy: 0.9, latencyMs: 2 },
    ]);
    expect(table.columns).toEqual(["Variant", "Settings", "Accuracy", "Size (packed)", "Latency p50", "Latency p95"]);
    expect(table.rows).toEqual([
      ["V1", "50% filters · int8", "97.2%", "4.1 KB", "0.80 ms", "1.25 ms"],
      ["Current (estimate)", "x", "90.0%", "–", "2.00 ms", "–"],
    ]);
  });

  it("flattens the sensitivity series, one row per layer and sparsity", () => {
    const point = (sparsity: number, accuracy: number) => ({
      name: "c",
      label: "",
      kind: "sweep" as const,
      accuracy,
      sparsity,
    });
    const rows = sensitivityTable([{ layer: "conv1", points: [point(0.5, 0.97), point(0.9, 0.6)] }]).rows;
    expect(rows).toEqual([
      ["conv1", "50.0%", "97.0%"],
      ["conv1", "90.0%", "60.0%"],
    ]);
  });
});
