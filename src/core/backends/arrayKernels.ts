/**
 * Gradient kernels written as plain loops over Float32Arrays, for kernels that the wasm backend
 * runs as slow generic C++ loops (MaxPoolGrad, Reverse: every conv's input gradient flips its
 * filter) or through extra transposes (Sum over the batch and spatial axes: every conv and dense
 * bias gradient), and the im2col step of the small-filter Conv2DBackpropFilter. The loops read the backend's own memory (the wasm heap, the cpu backend's
 * arrays) without copying; `kernelIO` adapts a backend. Pure functions, no tfjs state.
 */

/** Geometry of a sliding 2-D window over NHWC (pooling or a dilation-1 convolution). */
export interface WindowGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

/**
 * dx of max pooling: each dy value goes to the first maximum of its window in x (row-major scan,
 * strict `>`, as tfjs's cpu kernel picks it); overlapping windows add up. `dx` is overwritten.
 */
export function maxPoolGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, g: WindowGeometry): void {
  const { batch, inH, inW, channels: c, outH, outW, fh, fw, sh, sw, top, left } = g;
  dx.fill(0);
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && 2 * outH <= inH && 2 * outW <= inW) {
    pool2x2GradInto(x, dy, dx, g);
    return;
  }
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sh - top;
      const ya = Math.max(0, y0);
      const yb = Math.min(inH, y0 + fh);
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * sw - left;
        const xa = Math.max(0, x0);
        const xb = Math.min(inW, x0 + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let yy = ya; yy < yb; yy++) {
          for (let xx = xa; xx < xb; xx++) {
            const base = ((b * inH + yy) * inW + xx) * c;
            for (let k = 0; k < c; k++) {
              const v = x[base + k];
              if (v > best[k]) {
                best[k] = v;
                at[k] = base + k;
              }
            }
          }
        }
        const dyBase = ((b * outH + oy) * outW + ox) * c;
        for (let k = 0; k < c; k++) if (at[k] >= 0) dx[at[k]] += dy[dyBase + k];
      }
    }
  }
}

/**
 * maxPoolGradInto for the common 2×2 window, stride 2, every window inside the image: no window
 * bookkeeping, the same first-maximum rule (row-major, strict `>`). `dx` is already zero.
 */
function pool2x2GradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, g: WindowGeometry): void {
  const { batch, inH, inW, channels: c, outH, outW } = g;
  const rowStride = inW * c;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const p00 = ((b * inH + 2 * oy) * inW + 2 * ox) * c;
        const p01 = p00 + c;
        const p10 = p00 + rowStride;
        const p11 = p10 + c;
        for (let k = 0; k < c; k++, o++) {
          // as the general loop: from -Infinity, so a window of NaN or -Infinity only sends nothing
          let at = -1;
          let best = Number.NEGATIVE_INFINITY;
          if (x[p00 + k] > best) best = x[(at = p00 + k)];
          if (x[p01 + k] > best) best = x[(at = p01 + k)];
          if (x[p10 + k] > best) best = x[(at = p10 + k)];
          if (x[p11 + k] > best) at = p11 + k;
          if (at >= 0) dx[at] += dy[o];
        }
      }
    }
  }
}

/**
 * Sums `x` viewed as [outer, inner] over its outer axis into `out` [inner] (float64 accumulators). Four rows per
 * pass, added in double precision before they reach the accumulator: a quarter of the accumulator traffic
 * (Seed CNN conv1 bias gradient, 43,264 × 32, Node: 5.0 → 2.2 ms).
 */
export function sumOuterInto(x: Float32Array, outer: number, inner: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  let i = 0;
  for (; i + 4 <= outer; i += 4) {
    const b0 = i * inner;
    const b1 = b0 + inner;
    const b2 = b1 + inner;
    const b3 = b2 + inner;
    for (let j = 0; j < inner; j++) acc[j] += x[b0 + j] + x[b1 + j] + (x[b2 + j] + x[b3 + j]);
  }
  for (; i < outer; i++) {
    const base = i * inner;
    for (let j = 0; j < inner; j++) acc[j] += x[base + j];
  }
  out.set(acc);
}

/**
 * Transposed im2col: `cols` [fh·fw·C, N·oh·ow] with row (i·fw + j)·C + c holding input pixel
 * (oy·sh − top + i, ox·sw − left + j, c) of every output position, zero outside the image. Row order
 * matches a [fh, fw, C, O] filter, so dW = cols · dy[N·oh·ow, O].
 */
export function im2colTransposedInto(x: Float32Array, cols: Float32Array, g: WindowGeometry): void {
  const { batch, inH, inW, channels: c, outH, outW, fh, fw, sh, sw, top, left } = g;
  const m = batch * outH * outW;
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      for (let ch = 0; ch < c; ch++) {
        const row = ((i * fw + j) * c + ch) * m;
        let col = 0;
        for (let b = 0; b < batch; b++) {
          for (let oy = 0; oy < outH; oy++) {
            const yy = oy * sh - top + i;
            if (yy < 0 || yy >= inH) {
              cols.fill(0, row + col, row + col + outW);
              col += outW;
              continue;
            }
            const rowBase = (b * inH + yy) * inW;
            for (let ox = 0; ox < outW; ox++, col++) {
              const xx = ox * sw - left + j;
              cols[row + col] = xx >= 0 && xx < inW ? x[(rowBase + xx) * c + ch] : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * `x` of `shape` reversed along `axes` into `out`: whole blocks (the axes after the last reversed
 * one, contiguous) are copied to their mirrored places.
 */
export function reverseInto(
  x: Float32Array,
  shape: readonly number[],
  axes: readonly number[],
  out: Float32Array,
): void {
  const flip = shape.map((_, d) => axes.includes(d));
  const last = flip.lastIndexOf(true);
  if (last < 0) {
    out.set(x);
    return;
  }
  const block = shape.slice(last + 1).reduce((p, d) => p * d, 1);
  const outer = shape.slice(0, last + 1);
  const blocks = outer.reduce((p, d) => p * d, 1);
  const index = outer.map(() => 0);
  for (let b = 0; b < blocks; b++) {
    let source = 0;
    for (let d = 0; d < outer.length; d++) source = source * outer[d] + (flip[d] ? outer[d] - 1 - index[d] : index[d]);
    out.set(x.subarray(source * block, (source + 1) * block), b * block);
    for (let d = outer.length - 1; d >= 0 && ++index[d] === outer[d]; d--) index[d] = 0;
  }
}
