const STAGE_TEXT: Record<string, string> = {
  pruning: "Pruning",
  "fine-tuning": "Fine-tuning",
  quantizing: "Quantizing",
  evaluating: "Evaluating on the test set",
  timing: "Timing",
  sizing: "Measuring sizes",
};

/** Props of JobProgress: the job's label, stage and 0–1 progress. */
export interface JobProgressProps {
  label: string;
  stage: string;
  fraction: number;
}

/** Progress bar of the variant being derived and measured. */
export function JobProgress({ label, stage, fraction }: JobProgressProps) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="run-progress lab-progress">
      <div className="run-progress__labels">
        <span className="lab-progress__label">{label}</span>
        <span>{STAGE_TEXT[stage] ?? stage}… {percent}%</span>
      </div>
      <progress aria-label="Compression progress" value={percent} max={100} />
    </div>
  );
}
