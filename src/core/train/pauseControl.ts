import type { TrainControl } from "./trainControl.ts";

/** The pause control's own calls: pause, resume, stop, and one batch at a time while paused. */
export interface PauseControl extends TrainControl {
  isPaused(): boolean;
  pause(): void;
  resume(): void;
  stop(): void;
  /**
   * While paused, lets exactly one more batch through: resolves once that batch has been trained (the loop is back
   * at its wait) or the run ended. Null, refused, when not paused or while a step is still under way: a press that
   * comes while a step runs is dropped, not queued, so a burst of presses never trains more than one batch each
   * step that was accepted.
   */
  step(): Promise<void> | null;
  /** The run ended: a step still under way counts as done. */
  endStep(): void;
}

/** A TrainControl driven by pause/resume/stop/step calls. */
export function createPauseControl(): PauseControl {
  const abort = new AbortController();
  let paused = false;
  /** "granted": the loop's next wait lets one batch through; "running": that batch is being trained. */
  let stepState: "none" | "granted" | "running" = "none";
  let stepDone: (() => void) | null = null;
  // every change (resume, step, stop) wakes a waiting loop, which then looks again
  let wake = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const wakeNow = wake;
    changed = new Promise<void>((resolve) => (wake = resolve));
    wakeNow();
  };
  const endStep = () => {
    stepState = "none";
    stepDone?.();
    stepDone = null;
  };
  return {
    signal: abort.signal,
    isPaused: () => paused,
    async waitWhilePaused() {
      if (stepState === "running") endStep(); // the loop is back: the step's batch is trained and reported
      const start = performance.now();
      let waited = false;
      while (paused && stepState !== "granted" && !abort.signal.aborted) {
        waited = true;
        await changed;
      }
      if (stepState === "granted") stepState = "running";
      return waited ? performance.now() - start : 0;
    },
    pause() {
      if (paused || abort.signal.aborted) return;
      paused = true;
    },
    resume() {
      paused = false;
      notify();
    },
    stop() {
      abort.abort();
      endStep();
      notify();
    },
    step() {
      if (!paused || stepState !== "none" || abort.signal.aborted) return null;
      stepState = "granted";
      const done = new Promise<void>((resolve) => (stepDone = resolve));
      notify();
      return done;
    },
    endStep,
  };
}
