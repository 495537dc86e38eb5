// Display formatting shared by the panels; a fixed locale keeps "163,850" stable for tests and projectors.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** Whole number with thousands separators, e.g. 163850 → "163,850". */
export function formatInt(n: number): string {
  return integer.format(n);
}

/** Tensor shape without the batch axis, e.g. [26, 26, 32] → "26×26×32". */
export function formatShape(shape: readonly number[]): string {
  return shape.join("×");
}

/** Byte count in B, KB or MB (binary units), e.g. 86528 → "84.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Fraction 0–1 as a percentage with one decimal, e.g. 0.9871 → "98.7%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Fraction as a percentage with two significant digits, for small changes: 0.048 → "4.8%", 0.0003 → "0.030%". */
export function formatSmallPercent(fraction: number): string {
  return `${(fraction * 100).toPrecision(2)}%`;
}

/** Milliseconds as m:ss or h:mm:ss, e.g. 83000 → "1:23". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
