/**
 * One training run as an explicit state machine, owned by one object (the worker only hosts it):
 *
 *   idle → preparing → training ⇄ paused → stopping → evaluating → done | failed
 *
 * Stop is legal from the first moment (while the dataset loads, the lab lets go of the model, Auto times the
 * backends or the model is built): the preparing step under way finishes, the rest are skipped. Every command
 * is either applied or refused with a reason a person can read.
 */
import { createPauseControl, type PauseControl } from "./pauseControl.ts";
import { yieldToEventLoop } from "./trainControl.ts";

/** Where a run is in its life. */
export type RunPhase = "idle" | "preparing" | "training" | "paused" | "stopping" | "evaluating" | "done" | "failed";
/** What a person (or the page) can ask of the trainer. */
export type RunCommand = "train" | "pause" | "resume" | "stop" | "reset" | "compress" | "inspect";
/** The steps before the first batch, in order. */
export type PreparingStep =
  | "starting the trainer"
  | "loading the dataset"
  | "letting the lab finish"
  | "timing the backends"
  | "building the model"
  | "starting the training workers";

/** Phases in which a run holds the model. */
export const ACTIVE_PHASES: readonly RunPhase[] = ["preparing", "training", "paused", "stopping", "evaluating"];

/** True while a run holds the model (from Train until it is done or failed). */
export const isActivePhase = (phase: RunPhase): boolean => ACTIVE_PHASES.includes(phase);

/** The phases each phase may move to. */
const NEXT: Record<RunPhase, readonly RunPhase[]> = {
  idle: ["preparing"],
  preparing: ["preparing", "training", "stopping", "failed"], // preparing → preparing: the next step
  training: ["paused", "stopping", "evaluating", "done", "failed"], // → done: the run stopped itself (its loss diverged)
  paused: ["training", "stopping", "failed"],
  stopping: ["evaluating", "done", "failed"],
  evaluating: ["done", "failed"],
  done: ["preparing", "idle"],
  failed: ["preparing", "idle"],
};

/** True when a run may move from `from` to `to`. */
export const canMove = (from: RunPhase, to: RunPhase): boolean => NEXT[from].includes(to);

/** Null when `command` is legal in `phase`; otherwise why not, in words for the page. */
export function refusal(phase: RunPhase, command: RunCommand): string | null {
  const busy =
    phase === "stopping"
      ? "the run is stopping"
      : phase === "evaluating"
        ? "the run is being evaluated on the test set"
        : `a run is ${phase}`;
  switch (command) {
    case "train":
    case "reset":
    case "compress":
    case "inspect":
      return isActivePhase(phase) ? `Not now: ${busy}; wait until it ends.` : null;
    case "pause":
      if (phase === "training") return null;
      if (phase === "paused") return "The run is already paused.";
      if (phase === "preparing") return "Pause works once training has started; Stop ends the run now.";
      return isActivePhase(phase) ? `Not now: ${busy}.` : "No run is going.";
    case "resume":
      return phase === "paused" ? null : "The run is not paused.";
    case "stop":
      if (phase === "preparing" || phase === "training" || phase === "paused") return null;
      if (phase === "stopping") return "The run is already stopping.";
      return phase === "evaluating"
        ? "The run has finished training and is being evaluated; it ends in a moment."
        : "No run is going.";
  }
}

/** Thrown by `prepare` when Stop came during a preparing step: the remaining steps are skipped. */
export class StoppedWhilePreparingError extends Error {
  constructor(readonly step: PreparingStep) {
    super(`stopped while ${step}`);
  }
}

/** Called with every change of phase (and the preparing step, when preparing). */
export type PhaseListener = (phase: RunPhase, step: PreparingStep | null) => void;

/** The run object: its phase, its commands, and the control the training loop obeys. */
export class TrainingRun {
  private current: RunPhase = "idle";
  private currentStep: PreparingStep | null = null;
  private stopRequested = false;
  /** Pause, resume and stop reach the training loop through this. */
  readonly control: PauseControl = createPauseControl();

  /**
   * @param onPhase hears every change of phase.
   * @param holdAt test hook: the run waits at the start of this preparing step until it is stopped (a Stop or a
   *   Pause at a known moment, whatever the machine's speed).
   */
  constructor(
    private readonly onPhase: PhaseListener = () => {},
    private readonly holdAt: PreparingStep | null = null,
  ) {}

  get phase(): RunPhase {
    return this.current;
  }
  get step(): PreparingStep | null {
    return this.currentStep;
  }
  /** True once Stop was accepted. */
  get isStopRequested(): boolean {
    return this.stopRequested;
  }

  private move(to: RunPhase, step: PreparingStep | null = null): void {
    if (!canMove(this.current, to)) throw new Error(`A run cannot go from ${this.current} to ${to}.`);
    this.current = to;
    this.currentStep = step;
    this.onPhase(to, step);
  }

  /** Applies pause, resume or stop; returns null, or why it was refused (nothing changes then). */
  command(command: "pause" | "resume" | "stop"): string | null {
    const why = refusal(this.current, command);
    if (why) return why;
    if (command === "pause") {
      this.control.pause();
      this.move("paused");
    } else if (command === "resume") {
      this.control.resume();
      this.move("training");
    } else {
      this.stopRequested = true;
      this.control.stop();
      this.move("stopping", this.currentStep);
    }
    return null;
  }

  /**
   * Trains exactly one more batch of a paused run, which stays paused: resolves when that batch is trained (or the
   * run ended). A string says why not: not paused, or a step is still running (the press is dropped, not queued).
   */
  stepOnce(): Promise<void> | string {
    if (this.current !== "paused") return "Step works while the run is paused (or before it starts).";
    return this.control.step() ?? "A step is still running; this press was ignored.";
  }

  /** Runs one preparing step (the first one starts the run); throws StoppedWhilePreparingError once stopped. */
  async prepare<T>(step: PreparingStep, work: () => Promise<T> | T): Promise<T> {
    await yieldToEventLoop(); // a Stop sent right after Train is read here, even when every step is already done
    if (this.stopRequested) throw new StoppedWhilePreparingError(step);
    if (this.current === "idle" || this.current === "preparing") this.move("preparing", step);
    if (step === this.holdAt) await this.untilStopped();
    if (this.stopRequested) throw new StoppedWhilePreparingError(step);
    const result = await work();
    if (this.stopRequested) throw new StoppedWhilePreparingError(step);
    return result;
  }

  private untilStopped(): Promise<void> {
    const { signal } = this.control;
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  /** The first batch is next (a Stop that came in the meantime is kept: the loop sees the aborted signal). */
  startTraining(): void {
    if (this.current === "preparing") this.move("training");
  }

  /** Training is over (completed or stopped): the test set is next. */
  startEvaluating(): void {
    this.move("evaluating");
  }

  /** The run ended normally (completed, or stopped with or without an evaluation). */
  finish(): void {
    this.move("done");
  }

  /** The run ended with an error. */
  fail(): void {
    if (this.current !== "done" && this.current !== "failed") this.move("failed");
  }
}
