import { useEffect, useId, useMemo, useRef, useState } from "react";
import { svgToPng } from "../../app/chartImage.ts";
import { downloadFile } from "../../app/download.ts";
import { useCompressionStore } from "../../app/compressionStore.ts";
import { useInspectStore } from "../../app/inspectStore.ts";
import type { LayerConfig } from "../../config/schema.ts";
import { activationOf, diagramLayout } from "../../core/diagram/layout.ts";
import type { ModelStats, Shape } from "../../core/model/inferShapes.ts";
import { activationThumbs } from "./activationThumbs.ts";
import { NetworkDiagram, type BlockThumbs } from "./NetworkDiagram.tsx";
import { removedMap, variantCaption, variantChoices } from "./variantChoice.ts";

/** Props of DiagramPanel: the stack, its inferred stats, the dataset's shapes, and how to focus a card. */
export interface DiagramPanelProps {
  layers: readonly LayerConfig[];
  stats: ModelStats;
  inputShape: Shape;
  numClasses: number;
  /** Focuses the card of the layer at this stack index. */
  onSelectLayer(index: number): void;
}

/** The network drawn above the cards, with "Show activations" and "Save diagram (PNG)". */
export function DiagramPanel({ layers, stats, inputShape, numClasses, onSelectLayer }: DiagramPanelProps) {
  const labelId = useId();
  const toggleId = useId();
  const drawId = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [showActivations, setShowActivations] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // subscribes to the inspector only while shown: training never re-renders the diagram
  const activations = useInspectStore((s) => (showActivations ? s.activations : null));
  const reports = useCompressionStore((s) => s.reports);
  const current = useCompressionStore((s) => s.current);
  const choices = useMemo(() => variantChoices(reports, current), [reports, current]);
  const [drawKey, setDrawKey] = useState("baseline");
  // a variant that left the lab (a new run clears it) falls back to the baseline
  const chosen = choices.find((c) => c.key === drawKey) ?? null;
  const removed = useMemo(() => (chosen ? removedMap(chosen.filters, layers, stats) : null), [chosen, layers, stats]);
  const layout = useMemo(
    () => diagramLayout(layers, stats, inputShape, numClasses, showActivations, removed ?? undefined),
    [layers, stats, inputShape, numClasses, showActivations, removed],
  );
  const thumbs = useMemo(() => {
    const map = new Map<number, BlockThumbs>();
    if (!activations) return map;
    for (const block of layout.blocks) {
      if (block.role === "input" || !block.outputShape) continue;
      const act = activationOf(activations.baseline, block.index, layers.length);
      // after an edit the trained model no longer matches the stack: only same-shaped outputs are drawn
      if (act && act.shape.join("×") === block.shapeText) map.set(block.index, activationThumbs(act));
    }
    return map;
  }, [activations, layout, layers.length]);

  // a new error scrolls the figure (never the page) to the flagged block, so a narrow screen shows it
  const invalid = layout.blocks.find((b) => b.invalid);
  const invalidCentre = invalid ? invalid.slotX + invalid.slotW / 2 : null;
  useEffect(() => {
    const box = scrollRef.current;
    if (box && invalidCentre !== null) box.scrollLeft = Math.max(0, invalidCentre - box.clientWidth / 2);
  }, [invalidCentre]);

  async function save() {
    setError(null);
    try {
      if (svgRef.current) downloadFile("cnn-playground-diagram.png", await svgToPng(svgRef.current), "image/png");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <figure className="diagram">
      <figcaption id={labelId} className="diagram__caption">
        Network diagram
        <span className="muted small"> (block size follows each layer's output; click a block for its card)</span>
      </figcaption>
      {chosen && (
        <p className="muted small diagram__variant">
          {removed
            ? variantCaption(chosen)
            : `${chosen.label} was measured on another stack: edit back, or measure it again in the lab, to draw it.`}
        </p>
      )}
      <div ref={scrollRef} className="diagram__scroll">
        <NetworkDiagram layout={layout} thumbs={thumbs} labelId={labelId} svgRef={svgRef} onSelect={onSelectLayer} />
      </div>
      <div className="diagram__controls">
        {choices.length > 0 && (
          <div className="diagram__draw">
            <label htmlFor={drawId}>Draw</label>
            <select
              id={drawId}
              aria-label="Draw variant"
              value={chosen ? chosen.key : "baseline"}
              onChange={(e) => setDrawKey(e.target.value)}
            >
              <option value="baseline">Baseline</option>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="lab-checkbox">
          <input
            id={toggleId}
            type="checkbox"
            checked={showActivations}
            onChange={(e) => setShowActivations(e.target.checked)}
          />
          <label htmlFor={toggleId}>Show activations</label>
        </div>
        <button type="button" className="button" onClick={save}>
          Save diagram (PNG)
        </button>
      </div>
      {showActivations && thumbs.size === 0 && (
        <p className="muted small">
          Train the model, then show a test image or draw a digit in Look inside: its activations appear here.
        </p>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </figure>
  );
}
