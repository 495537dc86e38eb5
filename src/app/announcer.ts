/**
 * What the page's one polite live region says, and when. A screen reader reads a live region's change as it
 * comes, so the page must not change it faster than anyone can listen: at most one announcement every `gapMs`.
 * Messages that come sooner wait in order; a newer message of the same kind replaces the one waiting (the
 * listener wants the latest epoch, not every epoch they missed), except the kinds that must never be dropped
 * (a run starting or ending), which always wait their turn.
 */

/** What an announcement is about: a newer message of a kind replaces an older one still waiting. */
export type AnnouncementKind = "run-start" | "epoch" | "run-end" | "lab" | "move";

/** Kinds that are never replaced: each run's start and end is said, however quickly they follow each other. */
const KEPT_KINDS: readonly AnnouncementKind[] = ["run-start", "run-end"];

/** At most one announcement this often (ms). */
export const ANNOUNCE_GAP_MS = 3_000;

export interface Announcer {
  /** Says `text` now, or as soon as the gap since the last announcement allows. */
  say(kind: AnnouncementKind, text: string): void;
  /** The messages waiting, oldest first (for tests and debugging). */
  pending(): string[];
  /** Drops what is waiting and its timer. */
  dispose(): void;
}

/** An announcer that hands each message to `speak` when its turn comes; timers are the global ones. */
export function createAnnouncer(speak: (text: string) => void, gapMs = ANNOUNCE_GAP_MS): Announcer {
  const queue: { kind: AnnouncementKind; text: string }[] = [];
  let lastSpoken = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const next = queue.shift();
    if (!next) return;
    lastSpoken = Date.now();
    speak(next.text);
    schedule();
  };
  const schedule = () => {
    if (timer !== null || queue.length === 0) return;
    timer = setTimeout(flush, Math.max(0, lastSpoken + gapMs - Date.now()));
  };

  return {
    say(kind, text) {
      const waiting = KEPT_KINDS.includes(kind) ? -1 : queue.findIndex((m) => m.kind === kind);
      if (waiting >= 0) queue[waiting] = { kind, text };
      else queue.push({ kind, text });
      if (timer === null && Date.now() - lastSpoken >= gapMs) flush();
      else schedule();
    },
    pending: () => queue.map((m) => m.text),
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue.length = 0;
    },
  };
}
