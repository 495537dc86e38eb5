/**
 * Gradient kernels that tfjs 4.22's wasm backend lacks (so it cannot train conv layers), plus
 * faster replacements where measured faster. Each kernel composes registered fast ops inside
 * tf.tidy, so only its output survives.
 */
import * as tf from "@tensorflow/tfjs";
import type {
  BatchMatMulAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  TensorInfo,
} from "@tensorflow/tfjs";
import { im2colTransposed, maxPoolGradKernel, reverseKernel, sumLeadingKernel } from "./arrayKernelFuncs.ts";
import {
  convFilterByConv,
  type ConvGeometry,
  convGeometry,
  convInputByConv,
  depthwiseFilter,
  depthwiseInput,
  type Shape4,
} from "./gradConv.ts";

/** Backends this module can equip with gradient kernels. */
export type GradBackend = "wasm" | "cpu";

/** The engine passes Tensors as inputs; wrap a bare TensorInfo just in case (call inside a tidy). */
function asTensor(t: TensorInfo): tf.Tensor {
  return t instanceof tf.Tensor ? t : tf.engine().makeTensorFromTensorInfo(t);
}
function asTensor4D(t: TensorInfo | undefined, name: string): tf.Tensor4D {
  if (t === undefined) throw new Error(`gradKernels: missing input '${name}'`);
  const tensor = asTensor(t);
  if (tensor.rank !== 4) throw new Error(`gradKernels: input '${name}' must be rank 4, got ${tensor.rank}`);
  return tensor as tf.Tensor4D;
}

/** NCHW ↔ NHWC helpers: the math is NHWC; NCHW inputs/outputs are transposed at the boundary. */
function toNHWC(t: tf.Tensor4D, nchw: boolean): tf.Tensor4D {
  return nchw ? tf.transpose(t, [0, 2, 3, 1]) : t;
}
function shapeNHWC(s: Shape4, nchw: boolean): Shape4 {
  return nchw ? [s[0], s[2], s[3], s[1]] : s;
}

function assertNoDilation(dilations: number | [number, number] | undefined, op: string): void {
  const d = typeof dilations === "number" ? [dilations, dilations] : (dilations ?? [1, 1]);
  if (d[0] !== 1 || d[1] !== 1) throw new Error(`${op}: dilations > 1 are not supported in gradients`);
}

type Attrs<T> = T & NamedAttrMap;
function attrsOf<T>(attrs: NamedAttrMap | undefined): Attrs<T> {
  return (attrs ?? {}) as Attrs<T>;
}

type KernelArgs = Parameters<KernelFunc>[0];

/**
 * Conv2DBackpropFilter. Strategy by measured best (min CPU ms of 10 runs, batch 64, Node, wasm
 * SIMD single thread): a convolution of x^T with the dilated dy^T wins everywhere (L2 14×14×32→64:
 * 27 ms vs 54 ms as a matrix product; L3 7×7×64→128: 23 vs 147; 28×28×16→32 5×5 s2: 18 vs 158)
 * except for stride 1 with few filter rows C·fh·fw ≤ 48, where one matrix product of the im2col
 * matrix (built in one JS pass) with dy wins (Seed conv1 28×28×1→32 3×3: 15 ms by conv).
 */
function conv2DBackpropFilter(
  name: GradBackend,
  useMatMul: (g: ConvGeometry, filterShape: Shape4) => boolean,
): KernelFunc {
  return ({ inputs, attrs, backend }: KernelArgs) => {
    const a = attrsOf<Conv2DBackpropFilterAttrs>(attrs);
    return tf.tidy(() => {
      const nchw = a.dataFormat === "NCHW";
      const x = toNHWC(asTensor4D(inputs.x, "x"), nchw);
      const dy = toNHWC(asTensor4D(inputs.dy, "dy"), nchw);
      const g = convGeometry(x.shape, a.filterShape, a.strides, a.pad, false, a.dimRoundingMode);
      if (!useMatMul(g, a.filterShape) || x.dtype !== "float32") return convFilterByConv(x, dy, g);
      const cols = im2colTransposed(backend, name, x, g);
      return tf.reshape(tf.matMul(cols, tf.reshape(dy, [cols.shape[1], dy.shape[3]])), a.filterShape);
    });
  };
}
const wasmFilterByMatMul = (g: ConvGeometry, f: Shape4): boolean =>
  g.sh === 1 && g.sw === 1 && f[0] * f[1] * f[2] <= 48;

/**
 * Conv2DBackpropInput as a stride-1 convolution of dy with the flipped filter: on wasm it replaces
 * the backend's naive C++ loop for stride 1 (L2 14×14×64→32: 14 ms vs 273 ms; L3 7×7×128→64: 17
 * vs 481). For stride > 1 the zero-dilated dy wastes s² of the work and the native loop is often
 * faster (28×28 C3 7×7 s3: 26 vs 12 ms), so those calls go to the backend's own kernel.
 */
function conv2DBackpropInput(native: KernelFunc | undefined): KernelFunc {
  return (args: KernelArgs) => {
    const a = attrsOf<Conv2DBackpropInputAttrs>(args.attrs);
    const [sh, sw] = typeof a.strides === "number" ? [a.strides, a.strides] : a.strides;
    if (native !== undefined && (sh !== 1 || sw !== 1)) return native(args);
    return tf.tidy(() => {
      const nchw = a.dataFormat === "NCHW";
      const dy = toNHWC(asTensor4D(args.inputs.dy, "dy"), nchw);
      const filter = asTensor4D(args.inputs.filter, "filter");
      const inShape = shapeNHWC(a.inputShape, nchw);
      const g = convGeometry(inShape, filter.shape, a.strides, a.pad, false, a.dimRoundingMode);
      const dx = convInputByConv(dy, filter, g, inShape);
      return nchw ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
    });
  };
}

/** DepthwiseConv2dNativeBackpropFilter (NHWC, dilation 1, any channel multiplier). */
function depthwiseBackpropFilter({ inputs, attrs }: KernelArgs): TensorInfo {
  const a = attrsOf<DepthwiseConv2dNativeBackpropFilterAttrs>(attrs);
  assertNoDilation(a.dilations, "DepthwiseConv2dNativeBackpropFilter");
  return tf.tidy(() => {
    const x = asTensor4D(inputs.x, "x");
    const dy = asTensor4D(inputs.dy, "dy");
    const g = convGeometry(x.shape, a.filterShape, a.strides, a.pad, true, a.dimRoundingMode);
    return depthwiseFilter(x, dy, g, a.filterShape);
  });
}

/** DepthwiseConv2dNativeBackpropInput (NHWC, dilation 1, any channel multiplier). */
function depthwiseBackpropInput({ inputs, attrs }: KernelArgs): TensorInfo {
  const a = attrsOf<DepthwiseConv2dNativeBackpropInputAttrs>(attrs);
  assertNoDilation(a.dilations, "DepthwiseConv2dNativeBackpropInput");
  return tf.tidy(() => {
    const dy = asTensor4D(inputs.dy, "dy");
    const filter = asTensor4D(inputs.filter, "filter");
    const g = convGeometry(a.inputShape, filter.shape, a.strides, a.pad, true, a.dimRoundingMode);
    return depthwiseInput(dy, filter, g, a.inputShape);
  });
}

const batchOf = (t: TensorInfo): number => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
function swapLastTwo(t: TensorInfo): tf.Tensor {
  return tf.tidy(() => {
    const rank = t.shape.length;
    const perm = Array.from({ length: rank }, (_, i) => (i < rank - 2 ? i : 2 * rank - 3 - i));
    return tf.transpose(asTensor(t), perm);
  });
}

/**
 * BatchMatMul with transposed operands, as Dense gradients issue them (x^T·dy, dy·W^T): wasm runs
 * only un-transposed single-batch products on XNNPACK and the rest in a naive C++ loop, so we
 * transpose explicitly and hand the plain product to the backend's own kernel. Seed CNN Dense 512:
 * [64,1152]^T·[64,512] 34 → 2.5 ms, [64,512]·[1152,512]^T 31 → 5.6 ms (min CPU of 4 runs).
 */
function batchMatMulUntransposed(native: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const { transposeA, transposeB } = attrsOf<BatchMatMulAttrs>(args.attrs);
    const { a, b } = args.inputs;
    const plain = !transposeA && !transposeB;
    if (plain || !a || !b || a.dtype !== "float32" || b.dtype !== "float32" || batchOf(a) !== 1 || batchOf(b) !== 1)
      return native(args);
    const at = transposeA ? swapLastTwo(a) : a;
    const bt = transposeB ? swapLastTwo(b) : b;
    try {
      return native({
        ...args,
        inputs: { a: at, b: bt },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      if (at !== a) tf.dispose(at as tf.Tensor);
      if (bt !== b) tf.dispose(bt as tf.Tensor);
    }
  };
}

/** A kernel we provide: built around the backend's own one (if any), replacing it only if `replace`. */
interface GradKernel {
  kernelName: string;
  replace: boolean;
  make: (native: KernelFunc | undefined) => KernelFunc | undefined;
}

const PLAN: Record<GradBackend, GradKernel[]> = {
  wasm: [
    {
      kernelName: tf.Conv2DBackpropFilter,
      replace: false,
      make: () => conv2DBackpropFilter("wasm", wasmFilterByMatMul),
    },
    { kernelName: tf.DepthwiseConv2dNativeBackpropFilter, replace: false, make: () => depthwiseBackpropFilter },
    { kernelName: tf.DepthwiseConv2dNativeBackpropInput, replace: false, make: () => depthwiseBackpropInput },
    { kernelName: tf.Conv2DBackpropInput, replace: true, make: conv2DBackpropInput },
    { kernelName: tf.BatchMatMul, replace: true, make: (native) => native && batchMatMulUntransposed(native) },
    // one pass over the windows instead of the generic C++ loop (Seed pool 1, batch 64: 28 → 9 ms)
    { kernelName: tf.MaxPoolGrad, replace: true, make: (native) => maxPoolGradKernel("wasm", native) },
    // bias gradients: one pass instead of a transpose and a sum (Seed conv1 dy 64×26×26×32: 7.1 → 3.4 ms)
    { kernelName: tf.Sum, replace: true, make: (native) => native && sumLeadingKernel("wasm", native) },
    // every conv's input gradient flips its filter (Seed CNN conv3 3×3×128×64, Node: 5.1 → 0.4 ms)
    { kernelName: tf.Reverse, replace: true, make: (native) => native && reverseKernel("wasm", native) },
  ],
  // cpu's own Conv2DBackpropFilter is a naive loop calling TensorBuffer.get per element; the
  // convolution form on cpu's Conv2D measured (batch 16, min CPU ms) 28×28×1→32 3×3: 33–44 vs
  // 5217–9225; 14×14×32→32 3×3 s2: 21 vs 13040. The matrix-product form is slower on cpu (321 ms).
  cpu: [
    { kernelName: tf.Conv2DBackpropFilter, replace: true, make: () => conv2DBackpropFilter("cpu", () => false) },
    { kernelName: tf.MaxPoolGrad, replace: true, make: (native) => maxPoolGradKernel("cpu", native) },
  ],
};

const installed = new Map<string, KernelFunc>();

/**
 * Registers our gradient kernels for `backendName` (idempotent): kernels the backend lacks are
 * added; existing ones are replaced only where ours measured faster (see PLAN).
 */
export function registerGradientKernels(backendName: GradBackend): void {
  for (const k of PLAN[backendName]) {
    const key = `${backendName}/${k.kernelName}`;
    const existing = tf.getKernel(k.kernelName, backendName) as KernelConfig | undefined;
    if (existing !== undefined && (existing.kernelFunc === installed.get(key) || !k.replace)) continue;
    const kernelFunc = k.make(existing?.kernelFunc);
    if (kernelFunc === undefined) continue;
    if (existing !== undefined) tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({ kernelName: k.kernelName, backendName, kernelFunc });
    installed.set(key, kernelFunc);
  }
}

/** Names of the kernels registerGradientKernels may add or replace for a backend. */
export function gradientKernelNames(backendName: GradBackend): string[] {
  return PLAN[backendName].map((k) => k.kernelName);
}
