// The bench's report: Markdown tables for people, JSON for tools, both under bench-results/.
import { mkdirSync, writeFileSync } from "node:fs";
import type { AppPageMetrics } from "./appPage.ts";
import type { LabEstimateMetrics } from "./labEstimate.ts";
import type { JsSizes, SizeGroup } from "./jsSizes.ts";
import type { CpuShare, MachineInfo } from "./machine.ts";
import type { LatencyRow, MatrixResults, TrainRow } from "./matrix.ts";
import type { BenchPlan } from "./plan.ts";

/** Everything one bench run produced. */
export interface BenchResults {
  startedAt: string;
  durationMs: number;
  plan: { quick: boolean; backends: string[]; presets: string[]; batchSizes: number[] };
  machine: MachineInfo;
  cpuDuringRun: CpuShare;
  /** 1-minute load average when the run ended (with loadAverageAtStart: did other work compete?). */
  loadAverageAtEnd: number;
  appPage: AppPageMetrics | { error: string } | null;
  jsSizes: JsSizes | null;
  matrix: MatrixResults | null;
  /** The lab's toggle-to-first-estimate for the Seed CNN (BENCH_PARTS=estimate). */
  labEstimate: LabEstimateMetrics | { error: string } | null;
  /** Console errors, page errors and other-origin requests seen on the bench page and the app page. */
  problems: string[];
}

/** The plan's parts worth keeping in the results. */
export function planSummary(plan: BenchPlan): BenchResults["plan"] {
  return {
    quick: plan.quick,
    backends: plan.backends.map((b) => b.backend),
    presets: plan.presets,
    batchSizes: plan.batchSizes,
  };
}

const num = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? "–" : n.toFixed(digits);
const secs = (ms: number | null | undefined) =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? "–" : `${(ms / 1000).toFixed(2)} s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );

/** One training row: app and bare ex/s, ratio, batches timed and why a path was skipped. */
function trainLine(r: TrainRow): string[] {
  const same = r.app.skipped !== undefined && r.app.skipped === r.bare.skipped;
  const note = [
    same ? r.app.skipped : r.app.skipped && `app: ${r.app.skipped}`,
    !same && r.bare.skipped && `bare: ${r.bare.skipped}`,
    r.app.thread === "main thread" && "app on the main thread",
  ]
    .filter(Boolean)
    .join("; ");
  const overhead = Number.isFinite(r.ratio) ? `${((1 - r.ratio) * 100).toFixed(0)}%` : "–";
  return [
    r.backend,
    r.preset,
    String(r.batchSize),
    num(r.app.examplesPerSec),
    num(r.app.medianIntervalExamplesPerSec),
    num(r.bare.examplesPerSec),
    num(r.ratio, 2),
    overhead,
    `${num(r.app.batchesTimed, 1)} / ${r.bare.batchesTimed}`,
    secs(r.app.warmupMs),
    num(r.stealPercent),
    note,
  ];
}

/** One inference row: p50/p95 (runs) at each batch size, first run apart. */
function latencyLine(r: LatencyRow): string[] {
  return [
    r.backend,
    r.preset,
    ...r.results.flatMap((l) => [
      l.skipped ? `– (${l.skipped})` : `${num(l.p50Ms, 1)} / ${num(l.p95Ms, 1)}`,
      `${num(l.firstMs, 0)}`,
      `${l.warmupRuns}+${l.timedRuns}${l.budgetHit ? " (budget)" : ""}`,
    ]),
    num(r.stealPercent),
  ];
}

/** A size group as "raw (gzip)" plus its file names. */
const sizeLine = (name: string, g: SizeGroup): string[] => [
  name,
  kib(g.bytes),
  kib(g.gzipBytes),
  g.files.map((f) => f.file.replace(/^assets\//, "")).join(", "),
];

/** The page metrics section. */
function pageSection(page: BenchResults["appPage"], sizes: JsSizes | null): string {
  if (!page) return "## Real app page\n\nNot measured.";
  if ("error" in page) return `## Real app page\n\nFailed: ${page.error}`;
  const t = page.training;
  const rows = [
    ["DOMContentLoaded", secs(page.domContentLoadedMs)],
    ["First contentful paint", secs(page.firstContentfulPaintMs)],
    ["Backend badge first shown", `${secs(page.marks.backendShown)} (${page.backendText ?? "?"})`],
    ["Dataset load (progress shown → ready, incl. worker backend start)", secs(page.datasetLoadMs)],
    ["Dataset download + decode (first bytes → ready)", secs(page.datasetDownloadDecodeMs)],
    ["Time to interactive (Train enabled and dataset ready)", secs(page.timeToInteractiveMs)],
    [
      `Longest main-thread task while training Tiny ${secs(t.trainedMs)}`,
      t.longTaskSupported ? `${num(t.longestTaskMs)} ms` : "longtask unsupported",
    ],
    ["Long tasks (> 50 ms) while training", String(t.longTasksOver50ms)],
    ["Longest task, whole session (load, training, evaluation)", `${num(t.longestTaskWholeSessionMs)} ms`],
    ["Throughput shown by the app at the stop", `${t.examplesPerSecShown ?? "?"} (${t.batchesShown ?? "?"})`],
    ["Backend badge at the stop", t.backendShown ?? "?"],
    ["CPU steal while the page was measured", `${num(page.stealPercent)}%`],
  ];
  const sizeRows = sizes
    ? [
        sizeLine("Main thread, initial (index.html)", sizes.mainInitial),
        sizeLine("Main thread, all fetched", sizes.mainAll),
        sizeLine("Trainer worker", sizes.worker),
        sizeLine("WASM fetched", sizes.wasmFetched),
        sizeLine("WASM, all in dist", sizes.wasmAll),
        sizeLine("All JS in dist", sizes.allJs),
      ]
    : [];
  return [
    "## Real app page (dist/index.html, default backend)",
    table(["Metric", "Value"], rows),
    "### JS and WASM sizes (gzip level 9)",
    table(["Group", "Raw", "Gzip", "Files"], sizeRows),
  ].join("\n\n");
}

/** The lab's toggle-to-first-estimate section. */
function estimateSection(lab: BenchResults["labEstimate"]): string {
  const title = "## Lab: toggle-to-first-estimate (Seed CNN, WASM, Pruning on)";
  if (!lab) return `${title}\n\nNot measured.`;
  if ("error" in lab) return `${title}\n\nFailed: ${lab.error}`;
  const ms = (n: number | null) => (n === null ? "–" : `${n.toFixed(0)} ms`);
  const rows = [
    ["toggle-to-first-estimate (1,000 images)", ms(lab.estimate.minMs), ms(lab.estimate.medianMs)],
    ["toggle-to-refined row (10,000 images)", ms(lab.refined.minMs), ms(lab.refined.medianMs)],
  ];
  return [
    title,
    `Trained: ${lab.trainedShown ?? "?"} on ${lab.backendShown ?? "?"}; ${lab.toggles.length} toggles, ` +
      `CPU steal ${num(lab.stealPercent)}%. Each time runs from the click on the switch (in the page) to the first ` +
      "frame that shows the row.",
    table(["Step", "Min", "Median"], rows),
    "Each toggle, from the click: the page asks the worker / the estimate reaches the page / it is drawn / the refined row is drawn: " +
      lab.toggles
        .map((t) => `${ms(t.askedMs)} / ${ms(t.arrivedMs)} / ${ms(t.estimateMs)} / ${ms(t.refinedMs)}`)
        .join("; ") +
      ".",
    `First estimate row: ${lab.toggles[0]?.estimateText.replace(/\s+/g, " ") || "not seen"}`,
    lab.screenshot ? `Screenshot while an estimate was shown: ${lab.screenshot}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The header: machine, CPU steal, Auto's choice. */
function headerSection(r: BenchResults): string {
  const m = r.machine;
  const autoLines = (r.matrix?.auto ?? []).map((a) =>
    "error" in a
      ? `  - ${a.preset}: failed: ${a.error}`
      : `  - ${a.preset}, batch ${a.batchSize}: starts on **${a.initial.name}** (${a.initial.thread}, ${secs(a.startMs)}; ${a.initial.reason}); ` +
        `trains on **${a.chosen?.name ?? "?"}**: ${a.chosen?.reason ?? "no onBackend call"} (first batches after ${secs(a.firstBatchesMs)})`,
  );
  return [
    `# CNN Playground bench, ${r.startedAt}${r.plan.quick ? " (QUICK mode)" : ""}`,
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; Chromium ${m.chromium}`,
    `- CPU during the run: steal ${num(r.cpuDuringRun.stealPercent, 1)}% of all ticks, busy ${num(r.cpuDuringRun.busyPercent, 1)}% ` +
      `(/proc/stat); 1-min load average ${m.loadAverageAtStart.toFixed(2)} at the start, ${num(r.loadAverageAtEnd, 2)} at the end ` +
      "(2 cores: above 2, other work competed). High steal makes single numbers noisy.",
    `- Bench took ${secs(r.durationMs)} (builds not included).`,
    `- The app's "Auto" backend here:${autoLines.length ? "" : " not measured"}`,
    ...autoLines,
  ].join("\n");
}

/** The full Markdown report. */
export function toMarkdown(r: BenchResults): string {
  const train = r.matrix?.train ?? [];
  const latency = r.matrix?.latency ?? [];
  const batches = latency[0]?.results.map((l) => l.batch) ?? [1, 256];
  const trainTable = table(
    [
      "Backend",
      "Model",
      "Batch",
      "App ex/s",
      "App ex/s, median interval",
      "Bare ex/s",
      "App/bare",
      "Overhead",
      "Batches timed app / bare",
      "App warm-up",
      "Steal %",
      "Notes",
    ],
    train.map(trainLine),
  );
  const latencyTable = table(
    ["Backend", "Model", ...batches.flatMap((b) => [`b${b} p50 / p95 ms`, `b${b} first ms`, `b${b} runs`]), "Steal %"],
    latency.map(latencyLine),
  );
  const problems = r.problems.length ? r.problems.map((p) => `- ${p}`).join("\n") : "None.";
  return (
    [
      headerSection(r),
      "## Training throughput: app path vs bare model.fit (same backend, model, data; Web Workers)",
      trainTable,
      "App ex/s: page clock over the onBatches calls after the first (warm-up) one; the median interval is the median of the rates between " +
        "consecutive calls (robust to one stall; the worker's own clock is in the JSON). Bare: one `model.fit` over the same number of " +
        "batches, after an untimed warm-up fit (2 batches on wasm, 1 elsewhere). Overhead = 1 − app/bare.",
      "## Inference latency (measureLatency; every run awaits data())",
      latencyTable,
      pageSection(r.appPage, r.jsSizes),
      estimateSection(r.labEstimate),
      "## Console errors and other problems",
      problems,
    ].join("\n\n") + "\n"
  );
}

/** Writes bench-results/bench-<timestamp>.json, latest.json and latest.md; returns the timestamped path. */
export function writeResults(r: BenchResults, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(r, null, 2);
  const stamped = `${dir}/bench-${r.startedAt.replace(/[:.]/g, "-")}.json`;
  writeFileSync(stamped, json);
  writeFileSync(`${dir}/latest.json`, json);
  writeFileSync(`${dir}/latest.md`, toMarkdown(r));
  return stamped;
}
