// The real app (dist/index.html): time to interactive, dataset load, long tasks while training Tiny, JS that loads.
import type { Browser, Page } from "playwright-core";
import { watchPage } from "../../e2e/browser.ts";
import { cpuShare, readCpuTicks } from "./machine.ts";
import { installProbes, type PageProbes } from "./probes.ts";

/** Page metrics, in ms since navigation start unless said otherwise. */
export interface AppPageMetrics {
  domContentLoadedMs: number;
  loadEventMs: number;
  firstContentfulPaintMs: number | null;
  marks: PageProbes["marks"];
  /** Train enabled and the dataset ready (the later of the two): the page can be used. */
  timeToInteractiveMs: number | null;
  /** From the progress bar first shown (includes the worker's backend start) to "ready". */
  datasetLoadMs: number | null;
  /** From the first bytes counted to "ready": download and decode. */
  datasetDownloadDecodeMs: number | null;
  backendText: string | null;
  training: TrainingWindow;
  /** Script URLs the page and the trainer worker fetched. */
  scripts: { page: string[]; worker: string[]; workerUrl: string | null };
  problems: string[];
  /** CPU steal while the page was measured, % of all ticks. */
  stealPercent: number;
}

/** Long tasks on the main thread while the app trained Tiny. */
export interface TrainingWindow {
  trainedMs: number;
  longestTaskMs: number;
  longTasksOver50ms: number;
  /** Longest task over the page's whole life (load, training and the end-of-run evaluation). */
  longestTaskWholeSessionMs: number;
  longTaskSupported: boolean;
  examplesPerSecShown: string | null;
  batchesShown: string | null;
  /** The backend badge at the stop (with Auto, the app times the backends when training starts). */
  backendShown: string | null;
}

const readProbes = (page: Page) => page.evaluate(() => window.__benchProbes ?? null);

/** Loads the app and waits until Train is enabled and the dataset is ready. */
async function loadApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl, { timeout: 300_000 });
  const train = page.getByRole("button", { name: "Train", exact: true });
  await train.waitFor({ timeout: 120_000 });
  await page.waitForFunction(
    () => {
      const marks = window.__benchProbes?.marks;
      return marks?.trainEnabled !== undefined && marks.datasetReady !== undefined;
    },
    undefined,
    { timeout: 300_000, polling: 250 },
  );
}

/** Navigation timing and first contentful paint. */
function navigationTimes(page: Page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
      loadEventMs: nav?.loadEventEnd ?? Number.NaN,
      firstContentfulPaintMs: fcp ? fcp.startTime : null,
    };
  });
}

/** Selects Tiny, trains for `trainMs`, stops, and returns the long tasks inside the training window. */
async function trainTiny(page: Page, trainMs: number): Promise<TrainingWindow> {
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny" });
  const train = page.getByRole("button", { name: "Train", exact: true });
  await page.waitForFunction(
    () => [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Train" && !b.disabled),
    undefined,
    { timeout: 60_000 },
  );
  const start = await page.evaluate(() => performance.now());
  await train.click();
  await page.waitForTimeout(trainMs);
  const end = await page.evaluate(() => performance.now());
  const examplesPerSecShown = await page
    .getByLabel("Examples per second")
    .innerText()
    .catch(() => null);
  const batchesShown = await page
    .locator(".run-progress__labels")
    .first()
    .innerText()
    .catch(() => null);
  const backendShown = await page
    .locator(".backend-badge")
    .first()
    .innerText()
    .catch(() => null);
  // a fast machine may have finished Tiny's epoch already (Stop is then disabled while the run is evaluated)
  const stop = page.getByRole("button", { name: "Stop", exact: true });
  if (await stop.isEnabled()) await stop.click().catch(() => {});
  await page.getByRole("button", { name: "Train", exact: true }).waitFor({ timeout: 300_000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Train" && !b.disabled),
    undefined,
    { timeout: 300_000, polling: 500 },
  );
  const probes = await readProbes(page);
  const tasks = probes?.longTasks ?? [];
  const inWindow = tasks.filter((t) => t.start >= start && t.start <= end);
  return {
    trainedMs: end - start,
    longestTaskMs: Math.max(0, ...inWindow.map((t) => t.duration)),
    longTasksOver50ms: inWindow.filter((t) => t.duration > 50).length,
    longestTaskWholeSessionMs: Math.max(0, ...tasks.map((t) => t.duration)),
    longTaskSupported: probes?.longTaskSupported ?? false,
    examplesPerSecShown: examplesPerSecShown?.trim() ?? null,
    batchesShown: batchesShown?.replace(/\s+/g, " ").trim() ?? null,
    backendShown: backendShown?.trim() ?? null,
  };
}

/** Script and wasm URLs fetched by the page, and by the trainer worker (read inside the worker). */
async function scriptsFetched(page: Page): Promise<AppPageMetrics["scripts"]> {
  const names = () =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => /\.(m?js|wasm)(\?|$)/.test(n));
  const worker = page.workers().find((w) => /trainer\.worker/.test(w.url())) ?? null;
  // the page's Resource Timing also lists the worker's own script: that one is the worker's
  const pageScripts = (await page.evaluate(names)).filter((url) => url !== worker?.url());
  const workerScripts = worker ? await worker.evaluate(names).catch(() => []) : [];
  return { page: pageScripts, worker: workerScripts, workerUrl: worker?.url() ?? null };
}

const diff = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a - b : null);

/** Opens the real app in a fresh context, measures load, trains Tiny for `trainMs`, and reads what was fetched. */
export async function measureAppPage(browser: Browser, baseUrl: string, trainMs: number): Promise<AppPageMetrics> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ticks = readCpuTicks();
  try {
    const page = await context.newPage();
    const problems = watchPage(page, baseUrl);
    await page.addInitScript(installProbes);
    // a first visit shows the guided tour at the bottom of the page; the benchmark measures the app, not the tour
    await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
    await loadApp(page, baseUrl);
    const nav = await navigationTimes(page);
    const loaded = await readProbes(page);
    const marks = loaded?.marks ?? {};
    const training = await trainTiny(page, trainMs);
    const scripts = await scriptsFetched(page);
    const tti =
      marks.trainEnabled !== undefined && marks.datasetReady !== undefined
        ? Math.max(marks.trainEnabled, marks.datasetReady)
        : null;
    return {
      ...nav,
      marks,
      timeToInteractiveMs: tti,
      datasetLoadMs: diff(marks.datasetReady, marks.datasetLoading),
      datasetDownloadDecodeMs: diff(marks.datasetReady, marks.datasetFirstBytes),
      backendText: loaded?.backendText ?? null,
      training,
      scripts,
      problems,
      stealPercent: cpuShare(ticks, readCpuTicks()).stealPercent,
    };
  } finally {
    await context.close();
  }
}
