/**
 * tfjs kernel functions around the loops of arrayKernels.ts, for the wasm and cpu backends: they
 * read inputs where the backend keeps them (the wasm heap, the cpu backend's arrays) and write the
 * output in place, with no copies. Anything they do not handle (other dtypes, other axes) goes to
 * the backend's own kernel.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelFunc, MaxPoolGradAttrs, NamedAttrMap, ReverseAttrs, SumAttrs, TensorInfo } from "@tensorflow/tfjs";
import { im2colTransposedInto, maxPoolGradInto, reverseInto, sumOuterInto } from "./arrayKernels.ts";
import type { ConvGeometry, Shape4 } from "./gradConv.ts";

/** Backends whose float32 tensors live in memory that JS can address as a Float32Array. */
export type ArrayBackend = "wasm" | "cpu";

/** Reads inputs and makes outputs as Float32Arrays on one backend. */
interface ArrayIO {
  read(t: TensorInfo): Float32Array;
  /** Allocates a float32 output and lets `fill` write it; read inputs inside `fill` (the heap may move). */
  output(shape: number[], fill: (out: Float32Array) => void): TensorInfo;
}

interface WasmLike {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}
interface CpuLike {
  data: { get(dataId: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}

function arrayIO(backend: unknown, name: ArrayBackend): ArrayIO {
  if (name === "wasm") {
    const wasm = backend as WasmLike;
    return {
      read: (t) => wasm.typedArrayFromHeap(t),
      output: (shape, fill) => {
        const info = wasm.makeOutput(shape, "float32");
        fill(wasm.typedArrayFromHeap(info));
        return info;
      },
    };
  }
  const cpu = backend as CpuLike;
  return {
    read: (t) => cpu.data.get(t.dataId).values as Float32Array,
    output: (shape, fill) => {
      const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
      fill(values);
      return cpu.makeTensorInfo(shape, "float32", values);
    },
  };
}

type KernelArgs = Parameters<KernelFunc>[0];
const attrsOf = <T>(attrs: NamedAttrMap | undefined) => (attrs ?? {}) as T & NamedAttrMap;

/** MaxPoolGrad (NHWC, any window, stride and padding) as one pass over the windows. */
export function maxPoolGradKernel(name: ArrayBackend, native: KernelFunc | undefined): KernelFunc {
  return (args: KernelArgs) => {
    const { dy, input } = args.inputs;
    if (!dy || !input || dy.dtype !== "float32" || input.dtype !== "float32" || input.shape.length !== 4) {
      if (native) return native(args);
      throw new Error("MaxPoolGrad: float32 NHWC inputs expected");
    }
    const a = attrsOf<MaxPoolGradAttrs>(args.attrs);
    const info = tf.backend_util.computePool2DInfo(
      input.shape as Shape4,
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const io = arrayIO(args.backend, name);
    return io.output(input.shape, (dx) =>
      maxPoolGradInto(io.read(input), io.read(dy), dx, {
        batch: info.batchSize,
        inH: info.inHeight,
        inW: info.inWidth,
        channels: info.inChannels,
        outH: info.outHeight,
        outW: info.outWidth,
        fh: info.effectiveFilterHeight,
        fw: info.effectiveFilterWidth,
        sh: info.strideHeight,
        sw: info.strideWidth,
        top: info.padInfo.top,
        left: info.padInfo.left,
      }),
    );
  };
}

/** The number of leading axes `axis` names, when it names exactly axes 0..k-1 with 0 < k < rank; else 0. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((d) => (d < 0 ? d + rank : d)))].sort(
    (p, q) => p - q,
  );
  const k = axes.length;
  return k > 0 && k < rank && axes.every((d, i) => d === i) ? k : 0;
}

/**
 * Sum over the leading axes (the batch and spatial axes of an NHWC gradient: every bias
 * gradient) as one pass; the backend's own kernel transposes first. Other sums go to `native`.
 */
export function sumLeadingKernel(name: ArrayBackend, native: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs;
    const a = attrsOf<SumAttrs>(args.attrs);
    const k = x && x.dtype === "float32" ? leadingAxes(a.axis, x.shape.length) : 0;
    if (!x || k === 0) return native(args);
    const outer = x.shape.slice(0, k).reduce((p, d) => p * d, 1);
    const kept = x.shape.slice(k);
    const inner = kept.reduce((p, d) => p * d, 1);
    const shape = a.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
    const io = arrayIO(args.backend, name);
    return io.output(shape, (out) => sumOuterInto(io.read(x), outer, inner, out));
  };
}

/** Reverse of a float32 tensor as block copies (wasm's own kernel: ~5 ms for a 3×3×128×64 filter, this ~0.3 ms). */
export function reverseKernel(name: ArrayBackend, native: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs;
    if (!x || x.dtype !== "float32") return native(args);
    const { dims } = attrsOf<ReverseAttrs>(args.attrs);
    const rank = x.shape.length;
    const axes = (Array.isArray(dims) ? dims : [dims]).map((d) => (d < 0 ? d + rank : d));
    const io = arrayIO(args.backend, name);
    return io.output(x.shape, (out) => reverseInto(io.read(x), x.shape, axes, out));
  };
}

/**
 * The transposed im2col matrix [fh·fw·C, N·oh·ow] of x as a tensor on the current backend (call
 * inside tf.tidy: the caller owns it). `backend` is the kernel's `args.backend`. One pass instead of a polyphase split, slices and a concat.
 */
export function im2colTransposed(backend: unknown, name: ArrayBackend, x: tf.Tensor4D, g: ConvGeometry): tf.Tensor2D {
  const [batch, inH, inW, channels] = x.shape;
  const io = arrayIO(backend, name);
  const shape = [g.fh * g.fw * channels, batch * g.oh * g.ow];
  const info = io.output(shape, (cols) =>
    im2colTransposedInto(io.read(x), cols, {
      batch,
      inH,
      inW,
      channels,
      outH: g.oh,
      outW: g.ow,
      fh: g.fh,
      fw: g.fw,
      sh: g.sh,
      sw: g.sw,
      top: g.top,
      left: g.left,
    }),
  );
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
}
