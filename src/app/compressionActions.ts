/**
 * The lab's actions. Every job runs in the trainer (worker), one at a time; a live re-evaluation is
 * cancelled when the settings change again, and the person can cancel any job.
 */
import { CompressionSpec, compresses, describeCompression, variantKey } from "../config/compression.ts";
import { proxy } from "comlink";
import type { CompressProgress, MeasureOptions, VariantEstimate, VariantReport } from "../core/compress/report.ts";
import { isTrained } from "./store.ts";
import { useCompressionStore, type CompressionJob } from "./compressionStore.ts";
import { getTrainer } from "./actions.ts";
import { addRunStep } from "./runEvents.ts";
import { testHooks } from "./testHooks.ts";

const set = useCompressionStore.setState;
const get = useCompressionStore.getState;
/** Latency measured for a kept variant and the baseline: batch 1 and 256. */
const FULL: Omit<MeasureOptions, "allBackends" | "onnxRuntime"> = { batches: [1, 256] };
const LIVE: MeasureOptions = { batches: [1], allBackends: false };
/** How long a slider or a number being typed waits before it is evaluated live (quick changes coalesce). */
export const LIVE_DELAY_MS = 250;

/**
 * The wait before evaluating `after` live: none for a switch or a choice (one discrete change: its first estimate
 * should come at once), LIVE_DELAY_MS when a sparsity or an epoch count changed (a dragged slider, a number typed).
 */
export function liveDelayMs(before: CompressionSpec, after: CompressionSpec): number {
  const gradual =
    before.pruning.sparsity !== after.pruning.sparsity ||
    before.pruning.fineTuneEpochs !== after.pruning.fineTuneEpochs ||
    before.quantization.qatEpochs !== after.quantization.qatEpochs;
  return gradual ? LIVE_DELAY_MS : 0;
}

/** True when a measurement or sweep may start now (a live job is cancelled to make room). */
export function canCompress(): boolean {
  return isTrained() && (get().job === null || get().job?.kind === "live");
}

let running: Promise<unknown> = Promise.resolve();
let liveTimer: ReturnType<typeof setTimeout> | null = null;
let liveGeneration = 0;

/** A cancelled job, or one whose trainer was replaced or lost (the page says so once, in the trainer alert). */
const isCancel = (error: unknown) =>
  error instanceof Error && (/cancelled/i.test(error.message) || error.name === "TrainerLostError");
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A User Timing mark (what `npm run bench` reads to split a toggle's time); nothing where marks are missing. */
const mark = (name: string) => globalThis.performance?.mark?.(name);

/** Reports a job's progress (through comlink's proxy), optionally under another label (e.g. "Baseline"). */
type OnProgress = (progress: CompressProgress, label?: string) => void;

/**
 * Runs `work` after the job before it has ended (the worker holds one model at a time). Progress reaches the
 * page on its own message port, so a late report can arrive after the job's result: it is dropped then, never
 * bringing back a job that has ended.
 */
function enqueue<T>(job: CompressionJob, work: (onProgress: OnProgress) => Promise<T>): Promise<T> {
  const next = running
    .catch(() => {})
    .then(async () => {
      let shown = job;
      set({ job: shown, error: null });
      const onProgress = proxy((progress: CompressProgress, label = job.label) => {
        if (get().job !== shown) return;
        shown = { ...job, label, progress };
        set({ job: shown });
      });
      try {
        return await work(onProgress);
      } finally {
        set({ job: null });
        if (job.kind !== "live") scheduleLive(); // settings changed during a measurement or sweep are evaluated now
      }
    });
  running = next;
  return next;
}

/*
 * Ids. A kept variant's id is its V-number (V1, V2…): given when it is kept, and never given again while the
 * list lives, so removing V2 leaves V3 named V3. The baseline and the live row get ids below 1, never a V-number.
 * The list starts again (V1) once it is cleared: no baseline, no variant, no live row (a new model).
 */
let lastVariantNo = 0;
let lastOtherId = 0;

/** Forgets the V-numbers given when the list has been cleared (a new or loaded model). */
function restartIfCleared(): void {
  if (get().reports.length === 0 && get().current === null) lastVariantNo = 0;
}

/** An id for the baseline or the live row: below 1, so it never meets a kept variant's V-number. */
const nextId = (): number => {
  restartIfCleared();
  return --lastOtherId;
};

/** The V-number of a variant being kept now: one more than any given while the list lives. */
function nextVariantNo(): number {
  restartIfCleared();
  lastVariantNo = get().reports.reduce((m, r) => (r.spec === null ? m : Math.max(m, r.id)), lastVariantNo) + 1;
  return lastVariantNo;
}

/** The kept variant with these settings, if any. */
function keptWith(spec: CompressionSpec): VariantReport | undefined {
  const key = variantKey(spec);
  return get().reports.find((r) => r.spec !== null && variantKey(r.spec) === key);
}
const withDelta = (r: VariantReport, baseline: VariantReport | undefined): VariantReport => ({
  ...r,
  accuracyDelta: baseline && r.spec ? (r.accuracy - baseline.accuracy) * 100 : 0,
});

/** Measures the baseline (batch 1 and 256) if it is missing. */
async function ensureBaseline(onProgress: OnProgress): Promise<VariantReport> {
  const have = get().reports.find((r) => r.spec === null);
  if (have && (!get().onnxRuntime || have.onnxRuntime)) return have; // with ONNX Runtime on, the baseline is timed there too
  const client = await getTrainer();
  const report = await client.compress(
    null,
    { ...FULL, allBackends: get().allBackends, onnxRuntime: get().onnxRuntime },
    proxy((progress: CompressProgress) => onProgress(progress, "Baseline")),
  );
  const baseline = { ...report, id: nextId() };
  set({ reports: [baseline, ...get().reports.filter((r) => r.spec !== null)] });
  return baseline;
}

/** Asks the worker to cancel the job in progress (it stops at its next check and the job rejects). */
export async function cancelJob(): Promise<void> {
  if (!get().job) return;
  liveGeneration++;
  const client = await getTrainer();
  await client.cancelCompress();
}

/** Re-evaluates the form's settings now (accuracy, sizes, batch-1 latency) as the "current" report. */
async function runLive(): Promise<void> {
  if (!isTrained() || !get().live) return;
  const job = get().job;
  if (job && job.kind !== "live") return; // a measurement or sweep runs: it re-triggers when done
  const generation = ++liveGeneration;
  if (job?.kind === "live") await (await getTrainer()).cancelCompress();
  const spec = get().spec;
  const shown = get().current;
  const hasBaseline = get().reports.some((r) => r.spec === null);
  // nothing to do when what is shown already stands for these settings (an estimate never does: it is refined)
  const settled = shown
    ? shown.spec !== null && variantKey(shown.spec) === variantKey(spec)
    : !compresses(spec) && get().estimate === null;
  if (hasBaseline && settled) return;
  const label = compresses(spec) ? describeCompression(spec) : "Baseline";
  try {
    await enqueue({ kind: "live", label, progress: { stage: "pruning", fraction: 0 } }, async (onProgress) => {
      if (generation !== liveGeneration) return;
      const baseline = await ensureBaseline(onProgress);
      if (generation !== liveGeneration) return;
      if (!compresses(spec)) {
        set({ current: null, estimate: null }); // both switches off: the baseline is the model
        return;
      }
      const client = await getTrainer();
      // the first estimate (1,000 images) replaces the row of older settings; the full report then replaces it. A
      // newer change has a newer generation: an older job's estimate, however late it arrives, is dropped
      const onEstimate = proxy((estimate: VariantEstimate) => {
        if (generation !== liveGeneration) return;
        mark("cnn-playground:lab-estimate");
        set({ estimate, current: null });
      });
      mark("cnn-playground:lab-live-start");
      const report = await client.compress(spec, LIVE, onProgress, false, onEstimate);
      if (generation === liveGeneration)
        set({ current: withDelta({ ...report, id: nextId() }, baseline), estimate: null });
    });
  } catch (error) {
    if (!isCancel(error)) set({ error: message(error) });
  }
}

/** Schedules a live re-evaluation after `delayMs` (coalescing quick changes such as a dragged slider). */
export function scheduleLive(delayMs = LIVE_DELAY_MS): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    liveTimer = null;
    void runLive();
  }, delayMs);
}

/** Replaces the form's settings (validated by the schema) and re-evaluates them live (a switch at once). */
export function setCompressionSpec(spec: CompressionSpec): void {
  const parsed = CompressionSpec.safeParse(spec);
  if (!parsed.success) return;
  const before = get().spec;
  set({ spec: parsed.data });
  scheduleLive(liveDelayMs(before, parsed.data));
}

/** Turns live re-evaluation on or off. */
export function setLive(live: boolean): void {
  set({ live });
  if (live) scheduleLive();
}

/** Also times kept variants and the baseline in ONNX Runtime, written as ONNX (its 14 MB download on first use). */
export function setOnnxRuntime(onnxRuntime: boolean): void {
  set({ onnxRuntime });
}

/** Times kept variants on every backend (slow on software GPUs) or on the current one only. */
export function setAllBackends(allBackends: boolean): void {
  set({ allBackends });
}

/**
 * Keeps the form's settings as a variant, fully measured: accuracy, sizes, latency at batch 1 and 256
 * (on every backend when asked). With `spec` null, re-measures the baseline.
 */
export async function measureVariant(spec: CompressionSpec | null): Promise<void> {
  if (!canCompress()) return;
  const already = spec && keptWith(spec);
  if (already) {
    set({ error: `Already kept as V${already.id} (${already.label}).` });
    return;
  }
  await cancelJob();
  const label = spec ? describeCompression(spec) : "Baseline";
  try {
    await enqueue({ kind: "measure", label, progress: { stage: "pruning", fraction: 0 } }, async (onProgress) => {
      if (spec === null) set({ reports: get().reports.filter((r) => r.spec !== null) });
      const baseline = await ensureBaseline(onProgress);
      if (spec === null) return;
      const client = await getTrainer();
      const { droppedVariants = [], ...report } = await client.compress(
        spec,
        { ...FULL, allBackends: get().allBackends, onnxRuntime: get().onnxRuntime },
        onProgress,
        true,
      );
      // the trainer keeps every listed variant's weights until its memory budget runs out: rows it dropped go, with a note
      const gone = get().reports.filter((r) => r.spec !== null && droppedVariants.includes(variantKey(r.spec)));
      const note = gone.length
        ? `Kept variants' weights filled the trainer's memory budget: the oldest (${gone.map((r) => r.label).join("; ")}) ${gone.length === 1 ? "was" : "were"} removed from the list.`
        : null;
      set({
        reports: [
          ...get().reports.filter((r) => !gone.includes(r)),
          withDelta({ ...report, id: nextVariantNo() }, baseline),
        ],
        ...(note ? { error: note } : {}),
      });
    });
  } catch (error) {
    if (!isCancel(error)) set({ error: message(error) });
  }
}

/** Sweeps sparsity 0 → 95%, weight bits 16 → 2 and per-layer sensitivity; keeps the points measured before a cancel. */
export async function runSweep(): Promise<void> {
  if (!canCompress()) return;
  await cancelJob();
  const spec = get().spec;
  try {
    await enqueue(
      { kind: "sweep", label: "Sweep", progress: { stage: "sweeping", fraction: 0 } },
      async (onProgress) => {
        await ensureBaseline(onProgress);
        const client = await getTrainer();
        const sweep = await client.sweep(spec, onProgress, { holdAfterPoints: testHooks().holdSweepAfterPoints });
        set({ sweep });
      },
    );
  } catch (error) {
    if (!isCancel(error)) set({ error: message(error) });
  }
}

/** Removes a kept variant's row (the baseline stays); the other variants keep their V-numbers, and this one's is not given again. */
export function removeVariant(id: number): void {
  set({ reports: get().reports.filter((r) => r.id !== id || r.spec === null) });
}

// a model that has just finished training (or was stopped, or loaded) is measured: the baseline, then the form's settings
addRunStep({
  name: "lab: measure the baseline",
  ready: () => {
    if (isTrained()) scheduleLive();
  },
});
