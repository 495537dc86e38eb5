import { useId, useMemo, useState } from "react";
import type { LayerActivation } from "../../core/inspect/probe.ts";
import { channelSlices, grayscaleRgba } from "../../core/inspect/weightStats.ts";
import { formatInt } from "../format.ts";
import { PixelCanvas } from "./PixelCanvas.tsx";

/** The test image a typed text names: a whole number 0 … count − 1, or null (empty, fractional, out of range). */
export function parseTestImageIndex(text: string, count: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const index = Number(trimmed);
  return index < count ? index : null;
}

/** Props of TestImagePicker: how many test images there are, the one shown, and what Show and Random do. */
export interface TestImagePickerProps {
  /** Test images in the dataset (10,000). */
  count: number;
  /** The test image shown now (the inspect store's `imageIndex`; −1 while a drawing is shown). */
  shownIndex: number;
  disabled: boolean;
  onShow(index: number): void;
  onRandom(): void;
}

/**
 * The "Test image" number field with Show and "Random test image". The field follows the image shown (a random
 * pick, a gallery click); a number outside 0 … count − 1 shows the range and disables Show.
 */
export function TestImagePicker({ count, shownIndex, disabled, onShow, onRandom }: TestImagePickerProps) {
  const fieldId = useId();
  const [text, setText] = useState(String(Math.max(0, shownIndex)));
  const [followed, setFollowed] = useState(shownIndex);
  if (shownIndex !== followed) {
    // another image is shown (Random, a gallery click): the field says which; a drawing (−1) leaves it as typed
    setFollowed(shownIndex);
    if (shownIndex >= 0) setText(String(shownIndex));
  }
  const index = parseTestImageIndex(text, count);
  const show = () => {
    if (index !== null) onShow(index);
  };
  return (
    <>
      <div className={index === null && !disabled ? "field field--narrow field--invalid" : "field field--narrow"}>
        <label htmlFor={fieldId}>Test image</label>
        <input
          id={fieldId}
          type="number"
          inputMode="numeric"
          min={0}
          max={count - 1}
          step={1}
          value={text}
          disabled={disabled}
          aria-invalid={index === null}
          aria-describedby={`${fieldId}-range`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") show();
          }}
        />
        <span id={`${fieldId}-range`} className={index === null ? "field__hint" : "visually-hidden"}>
          0–{formatInt(count - 1)}
        </span>
      </div>
      <button type="button" className="button" disabled={disabled || index === null} onClick={show}>
        Show
      </button>
      <button type="button" className="button" disabled={disabled} onClick={onRandom}>
        Random test image
      </button>
    </>
  );
}

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
    for (const v of shown) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return { maps: [grayscaleRgba(shown, min, max)], w: shown.length, h: 1, channels: units };
  }, [layer, maxChannels]);
  const spatial = layer.shape.length === 3;
  return (
    <div
      className="activations__maps"
      role="img"
      aria-label={`${layer.layerName} (${layer.className}) output ${layer.shape.join("×")}`}
    >
      {drawn.maps.map((rgba, i) =>
        spatial ? (
          <PixelCanvas key={i} rgba={rgba} width={drawn.w} height={drawn.h} size={48} />
        ) : (
          <PixelCanvas
            key={i}
            rgba={rgba}
            width={drawn.w}
            height={drawn.h}
            size={Math.min(240, drawn.w * 4)}
            stripHeight={14}
          />
        ),
      )}
      {spatial && drawn.channels > drawn.maps.length && (
        <span className="muted small">+{drawn.channels - drawn.maps.length} more</span>
      )}
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
              <th scope="row" className="small">
                {layer.layerName}
                <br />
                <span className="muted">{layer.shape.join("×")}</span>
              </th>
              <td>
                <LayerMaps layer={layer} maxChannels={maxChannels} />
              </td>
              {compare && <td>{compare[i] ? <LayerMaps layer={compare[i]} maxChannels={maxChannels} /> : null}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
