/**
 * Runs `fn` in a task of its own after the next frame is painted (a frame callback, then a timeout): by then style
 * and layout are clean, so DOM reads and focus() there cost little and do not lengthen the task that changed the
 * page. Without requestAnimationFrame it only waits for a timeout. Returns a cancel function (for effect cleanups).
 */
export function afterNextPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame: number | undefined;
  if (typeof requestAnimationFrame === "function") {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      timer = setTimeout(fn, 0);
    });
  } else {
    timer = setTimeout(fn, 0);
  }
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
