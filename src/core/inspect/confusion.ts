/**
 * Error analysis on plain arrays: predicted classes from probabilities, the confusion matrix and its
 * accuracies, the test examples behind a cell, and which predictions a compressed variant flipped.
 */

/** One ranked class of a prediction. */
export interface ClassProbability {
  classIndex: number;
  probability: number;
}

/** A test example whose prediction differs between a baseline model and a variant of it. */
export interface FlippedPrediction {
  index: number;
  label: number;
  base: number;
  variant: number;
  /** "broke": baseline right, variant wrong; "fixed": the reverse; "changed": both wrong, differently. */
  kind: "broke" | "fixed" | "changed";
}

/** One off-diagonal cell of a confusion matrix. */
export interface Confusion {
  trueClass: number;
  predictedClass: number;
  count: number;
}

/** probs: row-major [examples, numClasses] → the most probable class of each row (ties: lowest index). */
export function argmaxRows(probs: Float32Array, numClasses: number): Uint8Array {
  checkNumClasses(numClasses, 256);
  if (probs.length % numClasses !== 0) {
    throw new Error(`Probabilities of length ${probs.length} are not rows of ${numClasses} classes`);
  }
  const out = new Uint8Array(probs.length / numClasses);
  for (let row = 0; row < out.length; row++) {
    const base = row * numClasses;
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probs[base + c] > probs[base + best]) best = c;
    out[row] = best;
  }
  return out;
}

/** Counts [trueClass][predictedClass] over the examples; throws on a length mismatch or a class out of range. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number[][] {
  checkNumClasses(numClasses);
  checkSameLength(labels, predicted);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const guess = predicted[i];
    if (!isClass(label, numClasses) || !isClass(guess, numClasses)) {
      throw new Error(`Example ${i} has class ${label} → ${guess}, outside 0..${numClasses - 1}`);
    }
    matrix[label][guess]++;
  }
  return matrix;
}

/** Recall of each true class (diagonal / row total), NaN for a class with no examples. */
export function perClassAccuracy(matrix: number[][]): number[] {
  return matrix.map((row, c) => {
    const total = sum(row);
    return total > 0 ? row[c] / total : Number.NaN;
  });
}

/** Fraction of all examples on the diagonal, NaN for an empty matrix. */
export function overallAccuracy(matrix: number[][]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, c) => {
    correct += row[c] ?? 0;
    total += sum(row);
  });
  return total > 0 ? correct / total : Number.NaN;
}

/** Indices of the examples in one cell (true class, predicted class), in test-set order, at most `limit`. */
export function cellIndices(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  trueClass: number,
  predictedClass: number,
  limit = Infinity,
): number[] {
  checkSameLength(labels, predicted);
  const out: number[] = [];
  for (let i = 0; i < labels.length && out.length < limit; i++) {
    if (labels[i] === trueClass && predicted[i] === predictedClass) out.push(i);
  }
  return out;
}

/** The k most probable classes of one row of probs [examples, numClasses], descending; ties by lower class. */
export function topK(probs: Float32Array, row: number, numClasses: number, k = 3): ClassProbability[] {
  checkNumClasses(numClasses);
  const rows = Math.floor(probs.length / numClasses);
  if (!Number.isInteger(row) || row < 0 || row >= rows) throw new Error(`Row ${row} is outside 0..${rows - 1}`);
  const ranked: ClassProbability[] = [];
  for (let c = 0; c < numClasses; c++) ranked.push({ classIndex: c, probability: probs[row * numClasses + c] });
  ranked.sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex);
  return ranked.slice(0, Math.max(0, k));
}

/** Indices of the wrongly predicted examples, in test-set order, at most `limit`. */
export function misclassified(labels: ArrayLike<number>, predicted: ArrayLike<number>, limit = Infinity): number[] {
  checkSameLength(labels, predicted);
  const out: number[] = [];
  for (let i = 0; i < labels.length && out.length < limit; i++) if (labels[i] !== predicted[i]) out.push(i);
  return out;
}

/** The examples whose prediction differs between the baseline and a variant, in test-set order. */
export function flippedPredictions(
  labels: ArrayLike<number>,
  basePredicted: ArrayLike<number>,
  variantPredicted: ArrayLike<number>,
): FlippedPrediction[] {
  checkSameLength(labels, basePredicted);
  checkSameLength(labels, variantPredicted);
  const out: FlippedPrediction[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const base = basePredicted[i];
    const variant = variantPredicted[i];
    if (base === variant) continue;
    const kind = base === label ? "broke" : variant === label ? "fixed" : "changed";
    out.push({ index: i, label, base, variant, kind });
  }
  return out;
}

/** The n largest off-diagonal cells, descending (ties by true, then predicted class); zero counts left out. */
export function topConfusions(matrix: number[][], n: number): Confusion[] {
  const cells: Confusion[] = [];
  matrix.forEach((row, trueClass) =>
    row.forEach((count, predictedClass) => {
      if (trueClass !== predictedClass && count > 0) cells.push({ trueClass, predictedClass, count });
    }),
  );
  cells.sort((a, b) => b.count - a.count || a.trueClass - b.trueClass || a.predictedClass - b.predictedClass);
  return cells.slice(0, Math.max(0, n));
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function isClass(value: number, numClasses: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < numClasses;
}

function checkNumClasses(numClasses: number, max = Infinity): void {
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > max) {
    throw new Error(`numClasses must be an integer in 1..${max}, got ${numClasses}`);
  }
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`Labels and predictions differ in length: ${a.length} vs ${b.length}`);
}
