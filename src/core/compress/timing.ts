// The timing protocol every latency in the lab follows, for any runtime: the first run reported apart, warm-up runs,
// then timed runs (each awaited to its result, so queued work is counted), reported as min, p50 and p95. Pure.
import { CancelledError, yieldToEventLoop } from "../train/trainControl.ts";

export interface LatencyStats {
  batch: number;
  warmupRuns: number;
  timedRuns: number;
  /** The very first run (kernel compilation, uploads), reported apart. */
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  /** True when the time budget ended the runs early (fewer warm-up or timed runs than asked). */
  budgetHit: boolean;
}

/** Value at quantile q (0–1) of sorted numbers, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface LatencyOptions {
  warmupRuns?: number;
  timedRuns?: number;
  /** Stop warming up / timing once this much time has passed (slow software GPUs); at least 3 timed runs are made. */
  budgetMs?: number;
  isCancelled?: () => boolean;
}

/** Times `run` (one inference of `batch` examples, resolved once its output is read back; returns milliseconds). */
export async function timeRuns(
  batch: number,
  run: () => Promise<number>,
  options: LatencyOptions = {},
): Promise<LatencyStats> {
  const { warmupRuns = 10, timedRuns = 50, budgetMs = Number.POSITIVE_INFINITY, isCancelled } = options;
  const check = () => {
    if (isCancelled?.()) throw new CancelledError();
  };
  const began = performance.now();
  const over = () => performance.now() - began > budgetMs;
  const firstMs = await run();
  let warm = 0;
  for (; warm < warmupRuns && !over(); warm++) {
    await run();
    check();
  }
  const times: number[] = [];
  for (let i = 0; i < timedRuns && (times.length < 3 || !over()); i++) {
    times.push(await run());
    if (i % 10 === 9) await yieldToEventLoop();
    check();
  }
  times.sort((a, b) => a - b);
  return {
    batch,
    warmupRuns: warm,
    timedRuns: times.length,
    firstMs,
    p50Ms: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    minMs: times[0],
    budgetHit: warm < warmupRuns || times.length < timedRuns,
  };
}
