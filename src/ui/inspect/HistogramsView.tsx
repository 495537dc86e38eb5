import type { KernelHistogram } from "../../core/inspect/probe.ts";
import { formatPercent } from "./inspectFormat.ts";

/** Props of HistogramsView: one histogram per kernel of the shown model. */
export interface HistogramsViewProps {
  histograms: KernelHistogram[];
}

const WIDTH = 240;
const HEIGHT = 64;

/** One kernel's weight histogram as bars (square-root scale, so the tails show), with its zeros and levels. */
function Histogram({ h }: { h: KernelHistogram }) {
  const max = Math.sqrt(Math.max(1, ...h.counts));
  const barWidth = WIDTH / h.counts.length;
  const levels = h.distinctCapped
    ? `more than ${h.distinctValues.toLocaleString("en-US")}`
    : h.distinctValues.toLocaleString("en-US");
  return (
    <figure className="histogram">
      <figcaption className="small">
        <strong>{h.name}</strong>: {h.total.toLocaleString("en-US")} weights,{" "}
        {formatPercent(h.total ? h.zeros / h.total : Number.NaN)} exactly zero, {levels} distinct values
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 12}`}
        width="100%"
        role="img"
        aria-label={`${h.name}: weights from ${h.min.toPrecision(2)} to ${h.max.toPrecision(2)}, ${h.zeros} zeros, ${levels} distinct values`}
      >
        {h.counts.map((count, i) => {
          const height = (Math.sqrt(count) / max) * HEIGHT;
          const centre = i === (h.counts.length - 1) / 2;
          return (
            <rect
              key={i}
              x={i * barWidth + 0.5}
              y={HEIGHT - height}
              width={Math.max(1, barWidth - 1)}
              height={height}
              className={centre ? "histogram__bar histogram__bar--zero" : "histogram__bar"}
            />
          );
        })}
        <text x={0} y={HEIGHT + 11} className="histogram__axis">
          {h.edges[0]?.toPrecision(2)}
        </text>
        <text x={WIDTH / 2} y={HEIGHT + 11} textAnchor="middle" className="histogram__axis">
          0
        </text>
        <text x={WIDTH} y={HEIGHT + 11} textAnchor="end" className="histogram__axis">
          {h.edges[h.edges.length - 1]?.toPrecision(2)}
        </text>
      </svg>
    </figure>
  );
}

/** Weight histograms per layer: pruning shows as a spike of zeros, quantization as a few levels. */
export function HistogramsView({ histograms }: HistogramsViewProps) {
  return (
    <div className="histograms">
      {histograms.map((h) => (
        <Histogram key={h.name} h={h} />
      ))}
    </div>
  );
}
