import "fake-indexeddb/auto";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../config/presets.ts";
import { readWeights } from "../core/compress/modelWeights.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import { writeCheckpoint } from "../core/storage/checkpoint.ts";
import { modelFromCheckpoint } from "./gpuLoss.ts";
import { modelFiles } from "./modelFiles.ts";
import { loadMnist } from "../../tests/helpers/datasets.ts";

describe("after a GPU loss", () => {
  beforeAll(async () => {
    await tf.setBackend("wasm");
  });

  it("the run's last checkpoint comes back as the same weights, measured on the test set; another model's is not taken", async () => {
    const config = applyPreset(DEFAULT_CONFIG, "tiny");
    const test = loadMnist("test", 200);
    const model = buildModel(config, [28, 28, 1], 10);
    const { modelJson, weightsBin } = await modelFiles(model, null, undefined);
    expect(
      await writeCheckpoint({
        savedAt: 1,
        config,
        compression: null,
        modelJson,
        weightsBin,
        history: { batches: [], epochs: [] },
        testAccuracy: null,
        backend: "webgl",
      }),
    ).toBe(true);
    const restored = await modelFromCheckpoint(config, test);
    expect(restored).not.toBeNull();
    expect(restored!.test.count).toBe(200);
    const [a, b] = [await readWeights(model), await readWeights(restored!.model)];
    expect(b.map((w) => Array.from(w))).toEqual(a.map((w) => Array.from(w)));
    disposeModel(restored!.model);
    expect(await modelFromCheckpoint(applyPreset(DEFAULT_CONFIG, "lenet5"), test)).toBeNull();
    disposeModel(model);
  });
});
