/**
 * Convolution gradients composed from fast primitives (conv2d, depthwiseConv2d, matMul, pad,
 * transpose, slice, mul, sum). All functions work on NHWC tensors, run on the engine's current
 * backend and must be called inside tf.tidy (they create intermediates and do not dispose them).
 */
import * as tf from "@tensorflow/tfjs";
import type { Conv2DBackpropFilterAttrs } from "@tensorflow/tfjs";

/** The padding attribute of tfjs convolutions: 'same', 'valid', a number or explicit pairs. */
export type PadAttr = Conv2DBackpropFilterAttrs["pad"];
/** The strides attribute of tfjs convolutions. */
export type StridesAttr = Conv2DBackpropFilterAttrs["strides"];
/** The dimension rounding mode attribute of tfjs convolutions. */
export type RoundingAttr = Conv2DBackpropFilterAttrs["dimRoundingMode"];
/** A 4-D shape. */
export type Shape4 = [number, number, number, number];
type Pads4 = [[number, number], [number, number], [number, number], [number, number]];

/** Geometry of a forward NHWC convolution exactly as tfjs computes it (pads, strides, output size). */
export interface ConvGeometry {
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  oh: number;
  ow: number;
  top: number;
  left: number;
}

/** Forward geometry via tfjs's own conv_util, so 'same' padding with stride > 1 matches exactly. */
export function convGeometry(
  inShape: Shape4,
  filterShape: Shape4,
  strides: StridesAttr,
  pad: PadAttr,
  depthwise: boolean,
  rounding?: RoundingAttr,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    strides,
    1,
    pad,
    rounding,
    depthwise,
    "channelsLast",
  );
  return {
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    oh: info.outHeight,
    ow: info.outWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/**
 * Window [-top, -top + needH) × [-left, -left + needW) of x's rows/cols: crops x where the window
 * ends inside it and returns the zero padding still needed (for conv's explicit padding or tf.pad).
 */
function window(x: tf.Tensor4D, top: number, needH: number, left: number, needW: number): [tf.Tensor4D, Pads4] {
  const [n, h, w, c] = x.shape;
  const r0 = Math.max(0, -top);
  const r1 = Math.min(h, needH - top);
  const c0 = Math.max(0, -left);
  const c1 = Math.min(w, needW - left);
  const y = r0 === 0 && c0 === 0 && r1 === h && c1 === w ? x : tf.slice(x, [0, r0, c0, 0], [n, r1 - r0, c1 - c0, c]);
  const pads: Pads4 = [
    [0, 0],
    [Math.max(0, top), Math.max(0, needH - top - h)],
    [Math.max(0, left), Math.max(0, needW - left - w)],
    [0, 0],
  ];
  return [y, pads];
}

/** Same window, materialised with zeros: exactly [N, needH, needW, C]. */
function padded(x: tf.Tensor4D, top: number, needH: number, left: number, needW: number): tf.Tensor4D {
  const [y, pads] = window(x, top, needH, left, needW);
  return pads.every(([a, b]) => a === 0 && b === 0) ? y : tf.pad(y, pads);
}

/**
 * Polyphase split of the padded input window for strides (sh, sw): [sh*sw*C*N, Hq, Wq], so that
 * filter tap (i, j) is the plain stride-1 slice of phase (i % sh, j % sw) at (i / sh, j / sw).
 * Channel-major (C, N) so that reductions over N*oh*ow are over the innermost axis.
 */
function polyphase(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor3D {
  const [n, , , c] = x.shape;
  const hq = Math.ceil((g.fh + (g.oh - 1) * g.sh) / g.sh);
  const wq = Math.ceil((g.fw + (g.ow - 1) * g.sw) / g.sw);
  const xp = padded(x, g.top, hq * g.sh, g.left, wq * g.sw);
  const x6 = tf.reshape(xp, [n, hq, g.sh, wq, g.sw, c]);
  return tf.reshape(tf.transpose(x6, [2, 4, 5, 0, 1, 3]), [g.sh * g.sw * c * n, hq, wq]);
}

/** Tap (i, j) of a polyphase split: [C*N, oh, ow]. */
function tap(poly: tf.Tensor3D, g: ConvGeometry, cn: number, i: number, j: number): tf.Tensor3D {
  const phase = (i % g.sh) * g.sw + (j % g.sw);
  return tf.slice(poly, [phase * cn, Math.floor(i / g.sh), Math.floor(j / g.sw)], [cn, g.oh, g.ow]);
}

/**
 * dW of conv2d as a convolution: image x^T [C,H,W,N], filter dy^T [oh,ow,N,O] dilated by the
 * stride, explicit padding of the forward pass, giving [C,fh,fw,O] → [fh,fw,C,O]. Uses the
 * backend's fast conv (XNNPACK on wasm).
 */
export function convFilterByConv(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [y, pads] = window(x, g.top, g.fh + (g.oh - 1) * g.sh, g.left, g.fw + (g.ow - 1) * g.sw);
  const image = tf.transpose(y, [3, 1, 2, 0]);
  const filter = tf.transpose(dy, [1, 2, 0, 3]);
  const r = tf.conv2d(image, filter, 1, pads, "NHWC", [g.sh, g.sw]);
  return tf.transpose(r, [1, 2, 0, 3]);
}

/** Zero-insertion of (s - 1) rows/cols between the rows/cols of dy: [N, (h-1)*sh+1, (w-1)*sw+1, C]. */
function dilate(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const d6 = tf.pad(tf.reshape(dy, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape<tf.Rank.R4>(d6, [n, h * sh, w * sw, c]),
    [0, 0, 0, 0],
    [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c],
  );
}

/**
 * The zero-dilated dy plus the explicit padding that turns the transposed convolution into a plain
 * stride-1 correlation with the spatially flipped filter producing exactly [N, H, W, ·].
 */
function transposedWindow(dy: tf.Tensor4D, g: ConvGeometry, h: number, w: number): [tf.Tensor4D, Pads4] {
  return window(dilate(dy, g.sh, g.sw), g.fh - 1 - g.top, h + g.fh - 1, g.fw - 1 - g.left, w + g.fw - 1);
}

/** dx of conv2d: dilated dy correlated with the flipped, in/out-swapped filter [fh,fw,O,C]. */
export function convInputByConv(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry, inShape: Shape4): tf.Tensor4D {
  const [y, pads] = transposedWindow(dy, g, inShape[1], inShape[2]);
  const flipped = tf.reverse(tf.transpose(filter, [0, 1, 3, 2]), [0, 1]);
  return tf.conv2d(y, flipped, 1, pads);
}

/** dW of depthwiseConv2d [fh,fw,C,M]: per tap, Σ over N*oh*ow of (x tap × dy), innermost reductions. */
export function depthwiseFilter(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry, filterShape: Shape4): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const mult = filterShape[3];
  const m = n * g.oh * g.ow;
  const poly = polyphase(x, g);
  const dyT = tf.reshape(tf.transpose(tf.reshape(dy, [n, g.oh, g.ow, c, mult]), [3, 4, 0, 1, 2]), [c, mult, m]);
  const taps: tf.Tensor2D[] = [];
  for (let i = 0; i < g.fh; i++) {
    for (let j = 0; j < g.fw; j++) taps.push(tf.sum(tf.mul(tf.reshape(tap(poly, g, c * n, i, j), [c, 1, m]), dyT), 2));
  }
  return tf.reshape(tf.stack(taps), filterShape);
}

/** dx of depthwiseConv2d: dilated dy depthwise-correlated with the flipped filter (summed over M). */
export function depthwiseInput(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry, inShape: Shape4): tf.Tensor4D {
  const [fh, fw, c, mult] = filter.shape;
  const [y, pads] = transposedWindow(dy, g, inShape[1], inShape[2]);
  const flipped = tf.reverse(tf.reshape<tf.Rank.R4>(filter, [fh, fw, c * mult, 1]), [0, 1]);
  const r = tf.depthwiseConv2d(y, flipped, 1, pads);
  return mult === 1 ? r : tf.sum(tf.reshape(r, [...inShape, mult]), 4);
}
