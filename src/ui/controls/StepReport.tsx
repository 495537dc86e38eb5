import type { FilterChange } from "../../core/inspect/filterChange.ts";
import type { LayerGradNorm } from "../../core/train/gradNorms.ts";
import { formatSmallPercent } from "../format.ts";

/** Props of StepReport: the stepped batch (the page's batch number, its loss) and each layer's gradient norm. */
export interface StepReportProps {
  /** The batch number shown in the counter (1-based), or null when unknown. */
  batchNumber: number | null;
  loss: number | null;
  accuracy: number | null;
  norms: LayerGradNorm[];
  /** How the step changed each conv filter (relative to its weights before), per conv layer. */
  filters: FilterChange[];
}

/** One bar per filter, its height the filter's relative change (the layer's largest change fills the strip). */
function ChangeStrip({ change }: { change: number[] }) {
  const largest = Math.max(...change, 1e-12);
  return (
    <span className="step-report__strip" aria-hidden="true">
      {change.map((c, i) => (
        <span key={i} style={{ height: `${Math.max(4, (100 * c) / largest)}%` }} />
      ))}
    </span>
  );
}

const formatNorm = (n: number) => (n === 0 ? "0" : n >= 0.01 && n < 1000 ? n.toFixed(3) : n.toExponential(2));

/** What one Step did: the batch's loss, and a bar per layer for ‖g‖, the norm of the gradient of its weights. */
export function StepReport({ batchNumber, loss, accuracy, norms, filters }: StepReportProps) {
  const largest = Math.max(...norms.map((n) => (Number.isFinite(n.norm) ? n.norm : 0)), 1e-12);
  return (
    <section className="step-report" aria-label="Last step" aria-live="polite">
      <p className="step-report__summary">
        Step{batchNumber !== null ? ` (batch ${batchNumber})` : ""}: loss{" "}
        <strong>{loss === null ? "–" : loss.toFixed(4)}</strong>
        {accuracy !== null && <>, batch accuracy {(accuracy * 100).toFixed(0)}%</>}
      </p>
      <table className="step-report__norms">
        <caption className="muted small">Gradient norm per layer, ‖g‖ of its weights, in the step just applied</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">‖g‖</th>
          </tr>
        </thead>
        <tbody>
          {norms.map((n) => (
            <tr key={n.layer}>
              <th scope="row">{n.layer}</th>
              <td>
                <span className="step-report__bar" aria-hidden="true">
                  <span
                    style={{ width: `${Math.max(1, (100 * (Number.isFinite(n.norm) ? n.norm : 0)) / largest)}%` }}
                  />
                </span>
                <span className="step-report__value">{formatNorm(n.norm)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {filters.length > 0 && (
        <table className="step-report__norms">
          <caption className="muted small">
            How much the step changed each filter: ‖Δw‖ ÷ ‖w‖, a bar per filter (framed in Look inside › Filters)
          </caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Change per filter</th>
            </tr>
          </thead>
          <tbody>
            {filters.map((f) => {
              const sorted = [...f.change].sort((a, b) => a - b);
              return (
                <tr key={`${f.layerName}/${f.kind}`}>
                  <th scope="row">
                    {f.layerName}
                    {f.kind === "depthwise" ? " (depthwise)" : ""}
                  </th>
                  <td>
                    <ChangeStrip change={f.change} />
                    <span className="step-report__value">
                      max {formatSmallPercent(sorted.at(-1) ?? 0)}, median{" "}
                      {formatSmallPercent(sorted[sorted.length >> 1] ?? 0)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
