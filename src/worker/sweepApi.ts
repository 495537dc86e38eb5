// The lab's sweep on the worker side: sparsity, weight bits and per-layer sensitivity of the trained model.
import type { CompressionSpec } from "../config/compression.ts";
import type { CompressProgress, SweepResult } from "../core/compress/report.ts";
import { runSweep } from "../core/compress/sweep.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { backendText } from "./backendLatency.ts";
import type { CancelToken, TrainedState } from "./compressApi.ts";

/** Resolves when the token is cancelled. */
const untilCancelled = (token: CancelToken) =>
  new Promise<void>((resolve) => {
    if (token.control.signal.aborted) resolve();
    else token.control.signal.addEventListener("abort", () => resolve(), { once: true });
  });

/** Options of a sweep. */
export interface SweepOptions {
  /** Test hook: after this many points the sweep waits until it is cancelled (a cancel at a known point). */
  holdAfterPoints?: number;
}

/** Sweeps sparsity, bits and per-layer sensitivity on the trained model (accuracy on the full test set). */
export async function sweepTrained(
  trained: TrainedState,
  spec: CompressionSpec,
  baselineAccuracy: number,
  token: CancelToken,
  onProgress: (p: CompressProgress) => void,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const info = DATASETS[trained.config.datasetId];
  const result = await runSweep({
    baseline: trained.model,
    config: trained.config,
    spec,
    inputShape: info.inputShape,
    numClasses: info.numClasses,
    test: trained.data.test,
    baselineAccuracy,
    isCancelled: () => token.cancelled,
    onProgress: (done, total, label) =>
      onProgress({
        stage: "sweeping",
        fraction: done / total,
        detail: `${label} (${Math.min(done + 1, total)} of ${total})`,
      }),
    beforePoint: (done) => (done === options.holdAfterPoints ? untilCancelled(token) : Promise.resolve()),
  });
  return { ...result, backend: backendText(trained.backend) };
}
