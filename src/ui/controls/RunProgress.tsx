import type { RunStatus } from "../../app/store.ts";
import type { TrainProgress } from "../../core/train/metrics.ts";
import { formatDuration, formatInt } from "../format.ts";

/** Props of RunProgress: the newest run's progress (null before its first batches), the run state and its step. */
export interface RunProgressProps {
  status: RunStatus;
  /** While preparing (or stopping before the first batch): the step under way. */
  preparingStep: string | null;
  progress: TrainProgress | null;
  /**
   * The run record's index (0-based, counted over every Train of the record) of the epoch `progress` is in: the
   * newest batch's `epochIndex` in the record's history, which actions.ts offsets by the epochs trained before a
   * continued run. Absent or null: count this Train's epochs only.
   */
  runEpochIndex?: number | null;
  /** Why the last command was refused or what a stop before training meant; null when there is nothing to say. */
  notice: string | null;
  /** The dataset's files still downloading while the run trains (a first visit); absent or null once they are in. */
  download?: DownloadWhileTraining | null;
}

/** A download under way: training images in (a prefix of the file) of all, and the share of bytes in, 0..1. */
export interface DownloadWhileTraining {
  arrived: number;
  total: number;
  fraction: number;
}

/** "Training on the first 10,000 of 60,000 images while the rest downloads (62%)". */
export function downloadText({ arrived, total, fraction }: DownloadWhileTraining): string {
  const percent = Math.min(99, Math.floor(fraction * 100)); // 100% only once it is whole
  return arrived < total
    ? `Training on the first ${formatInt(arrived)} of ${formatInt(total)} images while the rest downloads (${percent}%)`
    : `All ${formatInt(total)} training images are in; the test images are downloading (${percent}%)`;
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

/** "Epoch 2 of 3", or for a continued run "Epoch 4 (1 of 3 in this run)": the record's epoch, then this Train's. */
export function epochText(
  progress: Pick<TrainProgress, "epochIndex" | "epochs">,
  runEpochIndex: number | null = null,
): string {
  const inThisRun = Math.min(progress.epochIndex + 1, progress.epochs);
  const before = runEpochIndex === null ? 0 : Math.max(0, runEpochIndex - progress.epochIndex);
  return before === 0
    ? `Epoch ${inThisRun} of ${progress.epochs}`
    : `Epoch ${before + inThisRun} (${inThisRun} of ${progress.epochs} in this run)`;
}

/** Epoch/batch progress bar and a status line with throughput, elapsed time and ETA. */
export function RunProgress({
  status,
  preparingStep,
  progress,
  runEpochIndex = null,
  notice,
  download = null,
}: RunProgressProps) {
  return (
    <div className="run-progress">
      {progress && (
        <>
          <div className="run-progress__labels">
            <span>{epochText(progress, runEpochIndex)}</span>
            <span>
              Batch {formatInt(progress.batchIndex)} of {formatInt(progress.batchesPerEpoch)}
            </span>
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
        {/* not live: the page's announcer says a run's start and end once (announcements.ts) */}
        <span className={`status-pill status-pill--${status}`}>{statusText(status, preparingStep, progress)}</span>
        <span>
          <output aria-label="Examples per second" aria-live="off">
            {progress ? `${formatInt(progress.examplesPerSec)} ex/s` : "– ex/s"}
          </output>
        </span>
        {progress?.learningRate !== undefined && (
          <span>
            Rate{" "}
            <output aria-label="Current learning rate" aria-live="off">
              {Number(progress.learningRate.toPrecision(3))}
            </output>
          </span>
        )}
        <span>Elapsed {progress ? formatDuration(progress.elapsedMs) : "–"}</span>
        {(status === "training" || status === "paused") && (
          <span>ETA {progress ? formatDuration(progress.etaMs) : "–"}</span>
        )}
      </p>
      {download && (status === "training" || status === "paused") && (
        <p className="run-progress__notice" role="status" aria-label="Download while training">
          {downloadText(download)}
        </p>
      )}
      {notice && (
        <p className="run-progress__notice" role="status" aria-label="Run notice">
          {notice}
        </p>
      )}
    </div>
  );
}
