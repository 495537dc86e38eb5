// `npm run bench`: app vs bare training throughput, inference latency, the real app page's load, long tasks
// and JS sizes, and the lab's toggle-to-first-estimate, in headless Chromium against `vite preview` of dist/. A benchmark, not a test: it asserts nothing
// about speed, and reports what it measured (and what it could not) in bench-results/.
import os from "node:os";
import { afterAll, beforeAll, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, watchPage } from "../e2e/browser.ts";
import { measureAppPage } from "./harness/appPage.ts";
import { measureLabEstimate } from "./harness/labEstimate.ts";
import { measureJsSizes } from "./harness/jsSizes.ts";
import { measureSeedJank } from "./harness/seedJank.ts";
import { cpuShare, machineInfo, readCpuTicks } from "./harness/machine.ts";
import { emptyMatrix, runMatrix } from "./harness/matrix.ts";
import { measureNetwork } from "./harness/network.ts";
import { benchPlan } from "./harness/plan.ts";
import { planSummary, toMarkdown, writeResults, type BenchResults } from "./harness/report.ts";
import { runWorkers } from "./harness/workers.ts";

const baseUrl = inject("baseUrl");
const root = new URL("../../", import.meta.url).pathname;
const plan = benchPlan();
const began = Date.now();
const ticksAtStart = readCpuTicks();
let browser: Browser;
let results: BenchResults;

/** Progress lines, with seconds since the start (written straight to stdout: no per-test console headers). */
const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - began) / 1000).toFixed(0)} s] ${line}\n`);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

beforeAll(async () => {
  browser = await launchBrowser();
  results = {
    startedAt: new Date(began).toISOString(),
    durationMs: 0,
    plan: planSummary(plan),
    machine: machineInfo(browser.version()),
    cpuDuringRun: cpuShare(null, null),
    loadAverageAtEnd: Number.NaN,
    appPage: null,
    jsSizes: null,
    matrix: null,
    network: null,
    labEstimate: null,
    problems: [],
  };
  log(`plan: ${JSON.stringify(results.plan)}; serving ${baseUrl}`);
});

afterAll(async () => {
  results.durationMs = Date.now() - began;
  results.cpuDuringRun = cpuShare(ticksAtStart, readCpuTicks());
  results.loadAverageAtEnd = os.loadavg()[0];
  const file = writeResults(results, `${root}bench-results`);
  process.stdout.write(
    `\n${toMarkdown(results)}\nWritten: ${file}, bench-results/latest.json, bench-results/latest.md\n`,
  );
  await browser?.close();
});

it.runIf(plan.parts.page)(
  "real app page: load, time to interactive, long tasks while training Tiny, JS sizes",
  async () => {
    try {
      const page = await measureAppPage(browser, baseUrl, plan.appTrainMs);
      results.appPage = page;
      results.problems.push(...page.problems.map((p) => `app page: ${p}`));
      results.jsSizes = measureJsSizes(`${root}dist`, page.scripts);
      log(
        `app page: interactive at ${page.timeToInteractiveMs?.toFixed(0)} ms, longest task while training ${page.training.longestTaskMs.toFixed(0)} ms`,
      );
    } catch (error) {
      results.appPage = { error: message(error) };
      log(`app page failed: ${message(error)}`);
    }
  },
);

it.runIf(plan.parts.network)(
  "first and second visit at 20 Mbit/s: bytes on the wire, time to the first training batch",
  async () => {
    try {
      const network = await measureNetwork(browser, baseUrl, plan.networkRepeats);
      results.network = network;
      results.problems.push(...network.problems.map((p) => `network: ${p}`));
      for (const run of network.runs) {
        log(
          `network: first visit ${(run.first.wireBytes / 1e6).toFixed(2)} MB, first batch at ${run.first.firstBatchMs?.toFixed(0)} ms; ` +
            `second ${(run.second.wireBytes / 1e6).toFixed(2)} MB, ${run.second.firstBatchMs?.toFixed(0)} ms`,
        );
      }
    } catch (error) {
      results.network = { error: message(error) };
      log(`network failed: ${message(error)}`);
    }
  },
);

it.runIf(plan.parts.seed)(
  "real app page: longest main-thread task and fps while the Seed CNN trains on WASM",
  async () => {
    try {
      const jank = await measureSeedJank(browser, baseUrl, plan.seedTrainMs, plan.seedRuns, log);
      results.seedJank = jank;
      results.problems.push(...jank.problems.map((p) => `seed page: ${p}`));
    } catch (error) {
      results.seedJank = { error: message(error) };
      log(`seed jank failed: ${message(error)}`);
    }
  },
);

it.runIf(plan.parts.estimate)(
  "lab: toggle-to-first-estimate for the Seed CNN on WASM (Pruning on, 1,000-image estimate, then all 10,000)",
  async () => {
    try {
      const lab = await measureLabEstimate(browser, baseUrl, plan.labEstimate, log);
      results.labEstimate = lab;
      results.problems.push(...lab.problems.map((p) => `lab estimate: ${p}`));
      log(
        `lab estimate: first estimate min ${lab.estimate.minMs.toFixed(0)} ms, median ${lab.estimate.medianMs.toFixed(0)} ms; ` +
          `refined min ${lab.refined.minMs.toFixed(0)} ms, median ${lab.refined.medianMs.toFixed(0)} ms`,
      );
    } catch (error) {
      results.labEstimate = { error: message(error) };
      log(`lab estimate failed: ${message(error)}`);
    }
  },
);

it.runIf(plan.parts.matrix)(
  "bench page: app path vs bare path per backend × model × batch, and inference latency",
  async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPage(page, baseUrl);
    page.on("console", (msg) => {
      if (msg.type() === "warning") log(`bench page warning: ${msg.text().slice(0, 300)}`);
    });
    try {
      await page.goto(`${baseUrl}__bench/index.html`, { timeout: 300_000 });
      await page.waitForFunction(() => typeof window.bench === "object", undefined, { timeout: 120_000 });
      results.matrix = emptyMatrix();
      await runMatrix(page, plan, log, results.matrix);
    } catch (error) {
      problems.push(`harness: ${message(error)}`);
      log(`bench page failed: ${message(error)}`);
    } finally {
      results.problems.push(...problems.map((p) => `bench page: ${p}`));
      await context.close();
    }
  },
);

it.runIf(plan.parts.workers)(
  "data-parallel training: the Seed CNN on WASM with one worker and with all cores, beside PyTorch on one thread",
  async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchPage(page, baseUrl);
    try {
      await page.goto(`${baseUrl}__bench/index.html`, { timeout: 300_000 });
      await page.waitForFunction(() => typeof window.bench === "object", undefined, { timeout: 120_000 });
      results.workers = await runWorkers(page, plan, log);
    } catch (error) {
      results.workers = { error: message(error) };
      log(`workers part failed: ${message(error)}`);
    } finally {
      results.problems.push(...problems.map((p) => `workers: ${p}`));
      await context.close();
    }
  },
);
