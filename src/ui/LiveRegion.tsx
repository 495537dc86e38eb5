import { useAnnouncementStore } from "../app/announcements.ts";

/**
 * The page's one polite live region: run starts and ends, epochs, lab results and layer moves, paced by the
 * announcer. Hidden from sight: everything it says is also on the page.
 */
export function LiveRegion() {
  const text = useAnnouncementStore((s) => s.text);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" aria-label="Announcements">
      {text}
    </div>
  );
}
