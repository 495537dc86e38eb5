import { formatInt, formatPercent } from "../format.ts";

/** Props of TestAccuracy: the newest run's test result and how it was measured. */
export interface TestAccuracyProps {
  /** 0–1. */
  accuracy: number;
  loss: number | null;
  testCount: number;
  backendLabel: string;
  /** Set when the run was stopped before its last epoch: the figure is for a partly trained model. */
  stoppedAfterExamples?: number | null;
}

/** The headline result: test accuracy with the backend and test-set size that measured it. */
export function TestAccuracy({ accuracy, loss, testCount, backendLabel, stoppedAfterExamples = null }: TestAccuracyProps) {
  return (
    <div className="test-accuracy">
      <span className="test-accuracy__label">Test accuracy</span>
      <output className="test-accuracy__value" aria-label="Test accuracy">{formatPercent(accuracy)}</output>
      <p className="muted">
        on {formatInt(testCount)} test images, measured with {backendLabel}
        {loss !== null && <> · test loss {loss.toFixed(3)}</>}
      </p>
      {stoppedAfterExamples !== null && (
        <p className="muted">Stopped early, after {formatInt(stoppedAfterExamples)} training images in this run.</p>
      )}
    </div>
  );
}
