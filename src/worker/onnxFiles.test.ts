// "Export ONNX" of a kept variant with 8-bit weights and activations: the worker calibrates as the lab does and writes
// a W8A8 file that ONNX Runtime runs with the lab's accuracy.
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import onnxProto from "onnx-proto";
import { beforeAll, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../config/compression.ts";
import { DEFAULT_CONFIG } from "../config/presets.ts";
import { calibrateActivations, predictWithInt8Activations } from "../core/compress/measure.ts";
import { readWeights, weightInfos } from "../core/compress/modelWeights.ts";
import { fakeQuantize } from "../core/compress/quantize.ts";
import { importModelFiles } from "../core/export/modelArtifactsImport.ts";
import { disposeModel } from "../core/model/buildModel.ts";
import { evaluateWith } from "../core/train/trainLoopEvaluate.ts";
import { loadMnist } from "../../tests/helpers/datasets.ts";
import { onnxFile } from "./onnxFiles.ts";

const FIXTURE = new URL("../../tests/fixtures/tiny-mnist/", import.meta.url);

beforeAll(async () => {
  await tf.setBackend("cpu");
  ort.env.wasm.numThreads = 1;
});

it("a W8A8 variant exports as a QDQ graph whose integer kernels score as the lab's simulation", async () => {
  const files = new Map([["weights.bin", new Uint8Array(readFileSync(new URL("weights.bin", FIXTURE)))]]);
  const imported = await importModelFiles(readFileSync(new URL("model.json", FIXTURE), "utf8"), files);
  if (!imported.ok) throw new Error(imported.error);
  const { model } = imported;
  const config = { ...DEFAULT_CONFIG, layers: imported.layers };
  const spec: CompressionSpec = {
    pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: false },
    quantization: { enabled: true, weightBits: 8, granularity: "per-channel", activations: true, qatEpochs: 0 },
  };
  const train = loadMnist("train", 300);
  const test = loadMnist("test", 1000);
  try {
    const masked = await readWeights(model);
    const infos = weightInfos(model);
    const weights = masked.map((w, i) =>
      infos[i].role === "norm"
        ? w
        : fakeQuantize(w, { kind: "int", bits: 8, granularity: "per-channel" }, infos[i].channels),
    );
    const file = await onnxFile(model, config, spec, { config, weights, masked }, "https://example.test/#v=1", train);
    const doc = onnxProto.onnx.ModelProto.decode(file.bytes);
    expect(doc.docString).toContain("Activations: uint8");
    // Tiny's first convolution reads the one-channel image: it and its pooling stay float32, the rest is quantized
    expect(doc.docString).toContain("layers 1–2 (Conv2D, MaxPool2D) run in float32");
    const quantized = doc.graph?.node?.filter((n) => n.opType === "QuantizeLinear").length ?? 0;
    expect(quantized).toBe(config.layers.length - 1);
    expect(file.notes).toEqual([]);
    // the lab's number: the variant's weights, every layer's output fake-quantized with the same calibration
    model.setWeights(weights.map((w, i) => tf.tensor(w, model.weights[i].shape as number[])));
    const ranges = await calibrateActivations(model, train, 300, 10);
    const lab = await evaluateWith((xs) => predictWithInt8Activations(model, xs, ranges), test, 10);
    const session = await ort.InferenceSession.create(file.bytes);
    const pixels = Float32Array.from(test.images, (v) => v / 255);
    const out = (await session.run({ input: new ort.Tensor("float32", pixels, [1000, 28, 28, 1]) })).probabilities
      .data as Float32Array;
    await session.release();
    let correct = 0;
    for (let i = 0; i < 1000; i++) {
      const row = out.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
    }
    console.log(
      `W8A8 file ${(file.bytes.byteLength / 1024).toFixed(1)} KB: real int8 ${correct / 10}%, the lab's simulation ${(lab.accuracy * 100).toFixed(1)}% on 1,000 images`,
    );
    expect(Math.abs(correct / 10 - lab.accuracy * 100)).toBeLessThanOrEqual(1);
  } finally {
    disposeModel(model);
  }
});
