// ONNX Runtime's side of the lab's measurements, in Node: the timing protocol and the accuracy on a test split.
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { beforeAll, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { importModelFiles } from "../export/modelArtifactsImport.ts";
import { onnxWeightsOf } from "../export/onnx/onnxFromModel.ts";
import { toOnnx } from "../export/onnx/toOnnx.ts";
import { disposeModel } from "../model/buildModel.ts";
import { evaluateModel } from "../train/trainLoopEvaluate.ts";
import { loadMnist } from "../../../tests/helpers/datasets.ts";
import { createSession, onnxAccuracy, onnxLatency } from "./onnxMeasure.ts";

const FIXTURE = new URL("../../../tests/fixtures/tiny-mnist/", import.meta.url);

beforeAll(async () => {
  await tf.setBackend("cpu");
  ort.env.wasm.numThreads = 1;
});

it("times the trained Tiny in ONNX Runtime with the lab's protocol and scores it as tfjs does", async () => {
  const files = new Map([["weights.bin", new Uint8Array(readFileSync(new URL("weights.bin", FIXTURE)))]]);
  const imported = await importModelFiles(readFileSync(new URL("model.json", FIXTURE), "utf8"), files);
  if (!imported.ok) throw new Error(imported.error);
  const config = { ...DEFAULT_CONFIG, layers: imported.layers };
  const test = loadMnist("test", 1000);
  try {
    const bytes = toOnnx({
      config,
      inputShape: [28, 28, 1],
      numClasses: 10,
      weights: await onnxWeightsOf(imported.model, config),
      docString: "",
    });
    const session = await createSession(ort, bytes);
    const stats = await onnxLatency(ort, session, [28, 28, 1], 4, { warmupRuns: 3, timedRuns: 20 });
    expect(stats).toMatchObject({ batch: 4, warmupRuns: 3, timedRuns: 20, budgetHit: false });
    expect(stats.minMs).toBeLessThanOrEqual(stats.p50Ms);
    expect(stats.p50Ms).toBeLessThanOrEqual(stats.p95Ms);
    const onnx = await onnxAccuracy(ort, session, test);
    await session.release();
    const tfjs = await evaluateModel(imported.model, test, 10);
    expect(onnx.count).toBe(1000);
    expect(Math.abs(onnx.accuracy - tfjs.accuracy)).toBeLessThanOrEqual(0.001); // one image may round differently
  } finally {
    disposeModel(imported.model);
  }
});
