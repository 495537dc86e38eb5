import type { RunStatus } from "../../app/store.ts";
import type { TrainProgress } from "../../core/train/metrics.ts";
import { formatDuration, formatInt } from "../format.ts";

/** Props of RunProgress: the newest run's progress (null before its first batches) and the run state. */
export interface RunProgressProps {
  status: RunStatus;
  progress: TrainProgress | null;
}

const STATUS_TEXT: Record<RunStatus, string> = {
  idle: "Ready",
  training: "Training",
  paused: "Paused",
  stopping: "Stopping after this batch…",
  evaluating: "Evaluating on the test set…",
};

/** Epoch/batch progress bar and a status line with throughput, elapsed time and ETA. */
export function RunProgress({ status, progress }: RunProgressProps) {
  const isActive = status !== "idle";
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
        <span className={`status-pill status-pill--${status}`}>{STATUS_TEXT[status]}</span>
        <span>
          <output aria-label="Examples per second" aria-live="off">
            {progress ? `${formatInt(progress.examplesPerSec)} ex/s` : "– ex/s"}
          </output>
        </span>
        <span>Elapsed {progress ? formatDuration(progress.elapsedMs) : "–"}</span>
        {isActive && <span>ETA {progress ? formatDuration(progress.etaMs) : "–"}</span>}
      </p>
    </div>
  );
}
