import { useMemo } from "react";
import { mostChanged, type FilterChange } from "../../core/inspect/filterChange.ts";
import type { ConvKernel } from "../../core/inspect/probe.ts";
import { divergingRgba, filterTiles } from "../../core/inspect/weightStats.ts";
import { tileAtlas } from "../../core/inspect/tileAtlas.ts";
import { PixelCanvas } from "./PixelCanvas.tsx";
import { formatSmallPercent } from "../format.ts";

/** Filters per row of a layer's image, and the CSS pixels between them. */
const ATLAS_COLUMNS = 16;
const ATLAS_GAP = 3;

/** Props of FiltersView: the conv kernels of the shown model. */
export interface FiltersViewProps {
  kernels: ConvKernel[];
  /** Read from a model in training (refreshed every few seconds). */
  live: boolean;
  /** Filters drawn per layer at most. */
  maxPerLayer?: number;
  /** How the last Step changed each filter: the ones it changed most are framed. */
  changed?: readonly FilterChange[];
}

/** The frame of a filter the last Step changed most: near-black, distinct from the blue–white–red tiles. */
const FRAME = [17, 17, 17, 255] as const;

/** Every conv layer's filters as small images: blue negative, white zero, red positive (one scale per layer). */
export function FiltersView({ kernels, live, maxPerLayer = 64, changed }: FiltersViewProps) {
  // one image per layer (a canvas per filter made every live refresh re-upload 160 canvases): drawn once per read
  const layers = useMemo(
    () =>
      kernels.map((k) => {
        const { tiles, maxAbs } = filterTiles(k.values, k.shape);
        const [kh, kw] = k.shape;
        const scale = kh <= 3 ? 8 : Math.max(1, Math.round(32 / kh)); // a tile 24–32 CSS px, as before
        const shown = tiles.slice(0, maxPerLayer).map((tile) => divergingRgba(tile, maxAbs));
        const change = changed?.find((c) => c.layerName === k.layerName && c.kind === k.kind)?.change;
        const framed = change && change.length === tiles.length ? mostChanged(change) : [];
        const frames = { tiles: new Set(framed), width: Math.max(2, Math.round(scale / 3)), rgba: FRAME };
        return {
          ...k,
          count: tiles.length,
          framed: framed.map((i) => ({ index: i, change: change![i] })),
          image: tileAtlas(shown, kw, kh, { columns: ATLAS_COLUMNS, scale, gap: ATLAS_GAP }, frames),
        };
      }),
    [kernels, maxPerLayer, changed],
  );
  if (layers.length === 0)
    return <p className="muted small">This model has no conv layers: there are no filters to draw.</p>;
  return (
    <div className="filters">
      <p className="muted small">
        {live ? "Live: read from the model while it trains, every 2 s. " : ""}
        Each tile is one filter's kernel (averaged over its input channels): blue weights are negative, red positive,
        white near zero.
        {changed &&
          changed.length > 0 &&
          " Framed: the quarter of each layer's filters that the last Step changed most."}
      </p>
      {layers.map((layer) => (
        <figure key={`${layer.layerName}/${layer.kind}`} className="filters__layer">
          <figcaption className="small">
            {layer.layerName}
            {layer.kind === "depthwise" ? " (depthwise)" : ""}:{" "}
            {layer.shape[3] * (layer.kind === "depthwise" ? layer.shape[2] : 1)} filters of {layer.shape[0]}×
            {layer.shape[1]}
            {layer.count > maxPerLayer ? `, first ${maxPerLayer} shown` : ""}
            {layer.framed.length > 0 &&
              `; the Step changed filters ${layer.framed.map((f) => f.index + 1).join(", ")} most (by up to ${formatSmallPercent(
                Math.max(...layer.framed.map((f) => f.change)),
              )} of their weights)`}
          </figcaption>
          <div className="filters__grid">
            <PixelCanvas
              rgba={layer.image.rgba}
              width={layer.image.width}
              height={layer.image.height}
              size={layer.image.width}
              fit
              label={`${layer.layerName} filters`}
            />
          </div>
        </figure>
      ))}
    </div>
  );
}
