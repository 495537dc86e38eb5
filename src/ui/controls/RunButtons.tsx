import { useId } from "react";
import type { RunStatus } from "../../app/store.ts";
import { refusal } from "../../core/train/trainingRun.ts";

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
}

/** Train / Pause or Resume / Stop / Reset, enabled according to the run's state. */
export function RunButtons({ status, trainBlockedReason, onTrain, onPause, onResume, onStop, onReset }: RunButtonsProps) {
  const isIdle = refusal(status, "train") === null;
  const pauseRefused = refusal(status, "pause");
  const stopRefused = refusal(status, "stop");
  const canTrain = isIdle && trainBlockedReason === null;
  const reasonId = useId();
  return (
    <div className="run-buttons">
      <div className="run-buttons__row">
        <button
          type="button"
          className="button button--primary"
          disabled={!canTrain}
          aria-describedby={isIdle && trainBlockedReason ? reasonId : undefined}
          onClick={onTrain}
        >
          Train
        </button>
        {status === "paused" ? (
          <button type="button" className="button" onClick={onResume}>Resume</button>
        ) : (
          <button type="button" className="button" disabled={pauseRefused !== null} title={pauseRefused ?? undefined} onClick={onPause}>Pause</button>
        )}
        <button type="button" className="button" disabled={stopRefused !== null} title={stopRefused ?? undefined} onClick={onStop}>Stop</button>
        <button type="button" className="button" disabled={!isIdle} onClick={onReset} title="Forget the trained weights">Reset</button>
      </div>
      {isIdle && trainBlockedReason && (
        <p id={reasonId} className="run-buttons__reason">{trainBlockedReason}</p>
      )}
    </div>
  );
}
