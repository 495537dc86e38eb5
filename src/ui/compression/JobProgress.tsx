const STAGE_TEXT: Record<string, string> = {
  pruning: "Pruning",
  "fine-tuning": "Fine-tuning",
  "quantization-aware training": "Quantization-aware training",
  evaluating: "Evaluating on the test set",
  sizing: "Measuring sizes",
  timing: "Timing",
  sweeping: "Sweeping",
};

/** Props of JobProgress: the job's label, stage, what it does now, and its 0–1 progress. */
export interface JobProgressProps {
  label: string;
  stage: string;
  detail?: string;
  fraction: number;
  /** A live re-evaluation: shown smaller. */
  small?: boolean;
}

/** Progress bar of the job in the worker (a live re-evaluation, a measurement or a sweep). */
export function JobProgress({ label, stage, detail, fraction, small = false }: JobProgressProps) {
  const percent = Math.round(Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)) * 100);
  const stageText = STAGE_TEXT[stage] ?? stage;
  return (
    <div className={small ? "run-progress lab-progress lab-progress--small" : "run-progress lab-progress"}>
      <div className="run-progress__labels">
        <span className="lab-progress__label">{small ? `Live: ${label}` : label}</span>
        <span className="lab-progress__stage">
          {stageText}
          {detail ? `: ${detail}` : ""}… {percent}%
        </span>
      </div>
      <progress
        aria-label="Compression progress"
        aria-valuetext={`${label}: ${stageText}${detail ? `, ${detail}` : ""}, ${percent}%`}
        value={percent}
        max={100}
      />
    </div>
  );
}
