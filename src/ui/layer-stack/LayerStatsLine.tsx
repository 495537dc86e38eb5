import type { LayerStats } from "../../core/model/inferShapes.ts";
import { formatBytes, formatInt, formatShape } from "../format.ts";

/** Output shape, parameters, MACs and activation memory of one layer; dashes when unknown. */
export function LayerStatsLine({ stats }: { stats: LayerStats | undefined }) {
  const items: [string, string][] = [
    ["Output", stats ? formatShape(stats.outputShape) : "—"],
    ["Params", stats ? formatInt(stats.params) : "—"],
    ["MACs", stats ? formatInt(stats.macs) : "—"],
    ["Memory", stats ? formatBytes(stats.activationBytes) : "—"],
  ];
  return (
    <dl className="layer-stats">
      {items.map(([term, value]) => (
        <div key={term} className="layer-stats__item">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
