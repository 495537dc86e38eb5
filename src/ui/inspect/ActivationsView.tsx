import { useMemo } from "react";
import type { LayerActivation } from "../../core/inspect/probe.ts";
import { channelSlices, grayscaleRgba } from "../../core/inspect/weightStats.ts";
import { PixelCanvas } from "./PixelCanvas.tsx";

/** Props of ActivationsView: every layer's output for one image, for the baseline and maybe a variant. */
export interface ActivationsViewProps {
  baseline: LayerActivation[];
  compare: LayerActivation[] | null;
  compareLabel: string;
  /** Channels drawn per conv or pool layer. */
  maxChannels?: number;
}

/** One layer's output: a tile per channel (maps), or a strip of units (dense, flatten). */
function LayerMaps({ layer, maxChannels }: { layer: LayerActivation; maxChannels: number }) {
  const drawn = useMemo(() => {
    if (layer.shape.length === 3) {
      const [h, w, c] = layer.shape;
      const { slices, min, max } = channelSlices(layer.values, [h, w, c], maxChannels);
      return { maps: slices.map((s) => grayscaleRgba(s, min, max)), w, h, channels: c };
    }
    const units = layer.values.length;
    const shown = layer.values.subarray(0, Math.min(units, 256));
    let min = 0;
    let max = 0;
    for (const v of shown) { min = Math.min(min, v); max = Math.max(max, v); }
    return { maps: [grayscaleRgba(shown, min, max)], w: shown.length, h: 1, channels: units };
  }, [layer, maxChannels]);
  const spatial = layer.shape.length === 3;
  return (
    <div className="activations__maps" role="img"
      aria-label={`${layer.layerName} (${layer.className}) output ${layer.shape.join("×")}`}>
      {drawn.maps.map((rgba, i) => (
        spatial
          ? <PixelCanvas key={i} rgba={rgba} width={drawn.w} height={drawn.h} size={48} />
          : <PixelCanvas key={i} rgba={rgba} width={drawn.w} height={drawn.h} size={Math.min(240, drawn.w * 4)} stripHeight={14} />
      ))}
      {spatial && drawn.channels > drawn.maps.length && <span className="muted small">+{drawn.channels - drawn.maps.length} more</span>}
    </div>
  );
}

/** Activation maps of every layer, baseline beside the compared variant; bright = large output. */
export function ActivationsView({ baseline, compare, compareLabel, maxChannels = 8 }: ActivationsViewProps) {
  return (
    <div className="activations-scroll">
    <table className="activations">
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Baseline</th>
          {compare && <th scope="col">{compareLabel}</th>}
        </tr>
      </thead>
      <tbody>
        {baseline.map((layer, i) => (
          <tr key={layer.layerName}>
            <th scope="row" className="small">{layer.layerName}<br /><span className="muted">{layer.shape.join("×")}</span></th>
            <td><LayerMaps layer={layer} maxChannels={maxChannels} /></td>
            {compare && <td>{compare[i] ? <LayerMaps layer={compare[i]} maxChannels={maxChannels} /> : null}</td>}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
