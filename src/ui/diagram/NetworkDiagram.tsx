import type { KeyboardEvent } from "react";
import { blockName, DIAGRAM, type DiagramBlock, type DiagramLayout } from "../../core/diagram/layout.ts";

/** Activation thumbnails of one block: image URLs of a few channel maps (or one strip of units). */
export interface BlockThumbs {
  urls: string[];
  /** Width ÷ height of each image. */
  aspect: number;
}

/** Props of NetworkDiagram: the laid-out blocks, optional thumbnails by block index, and what a click does. */
export interface NetworkDiagramProps {
  layout: DiagramLayout;
  /** Activation thumbnails by block index (stack index; the head is `layers.length`). */
  thumbs?: ReadonlyMap<number, BlockThumbs>;
  labelId: string;
  svgRef?: React.Ref<SVGSVGElement>;
  /** A layer's block was chosen (click, Enter, Space): its stack index. */
  onSelect(index: number): void;
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

const pts = (p: number[][]) => p.map(([px, py]) => `${px},${py}`).join(" ");

/** A box's top, side and front faces, `w` wide; `ghost` draws them as the removed part (dashed, pale). */
function Box({ b, w, ghost }: { b: DiagramBlock; w: number; ghost?: boolean }) {
  const { x, y, h, dx, dy } = b;
  const extra = ghost ? " diagram__removed" : "";
  return (
    <>
      <polygon
        className={`diagram__top${extra}`}
        points={pts([
          [x, y],
          [x + dx, y - dy],
          [x + w + dx, y - dy],
          [x + w, y],
        ])}
      />
      <polygon
        className={`diagram__side${extra}`}
        points={pts([
          [x + w, y],
          [x + w + dx, y - dy],
          [x + w + dx, y + h - dy],
          [x + w, y + h],
        ])}
      />
      <rect className={`diagram__front${extra}`} x={x} y={y} width={w} height={h} />
    </>
  );
}

/**
 * The faces of a box, or the rectangle of a bar. A variant's block keeps its full outline, ghosted and dashed, with
 * the kept slice drawn solid in front of it: the part of the width (channels) or height (units) that remains.
 */
function Faces({ b }: { b: DiagramBlock }) {
  const { x, y, w, h } = b;
  const cut = b.removed;
  if (b.form === "bar") {
    if (!cut) return <rect className="diagram__front" x={x} y={y} width={w} height={h} rx={2} />;
    return (
      <>
        <rect className="diagram__front diagram__removed" x={x} y={y} width={w} height={h} rx={2} />
        <rect className="diagram__front" x={x} y={y + h - cut.keptH} width={w} height={cut.keptH} rx={2} />
      </>
    );
  }
  if (!cut) return <Box b={b} w={w} />;
  return (
    <>
      <Box b={b} w={w} ghost />
      <Box b={b} w={cut.keptW} />
    </>
  );
}

function lines(b: DiagramBlock): string[] {
  if (b.invalid) return [b.label, "invalid"];
  if (b.unknown) return [b.label, "?"];
  if (b.role === "input") return [b.label, b.shapeText];
  return [b.label, b.shapeText, `${compact.format(b.params ?? 0)} params`, `${compact.format(b.macs ?? 0)} MACs`];
}

/** Thumbnails of a block's activation, stacked in its slot under the labels. */
function Thumbs({ b, thumbs, top }: { b: DiagramBlock; thumbs: BlockThumbs; top: number }) {
  const gap = 2;
  const count = thumbs.urls.length;
  const size = Math.min((DIAGRAM.thumbHeight - gap * (count - 1)) / count, (b.slotW - 8) / thumbs.aspect);
  const width = size * thumbs.aspect;
  return thumbs.urls.map((url, i) => (
    <image
      key={i}
      href={url}
      x={b.slotX + (b.slotW - width) / 2}
      y={top + i * (size + gap)}
      width={width}
      height={size}
      preserveAspectRatio="none"
      style={{ imageRendering: "pixelated" }}
    />
  ));
}

/** The model as a figure: a block per layer sized by its output, labelled; layer blocks are buttons. */
export function NetworkDiagram({ layout, thumbs, labelId, svgRef, onSelect }: NetworkDiagramProps) {
  function handleKey(event: KeyboardEvent<SVGGElement>, index: number) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    onSelect(index);
  }
  return (
    <svg
      ref={svgRef}
      className="diagram__svg"
      role="group"
      aria-labelledby={labelId}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <line className="diagram__axis" x1={0} x2={layout.width} y1={layout.midY} y2={layout.midY} />
      {layout.blocks.map((b) => {
        const name = blockName(b);
        const isLayer = b.role === "layer";
        const classes = [
          "diagram__block",
          `diagram__block--${b.role}`,
          b.invalid && "diagram__block--invalid",
          b.unknown && !b.invalid && "diagram__block--unknown",
        ]
          .filter(Boolean)
          .join(" ");
        const blockThumbs = thumbs?.get(b.index);
        return (
          <g
            key={b.index}
            className={classes}
            role={isLayer ? "button" : "img"}
            tabIndex={isLayer ? 0 : undefined}
            aria-label={name}
            onClick={isLayer ? () => onSelect(b.index) : undefined}
            onKeyDown={isLayer ? (event) => handleKey(event, b.index) : undefined}
          >
            <title>{isLayer ? `${name}: show its card` : name}</title>
            {/* the whole slot is the click target, so thin blocks are easy to hit */}
            <rect className="diagram__hit" x={b.slotX} y={0} width={b.slotW} height={layout.height} />
            <Faces b={b} />
            <text className="diagram__label" x={b.slotX + b.slotW / 2} y={layout.labelY} aria-hidden="true">
              {lines(b).map((line, i) => (
                <tspan
                  key={i}
                  x={b.slotX + b.slotW / 2}
                  dy={i === 0 ? DIAGRAM.lineHeight - 3 : DIAGRAM.lineHeight}
                  className={i === 0 ? "diagram__kind" : undefined}
                >
                  {line}
                </tspan>
              ))}
            </text>
            {blockThumbs && <Thumbs b={b} thumbs={blockThumbs} top={layout.thumbY} />}
          </g>
        );
      })}
    </svg>
  );
}
