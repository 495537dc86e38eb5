import { describe, expect, it } from "vitest";
import type { WeightFormat } from "../../config/compression.ts";
import { createRng } from "../random.ts";
import { gzipSize, packWeights, unpackWeights, type PackInput } from "./packFormat.ts";
import { applyMask, magnitudeMasks, polynomialSparsity, sparsityOf } from "./pruning.ts";
import {
  dequantize,
  fakeQuantize,
  fromFloat16Bits,
  packCodes,
  quantize,
  toFloat16Bits,
  unpackCodes,
} from "./quantize.ts";

const random = createRng(11);
const rng = () => random.next();
const randn = (n: number, scale = 0.1) => Float32Array.from({ length: n }, () => (rng() + rng() + rng() - 1.5) * scale);

describe("quantize", () => {
  it("per-tensor affine keeps 0 exact and errs at most half a step", () => {
    const v = randn(1000);
    v[3] = 0;
    for (const bits of [8, 4, 2] as const) {
      const q = quantize(v, bits, "per-tensor", 1);
      const d = dequantize(q);
      expect(d[3]).toBe(0);
      const step = q.scales[0];
      v.forEach((x, i) => expect(Math.abs(d[i] - x)).toBeLessThanOrEqual(step / 2 + 1e-7));
      expect(new Set(q.codes).size).toBeLessThanOrEqual(2 ** bits);
    }
  });

  it("per-channel symmetric uses one scale per last-axis channel, max |w| maps to the top code", () => {
    const channels = 4;
    const v = randn(4 * 25);
    for (let i = 0; i < v.length; i++) if (i % channels === 2) v[i] *= 10; // one loud channel
    const q = quantize(v, 8, "per-channel", channels);
    expect(q.scales.length).toBe(4);
    expect(q.scales[2]).toBeGreaterThan(q.scales[0] * 3);
    const d = dequantize(q);
    v.forEach((x, i) => expect(Math.abs(d[i] - x)).toBeLessThanOrEqual(q.scales[i % channels] / 2 + 1e-7));
    const perTensorErr = dequantize(quantize(v, 8, "per-tensor", 1)).reduce((s, x, i) => s + Math.abs(x - v[i]), 0);
    const perChannelErr = d.reduce((s, x, i) => s + Math.abs(x - v[i]), 0);
    expect(perChannelErr).toBeLessThan(perTensorErr);
  });

  it("float16 bits round-trip exactly representable values and round others to nearest", () => {
    for (const x of [0, 1, -2, 0.5, 65504, 6.103515625e-5, 5.960464477539063e-8])
      expect(fromFloat16Bits(toFloat16Bits(x))).toBe(x);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(fromFloat16Bits(toFloat16Bits(1 + 1 / 4096))).toBe(1); // below half an ulp (1/1024)
    expect(fromFloat16Bits(toFloat16Bits(1e6))).toBe(Number.POSITIVE_INFINITY);
    const v = randn(500, 3);
    fakeQuantize(v, { kind: "float16" }, 1).forEach((x, i) =>
      expect(Math.abs(x - v[i])).toBeLessThanOrEqual(Math.abs(v[i]) * 2 ** -11 + 1e-7),
    );
  });

  it("packs 2-, 4- and 8-bit codes losslessly", () => {
    for (const bits of [2, 4, 8] as const) {
      const codes = Uint8Array.from({ length: 37 }, () => Math.floor(rng() * 2 ** bits));
      const packed = packCodes(codes, bits);
      expect(packed.length).toBe(Math.ceil((37 * bits) / 8));
      expect(Array.from(unpackCodes(packed, bits, 37))).toEqual(Array.from(codes));
    }
  });
});

describe("pruning", () => {
  it("per-layer masks prune exactly the target fraction of each tensor, smallest magnitudes first", () => {
    const a = Float32Array.from([0.5, -0.1, 0.3, -0.9, 0.05, 0.2, 0.7, -0.4, 0.01, 0.6]);
    const b = randn(200);
    const [ma, mb] = magnitudeMasks([{ values: a }, { values: b }], 0.5, "layer");
    expect(Array.from(ma)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(sparsityOf(applyMask(b, mb))).toBe(0.5);
  });

  it("a global threshold prunes the quiet tensor more than the loud one", () => {
    const quiet = randn(300, 0.01);
    const loud = randn(300, 1);
    const [mq, ml] = magnitudeMasks([{ values: quiet }, { values: loud }], 0.5, "global");
    const pruned = (m: Uint8Array) => m.reduce((n, x) => n + (x === 0 ? 1 : 0), 0);
    expect(pruned(mq) + pruned(ml)).toBe(300);
    expect(pruned(mq)).toBeGreaterThan(250);
  });

  it("handles ties and the extremes 0 and 1", () => {
    const v = new Float32Array(10).fill(0.3);
    expect(magnitudeMasks([{ values: v }], 0.3, "layer")[0].reduce((n, x) => n + x, 0)).toBe(7);
    expect(magnitudeMasks([{ values: v }], 0, "layer")[0].every((x) => x === 1)).toBe(true);
    expect(magnitudeMasks([{ values: v }], 1, "layer")[0].every((x) => x === 0)).toBe(true);
  });

  it("follows TF-MOT's PolynomialDecay (power 3) with update frequency", () => {
    const s = { initialSparsity: 0.5, finalSparsity: 0.8, beginStep: 0, endStep: 1000, power: 3, frequency: 100 };
    expect(polynomialSparsity(0, s)).toBeCloseTo(0.5, 10);
    expect(polynomialSparsity(500, s)).toBeCloseTo(0.8 + (0.5 - 0.8) * 0.5 ** 3, 10);
    expect(polynomialSparsity(550, s)).toBe(polynomialSparsity(500, s)); // holds between updates
    expect(polynomialSparsity(1000, s)).toBeCloseTo(0.8, 10);
    expect(polynomialSparsity(5000, s)).toBeCloseTo(0.8, 10);
    expect(polynomialSparsity(-1, { ...s, beginStep: 10 })).toBe(0);
  });
});

describe("packed format", () => {
  const tensors = (format: WeightFormat, sparsity: number): PackInput[] => {
    const kernel = randn(5 * 5 * 8 * 16);
    const bias = randn(16);
    const [mask] = magnitudeMasks([{ values: kernel }], sparsity, "layer");
    return [
      { name: "conv/kernel", shape: [5, 5, 8, 16], values: applyMask(kernel, mask), format, channels: 16 },
      { name: "conv/bias", shape: [16], values: bias, format: { kind: "float32" }, channels: 16 },
    ];
  };

  it.each([
    [{ kind: "float32" }, 0],
    [{ kind: "float16" }, 0],
    [{ kind: "int", bits: 8, granularity: "per-tensor" }, 0],
    [{ kind: "int", bits: 4, granularity: "per-channel" }, 0.8],
    [{ kind: "int", bits: 2, granularity: "per-tensor" }, 0.5],
    [{ kind: "float32" }, 0.9],
  ] as const)("decodes %o at sparsity %d to exactly the fake-quantized weights", (format, sparsity) => {
    const inputs = tensors(format as WeightFormat, sparsity);
    const decoded = unpackWeights(packWeights(inputs));
    expect(decoded.map((d) => [d.name, d.shape])).toEqual(inputs.map((t) => [t.name, t.shape]));
    inputs.forEach((t, i) =>
      expect(Array.from(decoded[i].values)).toEqual(Array.from(fakeQuantize(t.values, t.format, t.channels))),
    );
  });

  it("gets smaller with fewer bits and with sparsity, and gzip sees the zeros", async () => {
    const size = (f: WeightFormat, s: number) => packWeights(tensors(f, s)).length;
    const f32 = size({ kind: "float32" }, 0);
    expect(f32).toBeGreaterThan(3200 * 4);
    expect(size({ kind: "float16" }, 0)).toBeLessThan(f32 * 0.52);
    expect(size({ kind: "int", bits: 8, granularity: "per-channel" }, 0)).toBeLessThan(f32 * 0.28);
    expect(size({ kind: "int", bits: 4, granularity: "per-channel" }, 0)).toBeLessThan(f32 * 0.15);
    expect(size({ kind: "float32" }, 0.8)).toBeLessThan(f32 * 0.25);
    const dense = packWeights(tensors({ kind: "float32" }, 0));
    const zeros = new Uint8Array(dense.length);
    expect(await gzipSize(zeros)).toBeLessThan(200);
    expect(await gzipSize(dense)).toBeGreaterThan(dense.length * 0.7);
  });

  it("byte counts are header + params × bits / 8 + scales (dense), or + bitmap with only the non-zeros (sparse)", () => {
    const header = (name: string, rank: number) => 2 + name.length + 1 + 4 * rank + 3 + 4;
    const file = 4 + 1 + 4;
    const n = 5 * 5 * 8 * 16;
    const bias = file + header("conv/bias", 1) + 16 * 4;
    const dense8 = packWeights(tensors({ kind: "int", bits: 8, granularity: "per-channel" }, 0)).length;
    expect(dense8).toBe(bias + header("conv/kernel", 4) + 16 * (4 + 1) + n);
    const dense2 = packWeights(tensors({ kind: "int", bits: 2, granularity: "per-tensor" }, 0)).length;
    expect(dense2).toBe(bias + header("conv/kernel", 4) + (4 + 1) + n / 4);
    const sparse32 = packWeights(tensors({ kind: "float32" }, 0.8)).length;
    const nonZero = n - Math.floor(0.8 * n);
    expect(sparse32).toBe(bias + header("conv/kernel", 4) + n / 8 + nonZero * 4);
  });

  it("rejects truncated or foreign bytes with an error, never a crash", () => {
    const bytes = packWeights(tensors({ kind: "int", bits: 4, granularity: "per-tensor" }, 0.5));
    expect(() => unpackWeights(bytes.subarray(0, bytes.length - 5))).toThrow(/truncated/);
    expect(() => unpackWeights(Uint8Array.of(1, 2, 3, 4, 5))).toThrow(/magic/);
  });
});
