import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadingAxes } from "./arrayKernelFuncs.ts";
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

interface PoolCase {
  n: number;
  h: number;
  w: number;
  c: number;
  size: [number, number];
  s: [number, number];
  pad: "same" | "valid";
}

/** Random pools: windows 1–3, strides 1–3 (overlapping when smaller than the window), same/valid. */
function poolCases(count: number): PoolCase[] {
  return Array.from({ length: count }, (_, i) => {
    const size: [number, number] = [int(1, 3), int(1, 3)];
    const s: [number, number] = [int(1, 3), int(1, 3)];
    return {
      n: int(1, 3),
      h: int(size[0], 9),
      w: int(size[1], 9),
      c: int(1, 6),
      size,
      s,
      pad: i % 2 === 0 ? "same" : "valid",
    };
  });
}

/** dx of sum(maxPool(x) ⊙ r) on the current backend. */
function poolGrad(k: PoolCase, x: HostTensor): Float32Array {
  return tf.tidy(() => {
    const xt = toTensor(x) as tf.Tensor4D;
    const outShape = tf.maxPool(xt, k.size, k.s, k.pad).shape;
    const r = tf.tensor(
      Float32Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7919) % 13) / 13 - 0.5),
      outShape,
    );
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k.size, k.s, k.pad), r)));
    return g(xt).dataSync() as Float32Array;
  });
}

beforeAll(installKernelsForTest);
afterAll(async () => {
  await tf.setBackend("cpu");
});

describe("MaxPoolGrad", () => {
  it.each(["wasm", "cpu"] as const)(
    "on %s matches tfjs's original cpu kernel within 1e-6, ties (zeros) included",
    async (backend) => {
      // plus the 2×2 stride-2 pools of most CNNs (their own loop), odd sizes and "same" included
      const pairs: PoolCase[] = Array.from({ length: 10 }, (_, i) => ({
        n: int(1, 3),
        h: int(2, 9),
        w: int(2, 9),
        c: int(1, 6),
        size: [2, 2],
        s: [2, 2],
        pad: i % 3 === 0 ? "same" : "valid",
      }));
      for (const k of [...poolCases(30), ...pairs]) {
        const x = host([k.n, k.h, k.w, k.c], 0.4); // 40 % zeros: ReLU outputs make ties in windows
        const ref = await onOriginalCpu(() => poolGrad(k, x));
        const got = await on(backend, () => poolGrad(k, x));
        // a gradient sent to another position of a tie would be off by O(1); overlaps add in another order
        expect([JSON.stringify(k), maxRelErr(got, ref) <= 1e-6]).toEqual([JSON.stringify(k), true]);
      }
    },
  );
});

describe("Sum over leading axes (bias gradients)", () => {
  it("leadingAxes accepts exactly a proper prefix of the axes", () => {
    expect(leadingAxes([0, 1, 2], 4)).toBe(3);
    expect(leadingAxes([2, 0, 1], 4)).toBe(3);
    expect(leadingAxes(0, 2)).toBe(1);
    expect(leadingAxes(-2, 2)).toBe(1);
    expect(leadingAxes(-1, 2)).toBe(0);
    expect(leadingAxes([0, 1, 2, 3], 4)).toBe(0);
    expect(leadingAxes([1, 2], 4)).toBe(0);
    expect(leadingAxes([0, 2], 4)).toBe(0);
  });

  it("on wasm matches cpu within 1e-5 for every axis set, keepDims or not", async () => {
    const axisSets: number[][] = [[0], [0, 1], [0, 1, 2], [1, 2], [3], [0, 1, 2, 3], [0, 2]];
    for (let t = 0; t < 28; t++) {
      const x = host([int(1, 40), int(1, 9), int(1, 9), int(1, 9)]);
      const axes = axisSets[t % axisSets.length];
      const keepDims = t % 2 === 1;
      const run = () =>
        tf.tidy(() => {
          const s = tf.sum(toTensor(x), axes, keepDims);
          return { shape: s.shape, data: s.dataSync() as Float32Array };
        });
      const ref = await on("cpu", run);
      const got = await on("wasm", run);
      expect([t, got.shape, maxRelErr(got.data, ref.data) <= 1e-5]).toEqual([t, ref.shape, true]);
    }
  });
});

describe("Reverse", () => {
  it("on wasm matches cpu exactly for every axis set of ranks 1–4", async () => {
    const axisSets: number[][] = [[0], [1], [0, 1], [2], [1, 3], [0, 1, 2, 3], [-1], [3], []];
    for (let t = 0; t < 36; t++) {
      const rank = 1 + (t % 4);
      const x = host(Array.from({ length: rank }, () => int(1, 5)));
      const axes = axisSets[t % axisSets.length].filter((d) => (d < 0 ? -d : d + 1) <= rank);
      const run = () =>
        tf.tidy(() => {
          const r = tf.reverse(toTensor(x), axes);
          return { shape: r.shape, data: r.dataSync() as Float32Array };
        });
      const ref = await on("cpu", run);
      const got = await on("wasm", run);
      expect([t, axes, got.shape, Array.from(got.data)]).toEqual([t, axes, ref.shape, Array.from(ref.data)]);
    }
  });
});

describe("no leaks", () => {
  it.each(["wasm", "cpu"] as const)(
    "MaxPoolGrad, Sum and Reverse on %s leave tf.memory() and the backend's data unchanged",
    async (backend) => {
      await tf.setBackend(backend);
      const input = tf.randomNormal([2, 6, 6, 3]);
      const dy = tf.randomNormal([2, 3, 3, 3]);
      const output = tf.maxPool(input as tf.Tensor4D, 2, 2, "valid");
      const calls: Array<[string, tf.NamedTensorMap, tf.NamedAttrMap]> = [
        ["MaxPoolGrad", { dy, input, output }, { filterSize: 2, strides: 2, pad: "valid" }],
        ["Sum", { x: input }, { axis: [0, 1, 2], keepDims: false }],
        ["Reverse", { x: input }, { dims: [0, 1] }],
      ];
      for (const [name, inputs, attrs] of calls) {
        const tensors = tf.memory().numTensors;
        const dataIds = tf.engine().backend.numDataIds();
        (tf.engine().runKernel(name, inputs, attrs) as tf.Tensor).dispose();
        expect([name, tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual([name, tensors, dataIds]);
      }
      tf.dispose([input, dy, output]);
    },
  );
});
