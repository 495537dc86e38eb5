import { formatBytes, formatInt } from "../format.ts";

/** Props of ModelTotals; null totals when an error stopped shape inference part-way. */
export interface ModelTotalsProps {
  totals: { params: number; macs: number; activationBytes: number } | null;
}

/** One line of model totals, e.g. "163,850 parameters · 3,159,168 MACs · 215.6 KB activations per example". */
export function ModelTotals({ totals }: ModelTotalsProps) {
  if (!totals) return <p className="model-totals muted">Fix the error above to see the model's totals.</p>;
  return (
    <p className="model-totals">
      <strong>{formatInt(totals.params)} parameters</strong> · {formatInt(totals.macs)} MACs ·{" "}
      {formatBytes(totals.activationBytes)} activations per example
    </p>
  );
}
