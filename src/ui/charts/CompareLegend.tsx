/** One compared run in the legend: its color, name and what differs from it to the current run. */
export interface CompareLegendEntry {
  id: number;
  title: string;
  color: string;
  differences: readonly string[];
}

/** Names the overlaid runs under the charts (solid: loss, dashed: accuracy) and lists what the current run changed. */
export function CompareLegend({
  entries,
  current,
}: {
  entries: readonly CompareLegendEntry[];
  current: string | null;
}) {
  if (entries.length === 0) return null;
  return (
    <div className="compare-legend">
      <p className="muted">
        Compared with {current ? `the current run (${current})` : "the current run"}, drawn on top. Earlier runs: loss
        solid, accuracy dashed; per epoch, their validation curves.
      </p>
      <ul aria-label="Compared runs">
        {entries.map((e) => (
          <li key={e.id}>
            <span className="compare-legend__swatch" style={{ background: e.color }} aria-hidden="true" />
            <span className="compare-legend__name">
              Run {e.id}: {e.title}
            </span>
            <span className="compare-legend__diff">
              {e.differences.length === 0
                ? "Same settings as the current run."
                : `Changed for the current run: ${e.differences.join("; ")}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
