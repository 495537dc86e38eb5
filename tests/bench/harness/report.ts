// The bench's report: Markdown tables for people, JSON for tools, both under bench-results/.
import { mkdirSync, writeFileSync } from "node:fs";
import type { AppPageMetrics } from "./appPage.ts";
import { summarizeSeedJank, type SeedJank } from "./seedJank.ts";
import type { LabEstimateMetrics } from "./labEstimate.ts";
import type { JsSizes, SizeGroup } from "./jsSizes.ts";
import type { CpuShare, MachineInfo } from "./machine.ts";
import type { LatencyRow, MatrixResults, TrainRow } from "./matrix.ts";
import { minMedian, type NetworkResults, type VisitMetrics } from "./network.ts";
import type { BenchPlan } from "./plan.ts";
import type { WorkersResults } from "./workers.ts";

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
  /** The real app while the Seed CNN trains on WASM: long tasks and frames per second. */
  seedJank?: SeedJank | { error: string } | null;
  matrix: MatrixResults | null;
  /** One worker against all cores on WASM, beside PyTorch on one thread (BENCH_PARTS=workers). */
  workers?: WorkersResults | { error: string } | null;
  network: NetworkResults | { error: string } | null;
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

/** The network section: min and median over the repetitions, first and second visit. */
function networkSection(network: BenchResults["network"]): string {
  const title = "## First and second visit (MNIST, Tiny on WASM)";
  if (!network) return `${title}\n\nNot measured.`;
  if ("error" in network) return `${title}\n\nFailed: ${network.error}`;
  const mb = (n: number) => (Number.isFinite(n) ? `${(n / 1e6).toFixed(3)} MB` : "–");
  const stat = (pick: (v: VisitMetrics) => number | null, format: (n: number) => string) =>
    (["first", "second"] as const).map((which) => {
      const { min, median } = minMedian(network.runs.map((run) => pick(run[which])));
      return `${format(min)} / ${format(median)}`;
    });
  const rows = [
    ["Bytes on the wire, all", ...stat((v) => v.wireBytes, mb)],
    ["Bytes on the wire, datasets", ...stat((v) => v.datasetWireBytes, mb)],
    [
      "Requests to the server",
      ...stat(
        (v) => v.serverRequests,
        (n) => num(n),
      ),
    ],
    [
      "Page requests answered by the service worker",
      ...stat(
        (v) => v.fromServiceWorker,
        (n) => num(n),
      ),
    ],
    ["Navigation → Train enabled (dataset loaded)", ...stat((v) => v.trainEnabledMs, secs)],
    ["Navigation → first training batch", ...stat((v) => v.firstBatchMs, secs)],
  ];
  const { downloadMbit, latencyMs } = network.link;
  return [
    title,
    table(["Metric (min / median)", "First visit", "Second visit"], rows),
    `${network.runs.length} fresh browser contexts, each visited twice, through a throttling proxy: one ${downloadMbit} Mbit/s ` +
      `link shared by all requests, ${latencyMs} ms before each response (Chromium's CDP emulation would not throttle the ` +
      "trainer worker or the service worker). Bytes: what the server sent to the page, its workers and the service worker " +
      "(bodies + headers; `vite preview` gzips scripts and styles, as most hosts do); the service worker's precache and the loader's Cache " +
      "Storage answers are not on the wire. The first visit includes the service worker's install. The page clicks Train " +
      "itself as soon as it is enabled.",
  ].join("\n\n");
}

/** Long tasks and frame rate while the Seed CNN trains, min and median over the runs. */
function seedJankSection(jank: BenchResults["seedJank"]): string {
  const title = "## Smoothness while the Seed CNN trains (real app, WASM)";
  if (!jank) return `${title}\n\nNot measured.`;
  if ("error" in jank) return `${title}\n\nFailed: ${jank.error}`;
  if (jank.runs.length === 0) return `${title}\n\nNo run finished.`;
  const s = summarizeSeedJank(jank.runs);
  const secsTrained = secs(jank.runs[0].trainedMs);
  const rows = [
    [
      `Longest main-thread task while the Seed CNN trains ${secsTrained} (ms)`,
      num(s.longestTaskMs.min),
      num(s.longestTaskMs.median),
    ],
    ["Long tasks (> 50 ms)", num(s.longTasksOver50ms.min), num(s.longTasksOver50ms.median)],
    ["Total blocking time (ms)", num(s.totalBlockingMs.min), num(s.totalBlockingMs.median)],
    ["Frames per second (requestAnimationFrame; min = worst run)", num(s.fps.min, 1), num(s.fps.median, 1)],
  ];
  const runs = jank.runs.map((r, i) => [
    String(i + 1),
    num(r.longestTaskMs),
    String(r.longTasksOver50ms),
    num(r.totalBlockingMs),
    num(r.fps, 1),
    num(r.longestFrameGapMs),
    r.batchesShown ?? "?",
    `${num(r.stealPercent)}%`,
  ]);
  return [
    title,
    table(["Metric", "Min", "Median"], rows),
    table(
      ["Run", "Longest task", "> 50 ms", "TBT", "fps", "Longest frame gap", "Progress at the end", "CPU steal"],
      runs,
    ),
    "Goal: no task over 50 ms and ≥ 55 fps. Each run is a fresh page; on a shared machine the median says more than one run.",
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
      workersSection(r.workers),
      networkSection(r.network),
      seedJankSection(r.seedJank),
      estimateSection(r.labEstimate),
      "## Console errors and other problems",
      problems,
    ].join("\n\n") + "\n"
  );
}

/** The workers table: min and median ex/s of each, and the ratios the goals are set in. */
function workersSection(w: BenchResults["workers"]): string {
  if (!w) return "";
  const head = "## Data-parallel training on WASM: Seed CNN, one worker vs all cores, beside PyTorch on one thread";
  if ("error" in w) return `${head}\n\nNot measured: ${w.error}`;
  const torch = "examplesPerSec" in w.pytorch ? minMedian(w.pytorch.examplesPerSec) : null;
  const one = minMedian(w.oneWorker);
  const all = minMedian(w.allCores);
  const row = (name: string, m: { min: number; median: number } | null, note: string) => [
    name,
    m ? num(m.min) : "–",
    m ? num(m.median) : "–",
    note,
  ];
  const rows = [
    row(
      "PyTorch, 1 thread",
      torch,
      "examplesPerSec" in w.pytorch ? `torch ${w.pytorch.version}, random batches` : w.pytorch.skipped,
    ),
    row("WASM, 1 worker", one, "app path, MNIST batches"),
    row(`WASM, ${w.workers ?? "?"} workers`, all, "app path, each batch shared (data-parallel)"),
    [
      `${w.workers ?? "?"} workers ÷ PyTorch 1 thread`,
      torch ? num(all.min / torch.min, 2) : "–",
      torch ? num(all.median / torch.median, 2) : "–",
      "goal ≥ 0.8",
    ],
    [
      `${w.workers ?? "?"} workers ÷ 1 worker`,
      num(all.min / one.min, 2),
      num(all.median / one.median, 2),
      "goal ≥ 1.7 on 2 cores",
    ],
  ];
  const torchAll = w.pytorchAllCores ? minMedian(w.pytorchAllCores.examplesPerSec) : null;
  if (w.pytorchAllCores && torchAll && torch)
    rows.push(
      row(`PyTorch, ${w.pytorchAllCores.threads} threads`, torchAll, "reference: the same model, one thread per core"),
      [
        `PyTorch ${w.pytorchAllCores.threads} threads ÷ 1 thread`,
        num(torchAll.min / torch.min, 2),
        num(torchAll.median / torch.median, 2),
        "how a mature library scales on these cores",
      ],
    );
  return [
    head,
    table(["Training, batch " + w.batchSize, "ex/s min", "ex/s median", "Notes"], rows),
    `${w.oneWorker.length} alternating rounds (PyTorch 1 thread, 1 worker, all cores, PyTorch all cores). Ratios: min ÷ min and median ÷ median.` +
      (w.problems.length ? ` Problems: ${w.problems.join("; ")}` : ""),
  ].join("\n\n");
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
