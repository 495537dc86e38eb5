import { describe, expect, it } from "vitest";
import { runBefore, type PerClassEntry } from "./inspectStore.ts";

const entry = (runId: number, datasetId: "mnist" | "fashion-mnist"): PerClassEntry => ({
  runId,
  title: `run ${runId}`,
  datasetId,
  perClass: Array(10).fill(0.9),
});

describe("Run before", () => {
  it("compares a run with the run before it on the same dataset only", () => {
    expect(runBefore([entry(1, "mnist"), entry(2, "fashion-mnist")])).toBeNull(); // MNIST digit 6 is not Fashion's "Shirt"
    expect(runBefore([entry(1, "mnist"), entry(2, "fashion-mnist"), entry(3, "mnist")])?.runId).toBe(1);
    expect(runBefore([entry(1, "fashion-mnist"), entry(2, "fashion-mnist")])?.runId).toBe(1);
    expect(runBefore([entry(1, "mnist")])).toBeNull();
  });
});
