/**
 * Weight quantization math on plain arrays (no tfjs): fake-quantization (quantize, then dequantize, so
 * float kernels can evaluate the accuracy) and the integer codes that the packed format stores.
 * Per-tensor affine matches tfjs's converter (--quantize_uint8: min, scale, zero point nudged so 0 is exact);
 * per-channel symmetric matches TFLite's int8 weights ([-(2^(b-1)-1), 2^(b-1)-1], one scale per output channel).
 */

import type { Granularity, WeightBits, WeightFormat } from "../../config/compression.ts";

/** Integer codes of one tensor plus what it takes to turn them back into floats. */
export interface QuantizedTensor {
  bits: WeightBits;
  /** Codes as unsigned integers in [0, 2^bits - 1] (symmetric codes are stored offset by 2^(bits-1)). */
  codes: Uint8Array;
  /** One scale per channel (per-channel) or a single one. */
  scales: Float32Array;
  /** The code that stands for 0.0, per channel or single. */
  zeroPoints: Uint8Array;
  /** Index of the channel of each value: value i belongs to channel i % channels (channels = last axis). */
  channels: number;
}

/** Quantizes values whose last axis has `channels` entries (1 for per-tensor). */
export function quantize(
  values: Float32Array,
  bits: WeightBits,
  granularity: Granularity,
  channels: number,
): QuantizedTensor {
  const groups = granularity === "per-channel" ? Math.max(1, channels) : 1;
  const scales = new Float32Array(groups);
  const zeroPoints = new Uint8Array(groups);
  const codes = new Uint8Array(values.length);
  const levels = 2 ** bits - 1;
  if (granularity === "per-tensor") {
    let min = 0;
    let max = 0; // the range always holds 0, so 0 is exact (zero point nudged as TFLite/tfjs do)
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const scale = max > min ? (max - min) / levels : 1;
    const zp = Math.min(levels, Math.max(0, Math.round(-min / scale)));
    scales[0] = scale;
    zeroPoints[0] = zp;
    for (let i = 0; i < values.length; i++)
      codes[i] = Math.min(levels, Math.max(0, Math.round(values[i] / scale) + zp));
  } else {
    const qmax = 2 ** (bits - 1) - 1; // symmetric: -qmax..qmax, offset by 2^(bits-1) in the codes
    const offset = 2 ** (bits - 1);
    const absMax = new Float32Array(groups);
    for (let i = 0; i < values.length; i++) {
      const c = i % groups;
      const a = Math.abs(values[i]);
      if (a > absMax[c]) absMax[c] = a;
    }
    for (let c = 0; c < groups; c++) {
      scales[c] = absMax[c] > 0 ? absMax[c] / qmax : 1;
      zeroPoints[c] = offset;
    }
    for (let i = 0; i < values.length; i++) {
      const c = i % groups;
      const q = Math.min(qmax, Math.max(-qmax, Math.round(values[i] / scales[c])));
      codes[i] = q + offset;
    }
  }
  return { bits, codes, scales, zeroPoints, channels: groups };
}

/** Floats that the codes stand for: (code - zeroPoint) * scale. */
export function dequantize(q: QuantizedTensor): Float32Array {
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = i % q.channels;
    out[i] = (q.codes[i] - q.zeroPoints[c]) * q.scales[c];
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits of a float (round to nearest even; overflow to ±Infinity). */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // too small: ±0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  const m = mant >>> 13;
  const rest = mant & 0x1fff;
  const h = sign | (e << 10) | m;
  return rest > 0x1000 || (rest === 0x1000 && m & 1) ? h + 1 : h; // a carry into the exponent is still right
}

/** The float that half-precision bits stand for. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Float16 round trip of every value. */
export function roundToFloat16(values: Float32Array): Float32Array {
  return values.map((v) => fromFloat16Bits(toFloat16Bits(v)));
}

/** What the weights become under a format (float32: the same values). */
export function fakeQuantize(values: Float32Array, format: WeightFormat, channels: number): Float32Array {
  switch (format.kind) {
    case "float32":
      return values.slice();
    case "float16":
      return roundToFloat16(values);
    case "int":
      return dequantize(quantize(values, format.bits, format.granularity, channels));
  }
}

/** Packs b-bit codes tightly, little end first: 8 → 1 per byte, 4 → 2, 2 → 4. */
export function packCodes(codes: Uint8Array, bits: WeightBits): Uint8Array {
  const perByte = 8 / bits;
  const out = new Uint8Array(Math.ceil(codes.length / perByte));
  for (let i = 0; i < codes.length; i++) out[(i / perByte) | 0] |= codes[i] << ((i % perByte) * bits);
  return out;
}

/** Inverse of packCodes. */
export function unpackCodes(packed: Uint8Array, bits: WeightBits, count: number): Uint8Array {
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (packed[(i / perByte) | 0] >> ((i % perByte) * bits)) & mask;
  return out;
}
