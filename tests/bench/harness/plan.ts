// What the bench measures and how long each measurement may take. BENCH_QUICK=1 shrinks everything for iterating;
// BENCH_BACKENDS=wasm,cpu, BENCH_PRESETS=tiny and BENCH_PARTS=page|seed|matrix|workers|network|estimate pick a subset (comma-separated); BENCH_WARMUP_TIMEOUT_S=120
// changes when a backend's first batches count as too slow to time; BENCH_BACKEND_BUDGET_S caps each backend (240 s wasm, 180 s others).
import type { BenchBackend, BenchPreset } from "../shared/types.ts";

/** Limits of one training measurement (app path; the bare path then times the same number of batches). */
export interface TrainLimits {
  /** Batches to time after the warm-up. */
  batches: number;
  /** ... unless this much time has passed first. */
  budgetMs: number;
}

/** How one backend is measured. */
export interface BackendPlan {
  backend: BenchBackend;
  /** Limits per preset and batch size. */
  train: (preset: BenchPreset, batchSize: number) => TrainLimits;
  /** Time budget of each latency measurement (batch 1, batch 256). */
  latencyBudgetMs: number;
  /** Call a (preset, batch size) too slow to time here when the app's first batches take longer than this. */
  warmupTimeoutMs: number;
  /** Batches of the bare path's untimed warm-up fit. */
  bareWarmupBatches: number;
  /** All of this backend's steps; a step that would overrun it (judged by the longest so far) is not started. */
  backendBudgetMs: number;
}

/** The whole bench. */
export interface BenchPlan {
  quick: boolean;
  backends: BackendPlan[];
  presets: BenchPreset[];
  batchSizes: number[];
  latencyBatches: number[];
  latencyRuns: { warmupRuns: number; timedRuns: number };
  /** How long the real app trains Tiny while long tasks are recorded. */
  appTrainMs: number;
  /** How long the real app trains the Seed CNN on WASM per smoothness run, and how many runs. */
  seedTrainMs: number;
  seedRuns: number;
  /** Measure the real app page / the Seed CNN's smoothness / the bench page's matrix / one worker against all cores beside PyTorch / first and second visits on a throttled link / the lab's toggle-to-first-estimate (Seed CNN). */
  parts: { page: boolean; seed: boolean; matrix: boolean; workers: boolean; network: boolean; estimate: boolean };
  /** Alternating rounds of the workers part (PyTorch, one worker, all cores). */
  workersRounds: number;
  /** Fresh contexts (each visited twice) of the network part. */
  networkRepeats: number;
  /** The lab estimate part: how long the Seed CNN trains (or how many batches) and how many toggles are timed. */
  labEstimate: { trainMs: number; batches: number; repeats: number };
}

// GPU backends last: SwiftShader work left queued in Chromium's GPU process when a worker is terminated slows
// whatever runs next (even a CPU backend's start, whose probe asks for a GPU adapter).
const ALL_BACKENDS: BenchBackend[] = ["wasm", "cpu", "webgl", "webgpu"];
const ALL_PRESETS: BenchPreset[] = ["tiny", "seed"];

/** Batches per (preset, batch size) on a fast backend (wasm) and on a slow one (SwiftShader, cpu). */
function limits(fast: boolean, preset: BenchPreset, batchSize: number, scale: number): TrainLimits {
  const big = batchSize >= 256;
  const batches = fast
    ? preset === "tiny"
      ? big
        ? 12
        : 40
      : big
        ? 4
        : 10
    : preset === "tiny"
      ? big
        ? 2
        : 4
      : big
        ? 1
        : 2;
  return { batches: Math.max(1, Math.round(batches * scale)), budgetMs: (fast ? 8_000 : 12_000) * scale };
}

/** Plan for one backend; `scale` < 1 shortens everything (quick mode). */
function backendPlan(backend: BenchBackend, scale: number): BackendPlan {
  const fast = backend === "wasm";
  return {
    backend,
    train: (preset, batchSize) => limits(fast, preset, batchSize, scale),
    latencyBudgetMs: (fast ? 12_000 : 8_000) * scale,
    warmupTimeoutMs: Number(process.env.BENCH_WARMUP_TIMEOUT_S ?? (fast ? 60 : 120) * scale) * 1000,
    bareWarmupBatches: fast ? 2 : 1,
    backendBudgetMs: Number(process.env.BENCH_BACKEND_BUDGET_S ?? (fast ? 240 : 180)) * 1000 * scale,
  };
}

/** Comma-separated list from the environment, kept to the allowed values; all of them when unset. */
function listFromEnv<T extends string>(name: string, allowed: T[]): T[] {
  const raw = process.env[name];
  if (!raw) return allowed;
  const wanted = raw.split(",").map((s) => s.trim());
  return allowed.filter((value) => wanted.includes(value));
}

/** The plan from the environment (BENCH_QUICK, BENCH_BACKENDS, BENCH_PRESETS). */
export function benchPlan(): BenchPlan {
  const quick = process.env.BENCH_QUICK === "1";
  const scale = quick ? 0.3 : 1;
  return {
    quick,
    backends: listFromEnv("BENCH_BACKENDS", ALL_BACKENDS).map((b) => backendPlan(b, scale)),
    presets: listFromEnv("BENCH_PRESETS", ALL_PRESETS),
    batchSizes: quick ? [64] : [64, 256],
    latencyBatches: [1, 256],
    latencyRuns: quick ? { warmupRuns: 3, timedRuns: 10 } : { warmupRuns: 10, timedRuns: 50 },
    appTrainMs: quick ? 6_000 : 20_000,
    seedTrainMs: quick ? 10_000 : 35_000,
    seedRuns: quick ? 1 : 3,
    parts: {
      page: listFromEnv("BENCH_PARTS", ["page"]).length > 0,
      seed: listFromEnv("BENCH_PARTS", ["seed"]).length > 0,
      matrix: listFromEnv("BENCH_PARTS", ["matrix"]).length > 0,
      workers: listFromEnv("BENCH_PARTS", ["workers"]).length > 0,
      network: listFromEnv("BENCH_PARTS", ["network"]).length > 0,
      estimate: listFromEnv("BENCH_PARTS", ["estimate"]).length > 0,
    },
    workersRounds: quick ? 1 : 3,
    networkRepeats: Number(process.env.BENCH_NETWORK_REPEATS ?? (quick ? 1 : 3)),
    labEstimate: quick ? { trainMs: 20_000, batches: 100, repeats: 3 } : { trainMs: 60_000, batches: 300, repeats: 5 },
  };
}
