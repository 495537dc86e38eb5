// Data-parallel training on WASM: the Seed CNN's app path with one worker and with one per core, beside PyTorch
// training the same model on one CPU thread, in alternating rounds of one run (the machine's noise hits all three).
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import type { TrainRequest, TrainResult } from "../shared/types.ts";
import type { BenchPlan } from "./plan.ts";

/** Examples per second of each round, and what ran. */
export interface WorkersResults {
  batchSize: number;
  pytorch: { version: string; examplesPerSec: number[] } | { skipped: string };
  /** PyTorch with one thread per core (as many as the all-cores rounds' workers): how well a mature library scales here. */
  pytorchAllCores: { threads: number; examplesPerSec: number[] } | null;
  oneWorker: number[];
  allCores: number[];
  /** Workers the trainer used in the all-cores rounds. */
  workers: number | null;
  problems: string[];
}

const PYTORCH_SCRIPT = new URL("./pytorchSeed.py", import.meta.url).pathname;

/** The first Python that imports torch: BENCH_PYTHON, then python3 on the PATH, then Debian's /usr/bin/python3. */
function pythonWithTorch(): string | null {
  const candidates = [process.env.BENCH_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  for (const python of candidates) {
    try {
      execFileSync(python, ["-c", "import torch"], { stdio: "ignore", timeout: 60_000 });
      return python;
    } catch {
      // not this one
    }
  }
  return null;
}

/** One round of PyTorch on `threads` threads: `steps` steps after a warm-up, examples per second. */
function pytorchRound(
  python: string,
  batchSize: number,
  steps: number,
  threads = 1,
): { version: string; rate: number } {
  const out = execFileSync(python, [PYTORCH_SCRIPT, String(batchSize), String(steps), "1", String(threads)], {
    encoding: "utf8",
    timeout: 300_000,
  });
  const parsed = JSON.parse(out.trim().split("\n").at(-1)!) as { torch: string; examplesPerSec: number[] };
  return { version: parsed.torch, rate: parsed.examplesPerSec[0] };
}

/** Runs the rounds on the bench page (window.bench.app) and in PyTorch. */
export async function runWorkers(page: Page, plan: BenchPlan, log: (line: string) => void): Promise<WorkersResults> {
  const batchSize = 64;
  const request: TrainRequest = {
    backend: "wasm",
    preset: "seed",
    batchSize,
    batches: plan.quick ? 30 : 120,
    budgetMs: plan.quick ? 10_000 : 30_000,
    warmupTimeoutMs: 120_000,
    bareWarmupBatches: 0,
  };
  const python = pythonWithTorch();
  const results: WorkersResults = {
    batchSize,
    pytorch: python
      ? { version: "", examplesPerSec: [] }
      : { skipped: "PyTorch is not installed (python3 -c 'import torch' failed)" },
    pytorchAllCores: null,
    oneWorker: [],
    allCores: [],
    workers: null,
    problems: [],
  };
  const app = async (maxWorkers: number | undefined): Promise<TrainResult> =>
    page.evaluate((r) => window.bench.app(r), { ...request, maxWorkers });
  for (let round = 0; round < plan.workersRounds; round++) {
    if (python && "examplesPerSec" in results.pytorch) {
      try {
        const { version, rate } = pytorchRound(python, batchSize, request.batches);
        results.pytorch.version = version;
        results.pytorch.examplesPerSec.push(rate);
        log(`workers round ${round + 1}: PyTorch 1 thread ${rate.toFixed(0)} ex/s`);
      } catch (error) {
        results.problems.push(`PyTorch: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
      }
    }
    for (const maxWorkers of [1, undefined]) {
      const result = await app(maxWorkers);
      if (result.skipped) results.problems.push(`WASM ${maxWorkers ?? "all cores"}: ${result.skipped}`);
      const rate = result.medianIntervalExamplesPerSec ?? result.examplesPerSec;
      (maxWorkers === 1 ? results.oneWorker : results.allCores).push(rate);
      if (maxWorkers === undefined) results.workers = result.workers ?? null;
      log(`workers round ${round + 1}: WASM ${result.workers ?? "?"} worker(s) ${rate.toFixed(0)} ex/s`);
    }
    const threads = results.workers ?? 1;
    if (python && "examplesPerSec" in results.pytorch && threads > 1) {
      try {
        const { rate } = pytorchRound(python, batchSize, request.batches, threads);
        results.pytorchAllCores ??= { threads, examplesPerSec: [] };
        results.pytorchAllCores.examplesPerSec.push(rate);
        log(`workers round ${round + 1}: PyTorch ${threads} threads ${rate.toFixed(0)} ex/s`);
      } catch (error) {
        results.problems.push(
          `PyTorch ${threads} threads: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
        );
      }
    }
  }
  return results;
}
