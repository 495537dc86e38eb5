import type { LayerStats } from "../../core/model/inferShapes.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { LayerStatsLine } from "./LayerStatsLine.tsx";

/** Props of the HeadCard: the implied classifier's stats and error, if any. */
export interface HeadCardProps {
  numClasses: number;
  stats: LayerStats | undefined;
  error: string | null;
}

/** Fixed, non-editable card of the implied softmax classifier after the last layer. */
export function HeadCard({ numClasses, stats, error }: HeadCardProps) {
  return (
    <div className={error ? "layer-card layer-card--head layer-card--error" : "layer-card layer-card--head"}>
      <div className="layer-card__header">
        <h3 className="layer-card__title">Output: Dense {numClasses} + softmax</h3>
        <ConceptNote id="softmax" />
      </div>
      <p className="layer-card__help">Always present: turns the last layer into one probability per class.</p>
      <LayerStatsLine stats={stats} />
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
