import { describe, expect, it } from "vitest";
import { describeLayer, diffConfigs, diffLayers } from "./configDiff.ts";
import { DEFAULT_CONFIG, PRESETS } from "./presets.ts";
import type { ExperimentConfig, LayerConfig } from "./schema.ts";

const base: ExperimentConfig = DEFAULT_CONFIG;
const L = base.layers;
const dropout = (rate = 0.25): LayerConfig => ({ kind: "dropout", rate });
const with_ = (patch: Partial<ExperimentConfig>): ExperimentConfig => ({ ...base, ...patch });

describe("diffConfigs: training settings", () => {
  it("is empty for the same experiment", () => {
    expect(diffConfigs(base, structuredClone(base))).toEqual([]);
  });

  it("names each training setting that differs, from → to", () => {
    expect(diffConfigs(base, with_({ learningRate: 0.01 }))).toEqual([`learning rate ${base.learningRate} → 0.01`]);
    expect(diffConfigs(with_({ batchSize: 64 }), with_({ batchSize: 128 }))).toEqual(["batch size 64 → 128"]);
    expect(diffConfigs(with_({ epochs: 3 }), with_({ epochs: 5 }))).toEqual(["epochs 3 → 5"]);
    expect(diffConfigs(with_({ optimizer: "sgd" }), with_({ optimizer: "adam" }))).toEqual(["optimizer sgd → adam"]);
    expect(diffConfigs(with_({ seed: 1 }), with_({ seed: 2 }))).toEqual(["seed 1 → 2"]);
    expect(diffConfigs(with_({ datasetId: "mnist" }), with_({ datasetId: "fashion-mnist" }))).toEqual([
      "dataset mnist → fashion-mnist",
    ]);
    expect(diffConfigs(with_({ validationFraction: 0.1 }), with_({ validationFraction: 0 }))).toEqual([
      "validation fraction 0.1 → 0",
    ]);
  });

  it("lists several settings in a fixed order", () => {
    const d = diffConfigs(
      with_({ learningRate: 0.001, batchSize: 64, epochs: 3 }),
      with_({ learningRate: 0.01, batchSize: 128, epochs: 5 }),
    );
    expect(d).toEqual(["learning rate 0.001 → 0.01", "batch size 64 → 128", "epochs 3 → 5"]);
  });

  it("reads an absent L2 and absent training data as their defaults", () => {
    expect(diffConfigs(base, with_({ l2: 0 }))).toEqual([]);
    expect(diffConfigs(base, with_({ l2: 0.001 }))).toEqual(["L2 0 → 0.001"]);
    const data = {
      trainFraction: 1,
      imbalance: { classes: [], fraction: 0.1, classWeights: false },
      augment: { shift: 0, rotate: 0, zoom: 0 },
    };
    expect(diffConfigs(base, with_({ data }))).toEqual([]);
  });

  it("names the training data settings that differ", () => {
    const data = {
      trainFraction: 0.5,
      imbalance: { classes: [3, 5], fraction: 0.1, classWeights: true },
      augment: { shift: 2, rotate: 0, zoom: 0.1 },
    };
    expect(diffConfigs(base, with_({ data }))).toEqual([
      "training fraction 1 → 0.5",
      "imbalanced classes none → 3, 5",
      "class weights off → on",
      "augment shift 0 → 2",
      "augment zoom 0 → 0.1",
    ]);
  });

  it("still shows a setting it does not know by its key", () => {
    const later = { ...base, lrSchedule: "cosine" } as ExperimentConfig;
    expect(diffConfigs(base, later)).toEqual(["lr schedule default → cosine"]);
  });

  it("puts the layers first, then the training settings", () => {
    expect(diffConfigs(base, with_({ layers: [...L, dropout()], epochs: base.epochs + 1 }))).toEqual([
      `+ Dropout 0.25 after layer ${L.length}`,
      `epochs ${base.epochs} → ${base.epochs + 1}`,
    ]);
  });
});

describe("diffLayers: a sequence diff", () => {
  it("is empty for the same layers", () => {
    expect(diffLayers(L, structuredClone(L))).toEqual([]);
  });

  it("names an inserted layer and where it goes, not every later layer", () => {
    const b = [...L.slice(0, 6), dropout(), ...L.slice(6)];
    expect(diffLayers(L, b)).toEqual(["+ Dropout 0.25 after layer 6"]);
  });

  it("names a layer added at the start", () => {
    expect(diffLayers(L, [dropout(0.1), ...L])).toEqual(["+ Dropout 0.1 as layer 1"]);
  });

  it("names a removed layer with its place in the old stack", () => {
    const b = [...L.slice(0, 1), ...L.slice(2)];
    expect(diffLayers(L, b)).toEqual([`− ${describeLayer(L[1])} (layer 2)`]);
  });

  it("reads a changed setting of one layer as a changed layer", () => {
    const b = L.map((l, i) => (i === 0 && l.kind === "conv2d" ? { ...l, filters: 16 } : l));
    expect(L[0].kind).toBe("conv2d");
    expect(diffLayers(L, b)).toEqual([`layer 1 Conv2D: filters ${(L[0] as { filters: number }).filters} → 16`]);
  });

  it("lists every changed setting of a layer", () => {
    const a: LayerConfig[] = [
      { kind: "conv2d", filters: 8, kernelSize: 3, stride: 1, padding: "same", activation: "relu" },
    ];
    const b: LayerConfig[] = [
      { kind: "conv2d", filters: 8, kernelSize: 5, stride: 1, padding: "valid", activation: "tanh" },
    ];
    expect(diffLayers(a, b)).toEqual([
      "layer 1 Conv2D: kernel size 3 → 5, padding same → valid, activation relu → tanh",
    ]);
  });

  it("reads a layer replaced by one of another kind as a removal and an addition", () => {
    const a: LayerConfig[] = [{ kind: "flatten" }];
    const b: LayerConfig[] = [{ kind: "globalAvgPool2d" }];
    const d = diffLayers(a, b);
    expect(d).toHaveLength(2);
    expect(d[0]).toMatch(/^− Flatten \(layer 1\)$/);
    expect(d[1]).toMatch(/^\+ .* as layer 1$/);
  });

  it("finds two separate insertions and a removal", () => {
    const b = [dropout(0.1), ...L.slice(0, 3), dropout(0.5), ...L.slice(4)];
    expect(diffLayers(L, b)).toEqual([
      "+ Dropout 0.1 as layer 1",
      `− ${describeLayer(L[3])} (layer 4)`,
      "+ Dropout 0.5 after layer 4",
    ]);
  });

  it("from empty-looking differences of whole presets it lists something for each side", () => {
    const a = PRESETS.tiny.config.layers;
    const b = PRESETS.lenet5.config.layers;
    const d = diffLayers(a, b);
    expect(d.length).toBeGreaterThan(0);
    expect(diffLayers(b, a).length).toBe(d.length);
  });

  it("describes layers by label and setting", () => {
    expect(describeLayer(dropout(0.3))).toBe("Dropout 0.3");
    expect(describeLayer({ kind: "flatten" })).toBe("Flatten");
    expect(describeLayer({ kind: "dense", units: 10, activation: "relu" })).toMatch(/^Dense /);
  });
});
