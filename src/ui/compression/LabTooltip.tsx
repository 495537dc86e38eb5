import { formatPercent } from "../format.ts";
import { formatMs } from "./compressionData.ts";
import { INTERVAL_METHOD } from "./estimateData.ts";

/** The fields a chart point may carry; the tooltip shows those present. */
interface TooltipPoint {
  name?: string;
  label?: string;
  accuracy?: number;
  latencyMs?: number;
  sparsity?: number;
  bits?: number;
  /** An estimate's interval, [below, above] the accuracy. */
  error?: [number, number];
}

/** Props recharts passes to a tooltip's content (only what is read here). */
export interface LabTooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/** Tooltip of the scatter and line charts: the point's name, its settings and its values. */
export function LabTooltip({ active, payload }: LabTooltipProps) {
  const point = payload?.[0]?.payload as TooltipPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="lab-tooltip">
      <strong>{point.name}</strong>
      {point.label && point.label !== point.name && <span>{point.label}</span>}
      {point.accuracy !== undefined && <span>Accuracy {formatPercent(point.accuracy)}</span>}
      {point.accuracy !== undefined && point.error && (
        <span>
          {INTERVAL_METHOD}: {formatPercent(point.accuracy - point.error[0])} to{" "}
          {formatPercent(point.accuracy + point.error[1])}
        </span>
      )}
      {point.latencyMs !== undefined && <span>Batch-1 p50 {formatMs(point.latencyMs)} ms</span>}
      {point.sparsity !== undefined && <span>Sparsity {formatPercent(point.sparsity)}</span>}
      {point.bits !== undefined && (
        <span>
          {point.bits === 32
            ? "float32 (32 bits)"
            : point.bits === 16
              ? "float16 (16 bits)"
              : `${point.bits} bits per weight`}
        </span>
      )}
    </div>
  );
}
