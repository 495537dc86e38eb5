import type { BackendName } from "../../config/backends.ts";
import { BACKEND_LABELS } from "../../worker/backendTypes.ts";
import { formatInt, formatPercent } from "../format.ts";

/** Props of TestAccuracy: the newest run's test result and how it was measured. */
export interface TestAccuracyProps {
  /** 0–1. */
  accuracy: number;
  loss: number | null;
  testCount: number;
  /** The backend's label ("WASM") or id ("wasm", as imported models record it); empty when unknown. */
  backendLabel: string;
  /** Set when the run was stopped before its last epoch: the figure is for a partly trained model. */
  stoppedAfterExamples?: number | null;
}

/** The name people read for a backend: an id such as "wasm" or "webgpu" becomes its label (WASM, WebGPU); other text stays. */
export function backendDisplayName(backend: string): string {
  const id = backend.trim().toLowerCase();
  return Object.hasOwn(BACKEND_LABELS, id) ? BACKEND_LABELS[id as BackendName] : backend;
}

/** The headline result: test accuracy with the backend and test-set size that measured it. */
export function TestAccuracy({
  accuracy,
  loss,
  testCount,
  backendLabel,
  stoppedAfterExamples = null,
}: TestAccuracyProps) {
  const backend = backendDisplayName(backendLabel);
  return (
    <div className="test-accuracy">
      <span className="test-accuracy__label">Test accuracy</span>
      <output className="test-accuracy__value" aria-label="Test accuracy">
        {formatPercent(accuracy)}
      </output>
      <p className="muted">
        on {formatInt(testCount)} test images{backend && <>, measured with {backend}</>}
        {loss !== null && <> · test loss {loss.toFixed(3)}</>}
      </p>
      {stoppedAfterExamples !== null && (
        <p className="muted">Stopped early, after {formatInt(stoppedAfterExamples)} training images in this run.</p>
      )}
    </div>
  );
}
