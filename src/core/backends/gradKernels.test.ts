import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradientKernelNames, registerGradientKernels } from "./gradKernels.ts";
import {
  host,
  int,
  maxRelErr,
  on,
  onOriginalCpu,
  installKernelsForTest,
  toTensor,
  type HostTensor,
} from "../../../tests/helpers/kernelTestUtils.ts";

type Pad = "same" | "valid";
type Kind = "conv" | "depthwise";
interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  o: number;
  fh: number;
  fw: number;
  s: [number, number];
  pad: Pad;
}
/** ≥ 20 random shapes per kind: batch 1–4, sizes 5–12, channels 1–5, kernels 1–5, strides 1–3, same/valid. */
function randomCases(count: number): Case[] {
  return Array.from({ length: count }, (_, i) => {
    const s = int(1, 3);
    return {
      n: int(1, 4),
      h: int(5, 12),
      w: int(5, 12),
      c: int(1, 5),
      o: int(1, 5),
      fh: int(1, 5),
      fw: int(1, 5),
      s: [s, i % 4 === 3 ? int(1, 3) : s],
      pad: i % 2 === 0 ? "same" : "valid",
    };
  });
}

function forward(kind: Kind, x: tf.Tensor, f: tf.Tensor, k: Case): tf.Tensor {
  return kind === "conv"
    ? tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, k.s, k.pad)
    : tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, k.s, k.pad);
}

/** Host-side inputs of one case: x, filter and the random weighting of the output. */
function caseData(kind: Kind, k: Case): [HostTensor, HostTensor, HostTensor] {
  const fShape = [k.fh, k.fw, k.c, kind === "conv" ? k.o : 1];
  const outShape = tf.tidy(() => forward(kind, tf.zeros([k.n, k.h, k.w, k.c]), tf.zeros(fShape), k).shape);
  return [host([k.n, k.h, k.w, k.c]), host(fShape), host(outShape)];
}

/** [dx, dW] of sum(op(x, W) ⊙ r) on the current backend, read back to the host. */
function gradsOf(kind: Kind, [x, f, r]: [HostTensor, HostTensor, HostTensor], k: Case): Float32Array[] {
  return tf.tidy(() => {
    const rt = toTensor(r);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(forward(kind, a, b, k), rt)));
    return g([toTensor(x), toTensor(f)]).map((t) => t.dataSync() as Float32Array);
  });
}

/** Which backends get which of our kernels: wasm all of them, cpu only the conv filter gradient. */
const BACKENDS: Record<Kind, Array<"wasm" | "cpu">> = { conv: ["wasm", "cpu"], depthwise: ["wasm"] };

beforeAll(installKernelsForTest);

afterAll(async () => {
  await tf.setBackend("cpu");
});

describe("registerGradientKernels", () => {
  it("provides every kernel the wasm backend lacks for training and is idempotent", () => {
    for (const name of [
      "Conv2DBackpropFilter",
      "DepthwiseConv2dNativeBackpropFilter",
      "DepthwiseConv2dNativeBackpropInput",
    ]) {
      expect(tf.getKernel(name, "wasm")).toBeDefined();
    }
    const before = gradientKernelNames("wasm").map((n) => tf.getKernel(n, "wasm").kernelFunc);
    registerGradientKernels("wasm");
    registerGradientKernels("cpu");
    expect(gradientKernelNames("wasm").map((n) => tf.getKernel(n, "wasm").kernelFunc)).toEqual(before);
  });
});

describe.each(["conv", "depthwise"] as const)("%s gradients", (kind) => {
  const cases = randomCases(24);
  it.each(BACKENDS[kind])("on %s match tfjs's original cpu kernels within 1e-5", async (backend) => {
    let worst = 0;
    for (const k of cases) {
      const data = caseData(kind, k);
      const ref = await onOriginalCpu(() => gradsOf(kind, data, k));
      const got = await on(backend, () => gradsOf(kind, data, k));
      got.forEach((g, i) => {
        const e = maxRelErr(g, ref[i]);
        if (e > 1e-5)
          throw new Error(`${kind} ${i === 0 ? "dx" : "dW"} on ${backend}: rel err ${e} for ${JSON.stringify(k)}`);
        worst = Math.max(worst, e);
      });
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

describe("matMul with transposed operands (Dense gradients)", () => {
  it("on wasm matches tfjs's original cpu kernels within 1e-5, batched or not", async () => {
    for (let t = 0; t < 24; t++) {
      const [m, k, n, batch] = [int(1, 80), int(1, 80), int(1, 80), t % 6 === 5 ? 2 : 1];
      const [ta, tb] = [t % 2 === 1, (t >> 1) % 2 === 1];
      const lead = batch === 1 ? [] : [batch];
      const a = host([...lead, ...(ta ? [k, m] : [m, k])]);
      const b = host([...lead, ...(tb ? [n, k] : [k, n])]);
      const run = (): Float32Array =>
        tf.tidy(() => tf.matMul(toTensor(a), toTensor(b), ta, tb).dataSync() as Float32Array);
      const ref = await onOriginalCpu(run);
      const got = await on("wasm", run);
      expect([t, maxRelErr(got, ref) <= 1e-5]).toEqual([t, true]);
    }
  });
});

describe("no leaks", () => {
  const k: Case = { n: 2, h: 9, w: 8, c: 3, o: 4, fh: 3, fw: 2, s: [2, 2], pad: "same" };
  it.each(["wasm", "cpu"] as const)(
    "each kernel on %s leaves tf.memory() and the backend's data unchanged",
    async (backend) => {
      await tf.setBackend(backend);
      const x = tf.randomNormal([k.n, k.h, k.w, k.c]);
      const w = tf.randomNormal([k.fh, k.fw, k.c, k.o]);
      const dw = tf.randomNormal([k.fh, k.fw, k.c, 1]);
      const dy = tf.randomNormal([k.n, 5, 4, k.o]);
      const dyd = tf.randomNormal([k.n, 5, 4, k.c]);
      const common = { strides: k.s, pad: k.pad };
      const calls: Array<[string, tf.NamedTensorMap, tf.NamedAttrMap]> = [
        ["Conv2DBackpropFilter", { x, dy }, { ...common, dataFormat: "NHWC", filterShape: w.shape }],
        ["Conv2DBackpropInput", { dy, filter: w }, { ...common, dataFormat: "NHWC", inputShape: x.shape }],
        ["DepthwiseConv2dNativeBackpropFilter", { x, dy: dyd }, { ...common, dilations: 1, filterShape: dw.shape }],
        [
          "DepthwiseConv2dNativeBackpropInput",
          { dy: dyd, filter: dw },
          { ...common, dilations: 1, inputShape: x.shape },
        ],
        [
          "Conv2DBackpropInput",
          { dy, filter: w },
          { strides: 1, pad: "valid", dataFormat: "NHWC", inputShape: [k.n, 7, 5, k.c] },
        ],
        [
          "BatchMatMul",
          { a: tf.reshape(x, [k.n * k.h * k.w, k.c]), b: tf.reshape(dw, [-1, k.c]) },
          { transposeA: false, transposeB: true },
        ],
        [
          "BatchMatMul",
          { a: tf.reshape(x, [-1, k.c]), b: tf.reshape(x, [-1, k.c]) },
          { transposeA: true, transposeB: false },
        ],
      ];
      for (const [name, inputs, attrs] of calls) {
        const tensors = tf.memory().numTensors;
        const dataIds = tf.engine().backend.numDataIds();
        const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
        expect(out.shape.length).toBe(name === "BatchMatMul" ? 2 : 4);
        out.dispose();
        expect([name, tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual([name, tensors, dataIds]);
      }
      tf.dispose([x, w, dw, dy, dyd, ...calls.flatMap(([, inputs]) => Object.values(inputs))]);
    },
  );
});

/** The small CNN of the brief, with explicit, shared initial weights. */
function buildCnn(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, padding: "same", activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.separableConv2d({ filters: 6, kernelSize: 3, strides: 2, padding: "same", activation: "elu" }),
      tf.layers.averagePooling2d({ poolSize: 2, strides: 1 }),
      tf.layers.batchNormalization(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: "softmax" }),
    ],
  });
}

async function trainLosses(
  backend: "cpu" | "wasm",
  weights: HostTensor[],
  xs: HostTensor,
  ys: HostTensor,
): Promise<number[]> {
  await tf.setBackend(backend);
  const model = buildCnn();
  model.setWeights(weights.map(toTensor));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
  const x = toTensor(xs);
  const y = toTensor(ys);
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) losses.push(Number(await model.trainOnBatch(x, y)));
  tf.dispose([x, y]);
  model.dispose();
  return losses;
}

describe("small CNN", () => {
  it("trains on wasm with the same losses as on cpu", async () => {
    await tf.setBackend("cpu");
    const init = buildCnn();
    const weights = init.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
    init.dispose();
    const xs = host([8, 12, 12, 2]);
    const labels = Array.from({ length: 8 }, (_, i) => i % 3);
    const ys: HostTensor = {
      shape: [8, 3],
      data: Float32Array.from(labels.flatMap((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)))),
    };
    const cpu = await onOriginalCpu(() => trainLosses("cpu", weights, xs, ys));
    const wasm = await trainLosses("wasm", weights, xs, ys);
    expect(wasm[19]).toBeLessThan(wasm[0]);
    wasm.forEach((l, i) => expect(Math.abs(l - cpu[i]) / Math.abs(cpu[i])).toBeLessThan(1e-3));
  });
});
