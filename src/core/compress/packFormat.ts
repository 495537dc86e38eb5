/**
 * Our packed weights format, so that sizes are bytes actually produced, not formulas. Per tensor:
 * name, shape, storage (float32 | float16 | b-bit codes with scales and zero points), and, when it is
 * smaller, a sparse layout (a 1-bit-per-weight bitmap of non-zeros, then only the non-zero entries).
 * Layout (little endian): "CNPW" u8 version u32 tensorCount, then per tensor:
 *   u16 nameLength, name (UTF-8), u8 rank, u32 dims…, u8 kind (0 f32, 1 f16, 2 int), u8 bits, u8 sparse,
 *   u32 channels, [int: f32 scales × channels, u8 zeroPoints × channels], [sparse: bitmap], entries.
 */
import type { WeightBits, WeightFormat } from "../../config/compression.ts";
import { fromFloat16Bits, packCodes, quantize, toFloat16Bits, unpackCodes } from "./quantize.ts";

/** One tensor to pack: its (already masked) float values and the format to store them in. */
export interface PackInput {
  name: string;
  shape: number[];
  values: Float32Array;
  format: WeightFormat;
  /** Size of the last axis, for per-channel scales. */
  channels: number;
}

/** A decoded tensor. */
export interface Unpacked {
  name: string;
  shape: number[];
  values: Float32Array;
}

const MAGIC = [0x43, 0x4e, 0x50, 0x57]; // "CNPW"
const KIND = { float32: 0, float16: 1, int: 2 } as const;

class Writer {
  private chunks: Uint8Array[] = [];
  bytes(b: Uint8Array) {
    this.chunks.push(b);
  }
  u8(v: number) {
    this.bytes(Uint8Array.of(v));
  }
  u16(v: number) {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    this.bytes(b);
  }
  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.bytes(b);
  }
  f32s(a: Float32Array) {
    const b = new Uint8Array(a.length * 4);
    const dv = new DataView(b.buffer);
    a.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    this.bytes(b);
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

/** Entries (non-zero ones only when sparse) encoded in the tensor's storage. */
function encodeEntries(values: Float32Array, input: PackInput, w: Writer): void {
  const f = input.format;
  if (f.kind === "float32") {
    w.f32s(values);
    return;
  }
  if (f.kind === "float16") {
    const b = new Uint8Array(values.length * 2);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setUint16(i * 2, toFloat16Bits(v), true));
    w.bytes(b);
  }
}

/** Packs the tensors; the output's length is the size we report. */
export function packWeights(inputs: PackInput[]): Uint8Array {
  const w = new Writer();
  w.bytes(Uint8Array.from(MAGIC));
  w.u8(1);
  w.u32(inputs.length);
  const text = new TextEncoder();
  for (const input of inputs) {
    const { values, format } = input;
    const name = text.encode(input.name);
    w.u16(name.length);
    w.bytes(name);
    w.u8(input.shape.length);
    input.shape.forEach((d) => w.u32(d));
    const bits = format.kind === "int" ? format.bits : format.kind === "float16" ? 16 : 32;
    let nonZero = 0;
    for (const v of values) if (v !== 0) nonZero++;
    const sparse = Math.ceil(values.length / 8) * 8 + nonZero * bits < values.length * bits;
    w.u8(KIND[format.kind]);
    w.u8(bits);
    w.u8(sparse ? 1 : 0);
    const q = format.kind === "int" ? quantize(values, format.bits, format.granularity, input.channels) : null;
    w.u32(q ? q.channels : 1);
    if (q) {
      w.f32s(q.scales);
      w.bytes(q.zeroPoints);
    }
    const keep = sparse ? (i: number) => values[i] !== 0 : () => true;
    if (sparse) {
      const bitmap = new Uint8Array(Math.ceil(values.length / 8));
      values.forEach((v, i) => {
        if (v !== 0) bitmap[i >> 3] |= 1 << (i & 7);
      });
      w.bytes(bitmap);
    }
    if (q) {
      // the channel of a kept entry is recovered from its index in the decoder, so codes need no channel ids
      const codes = sparse ? q.codes.filter((_, i) => keep(i)) : q.codes;
      w.bytes(packCodes(codes, format.kind === "int" ? format.bits : 8));
    } else {
      encodeEntries(sparse ? values.filter((_, i) => keep(i)) : values, input, w);
    }
  }
  return w.result();
}

/** Decodes packWeights' output back into floats (dequantized). Throws on malformed input. */
export function unpackWeights(bytes: Uint8Array): Unpacked[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  const need = (n: number) => {
    if (o + n > bytes.length) throw new Error("packed weights: truncated");
  };
  const u8 = () => {
    need(1);
    return bytes[o++];
  };
  const u16 = () => {
    need(2);
    const v = dv.getUint16(o, true);
    o += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = dv.getUint32(o, true);
    o += 4;
    return v;
  };
  const take = (n: number) => {
    need(n);
    const b = bytes.subarray(o, o + n);
    o += n;
    return b;
  };
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw new Error("packed weights: bad magic");
  o = 4;
  if (u8() !== 1) throw new Error("packed weights: unknown version");
  const count = u32();
  const text = new TextDecoder();
  const out: Unpacked[] = [];
  for (let t = 0; t < count; t++) {
    const name = text.decode(take(u16()));
    const shape = Array.from({ length: u8() }, () => u32());
    const size = shape.reduce((p, d) => p * d, 1);
    const kind = u8();
    const bits = u8();
    const sparse = u8() === 1;
    const channels = u32();
    let scales: Float32Array | null = null;
    let zeroPoints: Uint8Array | null = null;
    if (kind === KIND.int) {
      const raw = take(channels * 4);
      scales = new Float32Array(channels).map((_, i) =>
        new DataView(raw.buffer, raw.byteOffset).getFloat32(i * 4, true),
      );
      zeroPoints = take(channels).slice();
    }
    const present: number[] = [];
    if (sparse) {
      const bitmap = take(Math.ceil(size / 8));
      for (let i = 0; i < size; i++) if (bitmap[i >> 3] & (1 << (i & 7))) present.push(i);
    }
    const n = sparse ? present.length : size;
    const index = (j: number) => (sparse ? present[j] : j);
    const values = new Float32Array(size);
    if (kind === KIND.int) {
      const codes = unpackCodes(take(Math.ceil((n * bits) / 8)), bits as WeightBits, n);
      for (let j = 0; j < n; j++) {
        const i = index(j);
        const c = i % channels;
        values[i] = (codes[j] - zeroPoints![c]) * scales![c];
      }
    } else if (kind === KIND.float16) {
      const raw = take(n * 2);
      const rv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let j = 0; j < n; j++) values[index(j)] = fromFloat16Bits(rv.getUint16(j * 2, true));
    } else {
      const raw = take(n * 4);
      const rv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let j = 0; j < n; j++) values[index(j)] = rv.getFloat32(j * 4, true);
    }
    out.push({ name, shape, values });
  }
  return out;
}

/** Bytes of `data` after gzip (CompressionStream, in browsers, workers and Node ≥ 18). */
export async function gzipSize(data: Uint8Array): Promise<number> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}
