import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./presets.ts";
import { continuesWeights } from "./continueRule.ts";

describe("continue rule", () => {
  it("epochs, batch size, validation split and L2 continue the trained weights; the model, optimizer, rate, seed or dataset start fresh", () => {
    for (const change of [{ epochs: 7 }, { batchSize: 128 }, { validationFraction: 0.2 }, { l2: 0.001 }]) {
      expect(continuesWeights(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, ...change })).toBe(true);
    }
    for (const change of [
      { learningRate: 0.01 },
      { seed: 7 },
      { optimizer: "sgd" as const },
      { datasetId: "fashion-mnist" as const },
      { layers: DEFAULT_CONFIG.layers.slice(1) },
    ]) {
      expect(continuesWeights(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, ...change })).toBe(false);
    }
  });
});
