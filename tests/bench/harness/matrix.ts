// Drives the bench page (dist/__bench/): app path vs bare path per backend × preset × batch size, then latency.
import type { Page } from "playwright-core";
import type {
  AutoChoice,
  BenchBackend,
  BenchPreset,
  LatencyRequest,
  LatencyResult,
  TrainRequest,
  TrainResult,
} from "../shared/types.ts";
import { cpuShare, readCpuTicks } from "./machine.ts";
import type { BackendPlan, BenchPlan } from "./plan.ts";

/** One row of the training table. */
export interface TrainRow {
  backend: BenchBackend;
  preset: BenchPreset;
  batchSize: number;
  app: TrainResult;
  bare: TrainResult;
  /** app ex/s ÷ bare ex/s; the app's overhead is 1 − ratio. */
  ratio: number;
  /** CPU steal while this row was measured, % of all ticks. */
  stealPercent: number;
}

/** One row of the inference table: the preset's model (after the bare path trained it) at each batch size. */
export interface LatencyRow {
  backend: BenchBackend;
  preset: BenchPreset;
  results: LatencyResult[];
  stealPercent: number;
}

/** Everything measured on the bench page. */
export interface MatrixResults {
  auto: Array<AutoChoice | { preset: BenchPreset; error: string }>;
  train: TrainRow[];
  latency: LatencyRow[];
}

type Log = (line: string) => void;

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "–");

/** Calls window.bench.app / .bare in the page. */
function callTrain(page: Page, path: "app" | "bare", request: TrainRequest): Promise<TrainResult> {
  return path === "app"
    ? page.evaluate((r) => window.bench.app(r), request)
    : page.evaluate((r) => window.bench.bare(r), request);
}

/** A path not run, with the reason. */
function notRun(backend: string, reason: string): TrainResult {
  return {
    examplesPerSec: Number.NaN,
    batchesTimed: 0,
    timedMs: 0,
    warmupMs: 0,
    warmupBatches: 0,
    backend,
    thread: "-",
    setupMs: 0,
    skipped: reason,
    tooSlow: true,
  };
}

/**
 * App path, then the bare path over the same number of timed batches. When the app path was too slow (or a smaller
 * batch of the same model already was: `tooSlow`), the bare path is not run either.
 */
async function measureRow(
  page: Page,
  plan: BackendPlan,
  preset: BenchPreset,
  batchSize: number,
  tooSlow: string | null,
  log: Log,
): Promise<TrainRow> {
  const before = readCpuTicks();
  const limits = plan.train(preset, batchSize);
  const request: TrainRequest = {
    backend: plan.backend,
    preset,
    batchSize,
    ...limits,
    warmupTimeoutMs: plan.warmupTimeoutMs,
    bareWarmupBatches: plan.bareWarmupBatches,
  };
  const app = tooSlow ? notRun(plan.backend, tooSlow) : await callTrain(page, "app", request);
  const batches = app.batchesTimed >= 1 ? Math.round(app.batchesTimed) : limits.batches;
  const bare = tooSlow
    ? notRun(plan.backend, tooSlow)
    : app.tooSlow
      ? notRun(plan.backend, "not run: the app path was too slow")
      : await callTrain(page, "bare", { ...request, batches });
  const row = {
    backend: plan.backend,
    preset,
    batchSize,
    app,
    bare,
    ratio: app.examplesPerSec / bare.examplesPerSec,
    stealPercent: cpuShare(before, readCpuTicks()).stealPercent,
  };
  if (tooSlow) log(`${plan.backend} ${preset} b${batchSize}: ${tooSlow}`);
  else
    log(
      `${plan.backend} ${preset} b${batchSize}: app ${fmt(app.examplesPerSec)} ex/s (${app.batchesTimed.toFixed(1)} batches${app.skipped ? `, ${app.skipped}` : ""}), ` +
        `bare ${fmt(bare.examplesPerSec)} ex/s (${bare.batchesTimed}${bare.skipped ? `, ${bare.skipped}` : ""}), ratio ${row.ratio.toFixed(2)}, steal ${row.stealPercent.toFixed(0)}%`,
    );
  return row;
}

/** A latency measurement not made, with the reason. */
function latencySkipped(batch: number, reason: string): LatencyResult {
  const nan = Number.NaN;
  return {
    batch,
    warmupRuns: 0,
    timedRuns: 0,
    firstMs: nan,
    p50Ms: nan,
    p95Ms: nan,
    minMs: nan,
    budgetHit: false,
    skipped: reason,
  };
}

/**
 * Latency of the bench worker's current model (the preset's, just trained by the bare path) at each batch size.
 * A batch whose single run would take longer than the budget (estimated as a third of a training step at the bare
 * path's speed) is skipped: measureLatency always makes the first run and three timed ones.
 */
async function measureLatencyRow(
  page: Page,
  plan: BackendPlan,
  bench: BenchPlan,
  preset: BenchPreset,
  bareExamplesPerSec: number,
  log: Log,
): Promise<LatencyRow> {
  const before = readCpuTicks();
  const results: LatencyResult[] = [];
  for (const batch of bench.latencyBatches) {
    const estimateMs = (1000 * batch) / (3 * bareExamplesPerSec);
    const request: LatencyRequest = { batch, ...bench.latencyRuns, budgetMs: plan.latencyBudgetMs };
    const result =
      estimateMs > plan.latencyBudgetMs
        ? latencySkipped(
            batch,
            `≈ ${(estimateMs / 1000).toFixed(0)} s a run at the training speed: over the ${(plan.latencyBudgetMs / 1000).toFixed(0)} s budget`,
          )
        : await page.evaluate((r) => window.bench.latency(r), request);
    results.push(result);
    log(
      `${plan.backend} ${preset} latency b${batch}: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, ` +
        `first ${result.firstMs.toFixed(0)} ms, ${result.timedRuns} runs${result.skipped ? `, ${result.skipped}` : ""}`,
    );
  }
  return { backend: plan.backend, preset, results, stealPercent: cpuShare(before, readCpuTicks()).stealPercent };
}

/** Which backend the app's "Auto" preference picks on this machine for each preset (at the first batch size). */
async function autoChoices(page: Page, plan: BenchPlan, log: Log): Promise<MatrixResults["auto"]> {
  const choices: MatrixResults["auto"] = [];
  for (const preset of plan.presets) {
    try {
      const auto = await page.evaluate(([p, b]) => window.bench.auto(p, b), [preset, plan.batchSizes[0]] as const);
      log(
        `Auto, ${preset}: starts on ${auto.initial.name}, trains on ${auto.chosen?.name ?? "?"}: ${auto.chosen?.reason ?? auto.initial.reason}`,
      );
      choices.push(auto);
    } catch (error) {
      choices.push({ preset, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return choices;
}

/** An empty result set, filled in place by runMatrix (so a failure half-way keeps what was measured). */
export function emptyMatrix(): MatrixResults {
  return { auto: [], train: [], latency: [] };
}

/** One step of a backend's run: a training row, or the latency of the preset just trained. */
type Step = { kind: "train"; preset: BenchPreset; batchSize: number } | { kind: "latency"; preset: BenchPreset };

/**
 * The order of a backend's steps: every preset at the first batch size (each followed by its latency, while the
 * bench worker holds that model), then the larger batch sizes. A time budget cuts the tail first.
 */
export function stepsOf(plan: BenchPlan): Step[] {
  const [first, ...rest] = plan.batchSizes;
  return [
    ...plan.presets.flatMap((preset): Step[] => [
      { kind: "train", preset, batchSize: first },
      { kind: "latency", preset },
    ]),
    ...rest.flatMap((batchSize) => plan.presets.map((preset): Step => ({ kind: "train", preset, batchSize }))),
  ];
}

/**
 * Runs one backend's steps until its time budget would be overrun: a training step is not started when the
 * longest step so far would not fit any more; a latency step only when the budget is already spent.
 */
async function runBackend(
  page: Page,
  plan: BenchPlan,
  backendPlan: BackendPlan,
  log: Log,
  results: MatrixResults,
): Promise<void> {
  const began = Date.now();
  let longestStepMs = 0;
  const tooSlow = new Map<BenchPreset, string>();
  for (const step of stepsOf(plan)) {
    const elapsed = Date.now() - began;
    const overBudget =
      elapsed + (step.kind === "train" ? longestStepMs : 0) > backendPlan.backendBudgetMs
        ? `not run: ${backendPlan.backend}'s ${(backendPlan.backendBudgetMs / 1000).toFixed(0)} s budget would be spent (${(elapsed / 1000).toFixed(0)} s used)`
        : null;
    const stepBegan = Date.now();
    if (step.kind === "train") {
      const row = await measureRow(
        page,
        backendPlan,
        step.preset,
        step.batchSize,
        overBudget ?? tooSlow.get(step.preset) ?? null,
        log,
      );
      results.train.push(row);
      if (row.app.tooSlow && !overBudget && !tooSlow.has(step.preset))
        tooSlow.set(step.preset, `not run: batch ${step.batchSize} was already too slow`);
    } else {
      const trained = results.train.find(
        (r) => r.backend === backendPlan.backend && r.preset === step.preset && !r.bare.skipped,
      );
      if (trained && !overBudget)
        results.latency.push(
          await measureLatencyRow(page, backendPlan, plan, step.preset, trained.bare.examplesPerSec, log),
        );
      else if (trained)
        results.latency.push({
          backend: backendPlan.backend,
          preset: step.preset,
          stealPercent: Number.NaN,
          results: plan.latencyBatches.map((b) => latencySkipped(b, overBudget ?? "")),
        });
    }
    longestStepMs = Math.max(longestStepMs, Date.now() - stepBegan);
  }
}

/** Runs the whole matrix on an open bench page into `results`; one backend at a time, one bench worker per backend. */
export async function runMatrix(page: Page, plan: BenchPlan, log: Log, results: MatrixResults): Promise<void> {
  results.auto = await autoChoices(page, plan, log);
  for (const backendPlan of plan.backends) {
    await runBackend(page, plan, backendPlan, log, results);
    await page.evaluate(() => window.bench.closeWorker());
  }
}
