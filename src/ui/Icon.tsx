/** Icon names drawn by Icon. */
export type IconName = "up" | "down" | "duplicate" | "remove" | "grip";

// 16×16 strokes; inline SVG so no icon font is needed and every platform draws the same shape
const PATHS: Record<IconName, string> = {
  up: "M8 13V3M3.5 7.5 8 3l4.5 4.5",
  down: "M8 3v10M3.5 8.5 8 13l4.5-4.5",
  duplicate: "M5.5 5.5h7v7h-7zM3.5 10.5v-7h7",
  remove: "M4 4l8 8M12 4l-8 8",
  grip: "M6 3.5h.01M10 3.5h.01M6 8h.01M10 8h.01M6 12.5h.01M10 12.5h.01",
};

/** Decorative 16×16 stroke icon; the surrounding control carries the accessible name. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth={name === "grip" ? 2.6 : 1.6}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
