// The W8A8 ONNX export of the trained-Tiny fixture in ONNX Runtime: real integer kernels against tfjs's float model
// and the lab's simulated 8-bit activations.
import { readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { beforeAll, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../config/presets.ts";
import { computeLayers, calibrateActivations, predictWithInt8Activations } from "../../compress/measure.ts";
import { weightInfos } from "../../compress/modelWeights.ts";
import { fakeQuantize } from "../../compress/quantize.ts";
import { sliceSplit } from "../../data/datasetFormat.ts";
import { importModelFiles } from "../modelArtifactsImport.ts";
import { disposeModel } from "../../model/buildModel.ts";
import { loadMnist } from "../../../../tests/helpers/datasets.ts";
import { onnxWeightsOf, stackLayerRanges } from "./onnxFromModel.ts";
import { toOnnx } from "./toOnnx.ts";

const FIXTURE = new URL("../../../../tests/fixtures/tiny-mnist/", import.meta.url);

beforeAll(async () => {
  await tf.setBackend("cpu");
  ort.env.wasm.numThreads = 1;
});

it("the trained Tiny as W8A8 (QDQ, int8 per-channel kernels, uint8 activations) agrees with float32 tfjs on ≥ 99% of 1,000 test images", async () => {
  const files = new Map([["weights.bin", new Uint8Array(readFileSync(new URL("weights.bin", FIXTURE)))]]);
  const imported = await importModelFiles(readFileSync(new URL("model.json", FIXTURE), "utf8"), files);
  if (!imported.ok) throw new Error(imported.error);
  const { model, layers } = imported;
  const config = { ...DEFAULT_CONFIG, layers };
  const test = loadMnist("test", 1000);
  const calibration = sliceSplit(
    loadMnist("train", 500),
    Array.from({ length: 500 }, (_, i) => i),
  );
  try {
    const ranges = await calibrateActivations(model, calibration, 500, 10);
    const names = computeLayers(model).map((l) => l.name);
    const int8 = { kind: "int", bits: 8, granularity: "per-channel" } as const;
    const bytes = toOnnx({
      config,
      inputShape: [28, 28, 1],
      numClasses: 10,
      weights: await onnxWeightsOf(model, config),
      docString: "test",
      format: int8,
      activationRanges: stackLayerRanges(names, config, ranges),
    });
    const session = await ort.InferenceSession.create(bytes);
    const pixels = Float32Array.from(test.images, (v) => v / 255);
    const onnxOut = (await session.run({ input: new ort.Tensor("float32", pixels, [1000, 28, 28, 1]) })).probabilities
      .data as Float32Array;
    await session.release();
    const xs = tf.tensor4d(pixels, [1000, 28, 28, 1]);
    const float = (await (model.predict(xs) as tf.Tensor).argMax(1).data()) as Int32Array;
    // the lab's simulation: fake-quantized weights, every layer's output fake-quantized to 8 bits
    for (const info of weightInfos(model)) {
      if (info.role === "norm") continue;
      const w = model.weights.find((v) => v.originalName === info.name)!;
      w.write(
        tf.tensor(fakeQuantize((await w.read().data()) as Float32Array, int8, info.channels), w.shape as number[]),
      );
    }
    const simulated = (await predictWithInt8Activations(model, xs, ranges).argMax(1).data()) as Int32Array;
    xs.dispose();
    let agree = 0;
    let correct = { onnx: 0, float: 0, simulated: 0 };
    for (let i = 0; i < 1000; i++) {
      const row = onnxOut.subarray(i * 10, i * 10 + 10);
      const label = row.indexOf(Math.max(...row));
      if (label === float[i]) agree++;
      correct = {
        onnx: correct.onnx + Number(label === test.labels[i]),
        float: correct.float + Number(float[i] === test.labels[i]),
        simulated: correct.simulated + Number(simulated[i] === test.labels[i]),
      };
    }
    console.log(
      `W8A8 ONNX ${(bytes.byteLength / 1024).toFixed(1)} KB: argmax agrees with float32 on ${agree / 10}% of 1,000; accuracy real int8 ${correct.onnx / 10}%, float32 ${correct.float / 10}%, simulated int8 ${correct.simulated / 10}%`,
    );
    expect(agree).toBeGreaterThanOrEqual(990);
    expect(Math.abs(correct.onnx - correct.simulated)).toBeLessThanOrEqual(10);
  } finally {
    disposeModel(model);
  }
});
