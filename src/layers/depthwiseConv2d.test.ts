// DepthwiseConv2D end to end: the link, shapes and costs against tfjs, training on the WASM gradient kernels,
// Keras/tfjs files, Python code, and structured filter pruning through it.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { formatLayer, readLayers } from "../config/layerNotation.ts";
import { DEFAULT_CONFIG } from "../config/presets.ts";
import type { ExperimentConfig, LayerConfig } from "../config/schema.ts";
import { registerGradientKernels } from "../core/backends/gradKernels.ts";
import { buildPrunedModel, planFilterPruning } from "../core/compress/filterPruning.ts";
import { readWeights, weightInfos, writeWeights } from "../core/compress/modelWeights.ts";
import { toKerasCode } from "../core/export/kerasCode.ts";
import { exportArtifacts, toModelFiles } from "../core/export/modelArtifacts.ts";
import { importModelFiles } from "../core/export/modelArtifactsImport.ts";
import { toPytorchCode } from "../core/export/pytorchCode.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { createRng } from "../core/random.ts";
import type { DepthwiseConv2DLayer } from "./depthwiseConv2d.ts";

const MNIST: [number, number, number] = [28, 28, 1];
const conv = (filters: number): LayerConfig => ({
  kind: "conv2d",
  filters,
  kernelSize: 3,
  stride: 1,
  padding: "same",
  activation: "relu",
});
const dw = (
  kernelSize: number,
  stride: number,
  padding: "same" | "valid",
  activation: DepthwiseConv2DLayer["activation"] = "relu",
): LayerConfig => ({ kind: "depthwiseConv2d", kernelSize, stride, padding, activation });
const withLayers = (layers: LayerConfig[], extra: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  layers,
  ...extra,
});

beforeAll(async () => {
  await tf.setBackend("wasm");
  registerGradientKernels("wasm");
});

describe("DepthwiseConv2D in the link", () => {
  it("writes dw<kernel>[s<stride>][p][.activation] and reads it back", () => {
    const layers = [dw(3, 1, "valid"), dw(5, 2, "same", "tanh"), dw(1, 3, "same", "leakyRelu")];
    expect(layers.map(formatLayer)).toEqual(["dw3", "dw5s2p.tanh", "dw1s3p.leakyRelu"]);
    const errors: string[] = [];
    expect(readLayers("c8k3p,dw3,dw5s2p.tanh,dw1s3p.leakyRelu,gap", errors)).toEqual([
      conv(8),
      ...layers,
      { kind: "globalAvgPool2d" },
    ]);
    expect(errors).toEqual([]);
  });

  it("names what is wrong with a bad token", () => {
    const errors: string[] = [];
    readLayers("c8k3,dw9,f", errors);
    readLayers("c8k3,dw3s2x,f", errors);
    expect(errors[0]).toContain('Layer 2 ("dw9"): kernel size must be at most 7');
    expect(errors[1]).toContain('Layer 2 ("dw3s2x"): not written like dw3s2p.tanh');
  });
});

describe("DepthwiseConv2D shapes and costs", () => {
  it("keeps the channels: K²C + C parameters and OH·OW·K²C MACs", () => {
    const stats = inferShapes([conv(8), dw(3, 2, "same"), { kind: "flatten" }], MNIST, 10);
    expect(stats.error).toBeNull();
    expect(stats.layers[1]).toMatchObject({
      label: "DepthwiseConv2D",
      outputShape: [14, 14, 8],
      params: 9 * 8 + 8,
      macs: 14 * 14 * 9 * 8,
    });
  });

  it("says when it gets a flat vector or when the kernel leaves nothing", () => {
    expect(inferShapes([{ kind: "flatten" }, dw(3, 1, "same")], MNIST, 10).error?.message).toMatch(
      /^DepthwiseConv2D needs an image/,
    );
    const stack = [
      { kind: "maxPool2d", poolSize: 4, stride: 4, padding: "valid" } as const,
      { kind: "maxPool2d", poolSize: 4, stride: 4, padding: "valid" } as const,
      dw(3, 1, "valid"),
      { kind: "flatten" } as const,
    ];
    expect(inferShapes(stack, MNIST, 10).error).toMatchObject({
      layerIndex: 2,
      message: expect.stringMatching(/^3×3 conv on a 1×1 input leaves nothing/),
    });
  });

  it("equals tfjs's parameter count and output shape for every kernel, stride and padding", () => {
    for (const kernelSize of [1, 2, 3, 5, 7]) {
      for (const stride of [1, 2, 3]) {
        for (const padding of ["same", "valid"] as const) {
          const config = withLayers([conv(3), dw(kernelSize, stride, padding, "elu"), { kind: "flatten" }]);
          const stats = inferShapes(config.layers, MNIST, 10);
          const model = buildModel(config, MNIST, 10);
          try {
            expect(stats.totalParams).toBe(model.countParams());
            expect([...stats.layers[1].outputShape]).toEqual(
              (model.getLayer("layer2_depthwiseConv2d").outputShape as number[]).slice(1),
            );
          } finally {
            disposeModel(model);
          }
        }
      }
    }
  });
});

describe("DepthwiseConv2D trains", () => {
  it("one SGD step on WASM (our gradient kernels) moves every weight as tfjs's CPU kernels do", async () => {
    const config = withLayers([conv(4), dw(3, 2, "same"), dw(5, 1, "valid", "leakyRelu"), { kind: "flatten" }], {
      optimizer: "sgd",
      learningRate: 0.5,
    });
    const rng = createRng(5);
    const pixels = Float32Array.from({ length: 8 * 28 * 28 }, () => rng.next());
    const labels = Array.from({ length: 8 }, (_, i) => i % 10);
    const stepOn = async (backend: "cpu" | "wasm") => {
      await tf.setBackend(backend);
      const model = buildModel(config, MNIST, 10);
      const xs = tf.tensor4d(pixels, [8, 28, 28, 1]);
      const ys = tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat();
      try {
        const before = await readWeights(model);
        await model.trainOnBatch(xs, ys);
        const after = await readWeights(model);
        return { before, after };
      } finally {
        tf.dispose([xs, ys]);
        disposeModel(model);
      }
    };
    const cpu = await stepOn("cpu");
    const wasm = await stepOn("wasm");
    expect(wasm.before).toEqual(cpu.before);
    wasm.after.forEach((values, i) => {
      const moved = values.some((v, j) => v !== wasm.before[i][j]);
      expect(moved, `weight ${i} moves`).toBe(true);
      values.forEach((v, j) => expect(Math.abs(v - cpu.after[i][j])).toBeLessThan(1e-4));
    });
  });
});

describe("DepthwiseConv2D exports", () => {
  it("round-trips through the tfjs Layers files with the same predictions", async () => {
    const config = withLayers([
      conv(4),
      dw(3, 2, "same", "leakyRelu"),
      { kind: "batchNorm" },
      dw(3, 1, "valid", "tanh"),
      { kind: "globalAvgPool2d" },
    ]);
    const model = buildModel(config, MNIST, 10);
    const xs = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 4);
    try {
      const { modelJson, weightsBin } = toModelFiles((await exportArtifacts(model)).artifacts);
      expect(modelJson).toContain('"class_name":"DepthwiseConv2D"');
      const imported = await importModelFiles(modelJson, new Map([["weights.bin", weightsBin]]));
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.layers).toEqual(config.layers);
      const [a, b] = [model.predict(xs) as tf.Tensor, imported.model.predict(xs) as tf.Tensor];
      expect((await tf.max(tf.abs(tf.sub(a, b))).data())[0]).toBeLessThan(1e-6);
      tf.dispose([a, b]);
      disposeModel(imported.model);
    } finally {
      xs.dispose();
      disposeModel(model);
    }
  });

  it("writes Keras and PyTorch layers with TensorFlow's padding", () => {
    const config = withLayers([conv(8), dw(3, 2, "same"), dw(4, 1, "same", "linear"), { kind: "flatten" }]);
    const keras = toKerasCode(config);
    expect(keras).toContain('layers.DepthwiseConv2D(3, strides=2, padding="same", activation="relu"),  # -> 14x14x8');
    expect(keras).toContain('layers.DepthwiseConv2D(4, padding="same"),  # -> 14x14x8');
    const torch = toPytorchCode(config);
    // 28 → 14 with a 3×3 kernel and stride 2: TF pads 0 before and 1 after; a 4×4 kernel at stride 1 pads 1 and 2
    expect(torch).toContain('nn.ZeroPad2d((0, 1, 0, 1)),  # TF "same" padding, odd pixel right/bottom');
    expect(torch).toContain("nn.Conv2d(8, 8, kernel_size=3, stride=2, groups=8),  # depthwise");
    expect(torch).toContain("nn.ZeroPad2d((1, 2, 1, 2)),");
    expect(torch).toContain("nn.Conv2d(8, 8, kernel_size=4, stride=1, groups=8),  # depthwise");
  });
});

describe("DepthwiseConv2D under structured filter pruning", () => {
  it("keeps the filters of the surviving channels: same predictions, fewer MACs", async () => {
    const config = withLayers([
      conv(8),
      dw(3, 1, "same"),
      { kind: "flatten" },
      { kind: "dense", units: 16, activation: "relu" },
    ]);
    const model = buildModel(config, MNIST, 10);
    const infos = weightInfos(model);
    const values = await readWeights(model);
    // dead conv filters 1, 3, 5, 7 (kernel and bias): the depthwise layer's channels 1, 3, 5, 7 carry only its bias
    infos.forEach((info, i) => {
      if (info.layerName === "layer1_conv2d") values[i] = values[i].map((v, j) => ((j % 8) % 2 === 1 ? 0 : v));
      if (info.layerName === "layer2_depthwiseConv2d" && info.name.endsWith("/bias"))
        values[i] = values[i].map((v, j) => (j % 2 === 1 ? 0 : v));
    });
    writeWeights(model, values);
    const plan = planFilterPruning(model, config, 0.5);
    expect(plan.get(0)).toEqual([0, 2, 4, 6]);
    expect(plan.has(1)).toBe(false); // not prunable itself
    plan.delete(3); // the dense layer keeps its units: only the conv's dead filters go
    const { model: small, config: smallConfig } = buildPrunedModel(model, config, plan, MNIST, 10);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 3);
    try {
      expect(smallConfig.layers[1]).toEqual(config.layers[1]);
      const [a, b] = [model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor];
      expect((await tf.max(tf.abs(tf.sub(a, b))).data())[0]).toBeLessThan(1e-5);
      tf.dispose([a, b]);
      const after = inferShapes(smallConfig.layers, MNIST, 10);
      expect(small.countParams()).toBe(after.totalParams);
      expect(after.layers[1]).toMatchObject({ outputShape: [28, 28, 4], macs: 28 * 28 * 9 * 4 });
    } finally {
      x.dispose();
      disposeModel(model);
      disposeModel(small);
    }
  });
});
