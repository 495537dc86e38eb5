import type { RunStatus } from "../../app/store.ts";
import { isActivePhase } from "../../core/train/trainingRun.ts";
import type { TrainProgress } from "../../core/train/metrics.ts";
import { formatDuration, formatInt } from "../format.ts";

/** Props of RunProgress: the newest run's progress (null before its first batches), the run state and its step. */
export interface RunProgressProps {
  status: RunStatus;
  /** While preparing (or stopping before the first batch): the step under way. */
  preparingStep: string | null;
  progress: TrainProgress | null;
  /** Why the last command was refused or what a stop before training meant; null when there is nothing to say. */
  notice: string | null;
}

const STATUS_TEXT: Record<RunStatus, string> = {
  idle: "Ready",
  preparing: "Preparing",
  training: "Training",
  paused: "Paused",
  stopping: "Stopping after this batch…",
  evaluating: "Evaluating on the test set…",
  done: "Ready",
  failed: "Failed",
};

/** The status pill's words: the preparing step, if any, says what the run waits for. */
function statusText(status: RunStatus, step: string | null, progress: TrainProgress | null): string {
  if (status === "preparing" && step) return `Preparing: ${step}…`;
  if (status === "stopping" && !progress && step) return `Stopping after ${step}…`;
  return STATUS_TEXT[status];
}

/** Epoch/batch progress bar and a status line with throughput, elapsed time and ETA. */
export function RunProgress({ status, preparingStep, progress, notice }: RunProgressProps) {
  const isActive = isActivePhase(status);
  return (
    <div className="run-progress">
      {progress && (
        <>
          <div className="run-progress__labels">
            <span>Epoch {Math.min(progress.epochIndex + 1, progress.epochs)} of {progress.epochs}</span>
            <span>Batch {formatInt(progress.batchIndex)} of {formatInt(progress.batchesPerEpoch)}</span>
          </div>
          <progress
            className="run-progress__bar"
            aria-label="Epoch progress"
            value={progress.batchIndex}
            max={Math.max(1, progress.batchesPerEpoch)}
          />
        </>
      )}
      <p className="run-progress__status">
        <span className={`status-pill status-pill--${status}`} role="status">{statusText(status, preparingStep, progress)}</span>
        <span>
          <output aria-label="Examples per second" aria-live="off">
            {progress ? `${formatInt(progress.examplesPerSec)} ex/s` : "– ex/s"}
          </output>
        </span>
        <span>Elapsed {progress ? formatDuration(progress.elapsedMs) : "–"}</span>
        {isActive && <span>ETA {progress ? formatDuration(progress.etaMs) : "–"}</span>}
      </p>
      {notice && <p className="run-progress__notice" role="status" aria-label="Run notice">{notice}</p>}
    </div>
  );
}
