/**
 * Magnitude pruning on plain arrays (no tfjs): masks that zero the smallest weights, per layer or with one
 * global threshold, and the polynomial sparsity schedule of Zhu & Gupta (TF-MOT's PolynomialDecay).
 */

/** A weight tensor offered for pruning. */
export interface PrunableTensor {
  values: Float32Array;
}

/** Sparsity at `step` of a schedule (TF-MOT PolynomialDecay; before `beginStep` none, after `endStep` final). */
export interface PolynomialSchedule {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  /** 3 in Zhu & Gupta and TF-MOT. */
  power: number;
  /** Masks are recomputed every `frequency` steps (the sparsity holds in between). */
  frequency: number;
}

/** s = s_f + (s_i - s_f)(1 - (t - t0)/(t1 - t0))^p, evaluated at the last update step ≤ `step`. */
export function polynomialSparsity(step: number, s: PolynomialSchedule): number {
  if (step < s.beginStep) return 0;
  const span = Math.max(1, s.endStep - s.beginStep);
  const updateStep = Math.min(
    s.endStep,
    s.beginStep + Math.floor((step - s.beginStep) / Math.max(1, s.frequency)) * Math.max(1, s.frequency),
  );
  const progress = Math.min(1, (updateStep - s.beginStep) / span);
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * (1 - progress) ** s.power;
}

/** The k-th smallest absolute value (k ≥ 1) over all arrays, or -1 for k = 0 (prune nothing). */
export function magnitudeThreshold(arrays: Float32Array[], sparsity: number): number {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const k = Math.floor(Math.min(1, Math.max(0, sparsity)) * total);
  if (k === 0) return -1;
  const abs = new Float32Array(total);
  let o = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) abs[o++] = Math.abs(a[i]);
  abs.sort();
  return abs[k - 1];
}

/**
 * Masks (1 keep, 0 pruned) that zero a `sparsity` fraction of the weights: the smallest magnitudes of each
 * tensor ("layer"), or of all tensors together under one threshold ("global"). Ties at the threshold are
 * pruned in index order until exactly the target count is reached.
 */
export function magnitudeMasks(tensors: PrunableTensor[], sparsity: number, scope: "layer" | "global"): Uint8Array[] {
  const groups = scope === "global" ? [tensors] : tensors.map((t) => [t]);
  const masks = tensors.map((t) => new Uint8Array(t.values.length).fill(1));
  for (const group of groups) {
    const arrays = group.map((t) => t.values);
    const total = arrays.reduce((n, a) => n + a.length, 0);
    let toPrune = Math.floor(Math.min(1, Math.max(0, sparsity)) * total);
    const threshold = magnitudeThreshold(arrays, sparsity);
    if (toPrune === 0) continue;
    // first everything strictly below the threshold, then ties at it
    for (const pass of [0, 1]) {
      for (const t of group) {
        const mask = masks[tensors.indexOf(t)];
        for (let i = 0; i < t.values.length && toPrune > 0; i++) {
          const a = Math.abs(t.values[i]);
          if (mask[i] === 1 && (pass === 0 ? a < threshold : a === threshold)) {
            mask[i] = 0;
            toPrune--;
          }
        }
      }
    }
  }
  return masks;
}

/** values × mask, as a new array. */
export function applyMask(values: Float32Array, mask: Uint8Array): Float32Array {
  return values.map((v, i) => (mask[i] ? v : 0));
}

/** Fraction of exact zeros. */
export function sparsityOf(values: Float32Array): number {
  if (values.length === 0) return 0;
  let zeros = 0;
  for (const v of values) if (v === 0) zeros++;
  return zeros / values.length;
}
