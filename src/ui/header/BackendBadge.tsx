/** Props of the BackendBadge: what runs the math, or why nothing does yet. */
export interface BackendBadgeProps {
  /** Display name, e.g. "WASM"; null while the backend starts. */
  label: string | null;
  device: string | null;
  /** Why this backend was picked, e.g. "SwiftShader GPU is software: WASM is faster here". */
  reason: string | null;
  isSoftware: boolean;
  isMainThread: boolean;
  /** What trains the run: "2 workers (data-parallel)", "1 worker: batch normalization needs the whole batch"; null before a run. */
  workers: string | null;
  error: string | null;
}

/** One-line badge naming the tfjs backend, its device and the reason it was chosen. */
export function BackendBadge({ label, device, reason, isSoftware, isMainThread, workers, error }: BackendBadgeProps) {
  if (error) {
    return (
      <p className="backend-badge backend-badge--error" role="alert">
        Backend failed: {error}
      </p>
    );
  }
  if (!label) {
    return (
      <p className="backend-badge backend-badge--pending" aria-live="polite">
        Starting backend…
      </p>
    );
  }
  const parts = [label, device, isMainThread ? "main thread" : null, workers, reason].filter((part): part is string =>
    Boolean(part),
  );
  return (
    <p className={isSoftware ? "backend-badge backend-badge--software" : "backend-badge"} aria-live="polite">
      <span className="backend-badge__dot" aria-hidden="true" />
      {parts.join(" · ")}
    </p>
  );
}
