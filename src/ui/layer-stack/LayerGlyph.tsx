import type { LayerDrawing } from "../../layers/kit/spec.ts";

/**
 * A small picture of how a layer kind is drawn (its module's `drawing`): an image as a block with depth, a flat
 * vector as a tall bar, a layer that keeps its input's shape as a thin marker. Decorative: the card names the kind.
 */
export function LayerGlyph({ drawing }: { drawing: LayerDrawing }) {
  return (
    <svg
      className={`layer-glyph layer-glyph--${drawing}`}
      width="14"
      height="14"
      viewBox="0 0 14 14"
      aria-hidden="true"
      focusable="false"
    >
      {drawing === "volume" && (
        <path d="M1.5 4.5h8v8h-8z M1.5 4.5l3-3h8l-3 3 M12.5 1.5v8l-3 3" fill="none" stroke="currentColor" />
      )}
      {drawing === "bar" && <rect x="5.5" y="0.5" width="3" height="13" fill="none" stroke="currentColor" />}
      {drawing === "marker" && <path d="M7 0.5v13 M4.5 3.5h5 M4.5 10.5h5" fill="none" stroke="currentColor" />}
    </svg>
  );
}
