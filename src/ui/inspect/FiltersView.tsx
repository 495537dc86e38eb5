import { useMemo } from "react";
import type { ConvKernel } from "../../core/inspect/probe.ts";
import { divergingRgba, filterTiles } from "../../core/inspect/weightStats.ts";
import { PixelCanvas } from "./PixelCanvas.tsx";

/** Props of FiltersView: the conv kernels of the shown model. */
export interface FiltersViewProps {
  kernels: ConvKernel[];
  /** Read from a model in training (refreshed every few seconds). */
  live: boolean;
  /** Filters drawn per layer at most. */
  maxPerLayer?: number;
}

/** Every conv layer's filters as small images: blue negative, white zero, red positive (one scale per layer). */
export function FiltersView({ kernels, live, maxPerLayer = 64 }: FiltersViewProps) {
  const layers = useMemo(() => kernels.map((k) => ({ ...k, ...filterTiles(k.values, k.shape) })), [kernels]);
  if (layers.length === 0)
    return <p className="muted small">This model has no conv layers: there are no filters to draw.</p>;
  return (
    <div className="filters">
      <p className="muted small">
        {live ? "Live: read from the model while it trains, every 2 s. " : ""}
        Each tile is one filter's kernel (averaged over its input channels): blue weights are negative, red positive,
        white near zero.
      </p>
      {layers.map((layer) => (
        <figure key={`${layer.layerName}/${layer.kind}`} className="filters__layer">
          <figcaption className="small">
            {layer.layerName}
            {layer.kind === "depthwise" ? " (depthwise)" : ""}:{" "}
            {layer.shape[3] * (layer.kind === "depthwise" ? layer.shape[2] : 1)} filters of {layer.shape[0]}×
            {layer.shape[1]}
            {layer.tiles.length > maxPerLayer ? `, first ${maxPerLayer} shown` : ""}
          </figcaption>
          <div className="filters__grid" role="img" aria-label={`${layer.layerName} filters`}>
            {layer.tiles.slice(0, maxPerLayer).map((tile, i) => (
              <PixelCanvas
                key={i}
                rgba={divergingRgba(tile, layer.maxAbs)}
                width={layer.shape[1]}
                height={layer.shape[0]}
                size={layer.shape[0] <= 3 ? 24 : 32}
              />
            ))}
          </div>
        </figure>
      ))}
    </div>
  );
}
