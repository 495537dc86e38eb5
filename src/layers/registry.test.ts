// Every layer kind in the registry, checked the same way: a new kind's module is covered without a line here.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { formatLayer, readLayers } from "../config/layerNotation.ts";
import { DEFAULT_CONFIG } from "../config/presets.ts";
import { ExperimentConfig, type LayerConfig } from "../config/schema.ts";
import { toKerasCode } from "../core/export/kerasCode.ts";
import { expectedWeights } from "../core/export/kerasTopology.ts";
import { exportArtifacts, toModelFiles } from "../core/export/modelArtifacts.ts";
import { importModelFiles } from "../core/export/modelArtifactsImport.ts";
import { toPytorchCode } from "../core/export/pytorchCode.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import { estimateTrainingBytes } from "../core/model/memoryBudget.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { LAYER_KINDS, LAYER_SPECS, type LayerKind } from "./registry.ts";

const MNIST: [number, number, number] = [28, 28, 1];
const CONV: LayerConfig = { kind: "conv2d", filters: 3, kernelSize: 3, stride: 1, padding: "same", activation: "relu" };

/** A small valid stack around a kind's default layer. */
function stackAround(kind: LayerKind): LayerConfig[] {
  const spec = LAYER_SPECS[kind];
  const layer = { ...spec.defaults } as LayerConfig;
  if (spec.input === "flat") return [CONV, { kind: "flatten" }, layer];
  if (spec.flattens) return [CONV, layer];
  return [CONV, layer, { kind: "flatten" }];
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the layer registry", () => {
  it("has one module per kind with unique link codes and Keras classes", () => {
    expect(new Set(LAYER_KINDS).size).toBe(LAYER_KINDS.length);
    expect(new Set(LAYER_KINDS.map((k) => LAYER_SPECS[k].notation.code)).size).toBe(LAYER_KINDS.length);
    expect(new Set(LAYER_KINDS.map((k) => LAYER_SPECS[k].keras.className)).size).toBe(LAYER_KINDS.length);
    for (const kind of LAYER_KINDS) {
      const spec = LAYER_SPECS[kind];
      expect(spec.kind).toBe(kind);
      expect(spec.schema.safeParse(spec.defaults).success).toBe(true);
      const note = spec.note;
      if ("sameAs" in note) expect(LAYER_KINDS).toContain(note.sameAs);
      else expect(note.title && note.text && note.formula).toBeTruthy();
    }
  });

  it.each(LAYER_KINDS)("%s: the link writes and reads its default layer and its example", (kind) => {
    const spec = LAYER_SPECS[kind];
    const errors: string[] = [];
    const stack = stackAround(kind);
    expect(readLayers(stack.map(formatLayer).join(","), errors)).toEqual(stack);
    readLayers(spec.notation.example, errors);
    expect(errors).toEqual([]);
  });

  it.each(LAYER_KINDS)("%s: shapes, parameters and weights equal what tfjs builds; memory is estimated", (kind) => {
    const config = { ...DEFAULT_CONFIG, layers: stackAround(kind) };
    expect(ExperimentConfig.safeParse(config).success).toBe(true);
    const stats = inferShapes(config.layers, MNIST, 10);
    expect(stats.error).toBeNull();
    const model = buildModel(config, MNIST, 10);
    try {
      expect(stats.totalParams).toBe(model.countParams());
      const built = model.weights.map((w) => ({ name: w.originalName, shape: w.shape }));
      const expected = expectedWeights(config.layers, MNIST, 10);
      expect([...built].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        [...expected].sort((a, b) => a.name.localeCompare(b.name)),
      );
      expect(estimateTrainingBytes(config.layers, MNIST, 10, 32, "adam")?.totalBytes).toBeGreaterThan(
        4 * stats.totalParams,
      );
    } finally {
      disposeModel(model);
    }
  });

  it.each(LAYER_KINDS)("%s: tfjs Layers files round-trip; Keras and PyTorch code name it", async (kind) => {
    const config = { ...DEFAULT_CONFIG, layers: stackAround(kind) };
    const model = buildModel(config, MNIST, 10);
    try {
      const { modelJson, weightsBin } = toModelFiles((await exportArtifacts(model)).artifacts);
      const imported = await importModelFiles(modelJson, new Map([["weights.bin", weightsBin]]));
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.layers).toEqual(config.layers);
      disposeModel(imported.model);
    } finally {
      disposeModel(model);
    }
    const spec = LAYER_SPECS[kind];
    expect(toKerasCode(config)).toContain(spec.keras.code(spec.defaults as never));
    const at = spec.input === "flat" ? 2 : 1; // the kind's own layer in stackAround
    const input = inferShapes(config.layers, MNIST, 10).layers[at - 1].outputShape;
    for (const module of spec.torch(spec.defaults as never, input))
      expect(toPytorchCode(config)).toContain(module.split("  # ")[0]);
  });
});
