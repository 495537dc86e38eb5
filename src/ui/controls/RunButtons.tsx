import { useEffect, useId, useMemo, useRef, type FocusEvent, type MouseEvent } from "react";
import type { RunStatus } from "../../app/store.ts";
import { refusal } from "../../core/train/trainingRun.ts";
import { afterNextPaint } from "../afterNextPaint.ts";

/** Props of RunButtons: the run's state and why Train is unavailable, if it is. */
export interface RunButtonsProps {
  status: RunStatus;
  /** Shown next to a disabled Train button, e.g. "Loading dataset…"; null when training can start. */
  trainBlockedReason: string | null;
  onTrain: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  onReset: () => void;
  /** Step: one batch, then paused; absent hides the button. */
  onStep?: () => void;
  /** A step is under way: presses are ignored until it is reported. */
  stepping?: boolean;
}

/** A run button (Pause and Resume are one button that changes its name) or the group around them. */
export type RunFocus = "train" | "pause" | "stop" | "reset" | "group";
/** Which run buttons are enabled now. */
export type RunButtonsEnabled = Record<Exclude<RunFocus, "group">, boolean>;

/** id of the run buttons' group: the "Skip to training" link's target. */
export const RUN_BUTTONS_ID = "run-buttons";

/**
 * Where focus goes after the run buttons change, given where it was: nowhere new (null) while that button is still
 * enabled; otherwise Train when it is back (the run ended), else Pause or Resume, else Stop (Train was pressed and
 * the run is preparing), else the group (all of them are disabled while a run stops or is evaluated), which hands
 * focus on to the first of them that is enabled again.
 */
export function nextRunFocus(from: RunFocus | null, enabled: RunButtonsEnabled): RunFocus | null {
  if (from === null || (from !== "group" && enabled[from])) return null;
  const button = (["train", "pause", "stop"] as const).find((name) => enabled[name]);
  return button ?? (from === "group" ? null : "group");
}

/** The "Skip to training" link's click: focuses Train, or Pause or Stop while a run holds it, else the run buttons' group; the address bar (the experiment) stays as it is. */
export function skipToTraining(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  const group = document.getElementById(RUN_BUTTONS_ID);
  const button = [
    ...(group?.querySelectorAll<HTMLButtonElement>("button[data-run]:not([data-run='reset'])") ?? []),
  ].find((b) => !b.disabled);
  (button ?? group)?.focus();
}

/** Train / Pause or Resume / Stop / Reset, enabled according to the run's state; focus follows a run that disables the button it is on. */
export function RunButtons({
  status,
  trainBlockedReason,
  onTrain,
  onPause,
  onResume,
  onStop,
  onReset,
  onStep,
  stepping = false,
}: RunButtonsProps) {
  const isIdle = refusal(status, "train") === null;
  const pauseRefused = refusal(status, "pause");
  const stopRefused = refusal(status, "stop");
  const canTrain = isIdle && trainBlockedReason === null;
  const reasonId = useId();
  const groupRef = useRef<HTMLDivElement>(null);
  /** The run button (or the group) that has focus, or had it when it was lost to a disabled button. */
  const focused = useRef<RunFocus | null>(null);
  const canPause = status === "paused" || pauseRefused === null; // Pause, or Resume in its place
  const canStop = stopRefused === null;
  // Step works where Train would start a run (the run then pauses after one batch) and while paused
  const canStep = canTrain || status === "paused";
  const stepTitle = "Train exactly one batch, then pause (S)";

  useEffect(() => {
    if (!onStep || !canStep || stepping) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "s" && event.key !== "S") return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return;
      event.preventDefault();
      onStep();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onStep, canStep, stepping]);
  const enabled = useMemo<RunButtonsEnabled>(
    () => ({ train: canTrain, pause: canPause, stop: canStop, reset: isIdle }),
    [canTrain, canPause, canStop, isIdle],
  );

  useEffect(() => {
    // focus on a button that was just disabled falls to the page body (or stays on the dead button): move it on.
    // After the next paint: focus() forces a style and layout pass, which right after the click's render would
    // recompute the whole changed page inside the click's task (~15 ms more of a long task when Train starts).
    return afterNextPaint(() => {
      const group = groupRef.current;
      const active = document.activeElement;
      const isLost =
        active === null ||
        active === document.body ||
        active === group ||
        (active instanceof HTMLButtonElement && active.disabled && (group?.contains(active) ?? false));
      if (!group || !isLost) return;
      const next = nextRunFocus(focused.current, enabled);
      if (!next) return;
      const target = next === "group" ? group : group.querySelector<HTMLElement>(`[data-run="${next}"]`);
      target?.focus({ preventScroll: true }); // a person watching the curves further down stays there
      focused.current = next;
    });
  }, [enabled]);

  function handleFocus(event: FocusEvent<HTMLDivElement>) {
    const run = event.target === event.currentTarget ? "group" : (event.target as HTMLElement).dataset.run;
    if (run) focused.current = run as RunFocus;
  }

  function handleBlur(event: FocusEvent<HTMLDivElement>) {
    // focus moved elsewhere on purpose; no relatedTarget means it was lost (a button disabled, the window left)
    if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget)) focused.current = null;
  }

  return (
    <div
      id={RUN_BUTTONS_ID}
      ref={groupRef}
      className="run-buttons"
      role="group"
      aria-label="Run"
      tabIndex={-1}
      onFocus={handleFocus}
      onBlur={handleBlur}
    >
      <div className="run-buttons__row">
        <button
          type="button"
          className="button button--primary"
          data-run="train"
          disabled={!canTrain}
          aria-describedby={isIdle && trainBlockedReason ? reasonId : undefined}
          onClick={onTrain}
        >
          Train
        </button>
        {status === "paused" ? (
          <button type="button" className="button" data-run="pause" onClick={onResume}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="button"
            data-run="pause"
            disabled={pauseRefused !== null}
            title={pauseRefused ?? undefined}
            onClick={onPause}
          >
            Pause
          </button>
        )}
        {onStep && (
          <button
            type="button"
            className="button"
            data-run="step"
            disabled={!canStep}
            // not disabled while a step runs: focus stays on the button; the press is ignored (stepTraining)
            aria-disabled={stepping || undefined}
            aria-keyshortcuts="S"
            title={stepping ? "A step is running" : stepTitle}
            onClick={onStep}
          >
            Step
          </button>
        )}
        <button
          type="button"
          className="button"
          data-run="stop"
          disabled={!canStop}
          title={stopRefused ?? undefined}
          onClick={onStop}
        >
          Stop
        </button>
        <button
          type="button"
          className="button"
          data-run="reset"
          disabled={!isIdle}
          onClick={onReset}
          title="Forget the trained weights"
        >
          Reset
        </button>
      </div>
      {isIdle && trainBlockedReason && (
        <p id={reasonId} className="run-buttons__reason">
          {trainBlockedReason}
        </p>
      )}
    </div>
  );
}
