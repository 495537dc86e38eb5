import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, PRESET_IDS, applyPreset, NEW_LAYER } from "./presets.ts";
import { ExperimentConfig, LayerConfig, LIMITS } from "./schema.ts";

describe("ExperimentConfig schema", () => {
  it("accepts the default config, every preset and every new layer", () => {
    expect(ExperimentConfig.parse(DEFAULT_CONFIG)).toEqual(DEFAULT_CONFIG);
    for (const id of PRESET_IDS) expect(ExperimentConfig.safeParse(applyPreset(DEFAULT_CONFIG, id)).success).toBe(true);
    for (const layer of Object.values(NEW_LAYER)) expect(LayerConfig.safeParse(layer).success).toBe(true);
  });

  it("rejects values outside the hard limits", () => {
    const bad = [
      { ...DEFAULT_CONFIG, learningRate: 0 },
      { ...DEFAULT_CONFIG, learningRate: Number.NaN },
      { ...DEFAULT_CONFIG, batchSize: 0 },
      { ...DEFAULT_CONFIG, batchSize: 2.5 },
      { ...DEFAULT_CONFIG, epochs: 51 },
      { ...DEFAULT_CONFIG, validationFraction: 0.9 },
      { ...DEFAULT_CONFIG, datasetId: "cifar" },
      { ...DEFAULT_CONFIG, layers: [] },
      { ...DEFAULT_CONFIG, layers: Array(LIMITS.maxLayers + 1).fill({ kind: "batchNorm" }) },
      { ...DEFAULT_CONFIG, layers: [{ ...NEW_LAYER.conv2d, filters: LIMITS.maxFilters + 1 }] },
      { ...DEFAULT_CONFIG, layers: [{ ...NEW_LAYER.dense, units: 0 }] },
      { ...DEFAULT_CONFIG, layers: [{ kind: "conv3d" }] },
    ];
    for (const config of bad)
      expect(ExperimentConfig.safeParse(config).success, JSON.stringify(config).slice(0, 80)).toBe(false);
  });

  it("presets replace the architecture but keep dataset and seed", () => {
    const config = applyPreset({ ...DEFAULT_CONFIG, datasetId: "fashion-mnist", seed: 7 }, "tiny");
    expect(config.datasetId).toBe("fashion-mnist");
    expect(config.seed).toBe(7);
    expect(config.layers[0]).toMatchObject({ kind: "conv2d", filters: 8 });
  });
});
