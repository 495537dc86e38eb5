/** 0.934 → "93.4%"; NaN → "–". */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : "–";
}
