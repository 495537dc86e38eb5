import type { TrainControl } from "./trainControl.ts";

/** A TrainControl driven by pause/resume/stop calls. */
export function createPauseControl(): TrainControl & { pause(): void; resume(): void; stop(): void } {
  const abort = new AbortController();
  let paused: { promise: Promise<void>; release: () => void } | null = null;
  const release = () => {
    paused?.release();
    paused = null;
  };
  return {
    signal: abort.signal,
    async waitWhilePaused() {
      if (!paused) return 0;
      const start = performance.now();
      await paused.promise;
      return performance.now() - start;
    },
    pause() {
      if (paused || abort.signal.aborted) return;
      let releaseFn = () => {};
      const promise = new Promise<void>((resolve) => {
        releaseFn = resolve;
      });
      paused = { promise, release: releaseFn };
    },
    resume: release,
    stop() {
      abort.abort();
      release();
    },
  };
}
