// "toggle-to-first-estimate": the real app trains the Seed CNN briefly on WASM, measures its baseline, then switches
// Pruning on (and off again) a few times; the page itself times each click until the live row's first estimate
// (1,000 images) is drawn, and until the refined row (all 10,000 test images) replaces it.
import type { Browser, Page } from "playwright-core";
import { artifactDir, watchPage } from "../../e2e/browser.ts";
import { cpuShare, readCpuTicks } from "./machine.ts";

/** The Seed CNN (the app's default model) on WASM, as a link. */
export const SEED_WASM =
  "#v=1&ds=mnist&l=c32k3,mp2,c64k3,mp2,c128k3,mp2,f,d512&opt=adam&lr=0.001&bs=64&ep=3&vf=0.1&seed=42&be=wasm";

/** One switch of Pruning on: ms from the click until the estimate row, and until the refined row, were drawn. */
export interface ToggleTiming {
  /** Until the page asked the worker (its User Timing mark "cnn-playground:lab-live-start"). */
  askedMs: number | null;
  /** Until the estimate reached the page (mark "cnn-playground:lab-estimate"), before React drew it. */
  arrivedMs: number | null;
  estimateMs: number | null;
  refinedMs: number | null;
  /** The estimate row's text as first drawn (empty when it was never seen). */
  estimateText: string;
}

export interface LabEstimateMetrics {
  /** What the run showed when it was stopped, e.g. "Epoch 1 of 3 Batch 212 of 844". */
  trainedShown: string | null;
  backendShown: string | null;
  toggles: ToggleTiming[];
  estimate: { minMs: number; medianMs: number };
  refined: { minMs: number; medianMs: number };
  /** A screenshot of the lab while an estimate was shown (an extra toggle after the timed ones), when taken. */
  screenshot: string | null;
  stealPercent: number;
  problems: string[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = (values: Array<number | null>) => {
  const ok = values.filter((v): v is number => v !== null);
  return { minMs: ok.length ? Math.min(...ok) : Number.NaN, medianMs: median(ok) };
};

/** Records in the page: the time of a click on the Pruning switch and the first frame that shows each row after it. */
function installWatcher(page: Page) {
  return page.evaluate(() => {
    type Watch = { clickAt: number; estimateAt: number | null; refinedAt: number | null; estimateText: string };
    const w: Watch = { clickAt: 0, estimateAt: null, refinedAt: null, estimateText: "" };
    (window as { __toggleWatch?: Watch }).__toggleWatch = w;
    document.addEventListener(
      "click",
      (event) => {
        const target = event.target as HTMLElement | null;
        if (target?.getAttribute("role") === "switch") w.clickAt = performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      if (w.clickAt === 0) return;
      const estimate = document.querySelector('tr[aria-label^="Current settings (estimate)"]');
      if (estimate && w.estimateAt === null && !w.estimateText) {
        w.estimateText = estimate.textContent ?? "";
        requestAnimationFrame(() => (w.estimateAt = performance.now())); // the frame that shows it
      }
      if (document.querySelector('tr[aria-label^="Current settings: "]') && w.refinedAt === null) {
        requestAnimationFrame(() => (w.refinedAt ??= performance.now()));
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

const resetWatch = (page: Page) =>
  page.evaluate(() => {
    const w = (
      window as {
        __toggleWatch?: { clickAt: number; estimateAt: number | null; refinedAt: number | null; estimateText: string };
      }
    ).__toggleWatch;
    if (w) Object.assign(w, { clickAt: 0, estimateAt: null, refinedAt: null, estimateText: "" });
  });
const readWatch = (page: Page) =>
  page.evaluate(() => {
    const w = (
      window as {
        __toggleWatch?: { clickAt: number; estimateAt: number | null; refinedAt: number | null; estimateText: string };
      }
    ).__toggleWatch;
    return w ? { ...w } : null;
  });

/** Waits until `check` is true in the page (polling), or throws after `timeoutMs` with `what`. */
async function waitFor(page: Page, what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction(check, undefined, { timeout: timeoutMs, polling: 100 });
  } catch {
    throw new Error(`${what}: not within ${(timeoutMs / 1000).toFixed(0)} s`);
  }
}

/** Trains the Seed CNN for `trainMs` (or until `batches` batches), stops, and waits for the lab's baseline. */
async function trainSeed(page: Page, trainMs: number, batches: number, log: (line: string) => void) {
  const train = page.getByRole("button", { name: "Train", exact: true });
  await waitFor(
    page,
    "Train enabled",
    () => [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Train" && !b.disabled),
    300_000,
  );
  await train.click();
  const began = Date.now();
  const batchShown = async () => {
    const text = await page
      .locator(".run-progress__labels")
      .first()
      .innerText()
      .catch(() => "");
    return Number(/Batch ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, "") ?? 0);
  };
  while (Date.now() - began < trainMs && (await batchShown()) < batches) await page.waitForTimeout(1_000);
  const trainedShown = await page
    .locator(".run-progress__labels")
    .first()
    .innerText()
    .catch(() => null);
  const backendShown = await page
    .locator(".backend-badge")
    .first()
    .innerText()
    .catch(() => null);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  log(`lab estimate: Seed trained (${trainedShown?.replace(/\s+/g, " ")}); waiting for the baseline`);
  await waitFor(
    page,
    "the lab's baseline",
    () =>
      !!document.querySelector('tr[aria-label="Baseline"]') &&
      !document.querySelector('[aria-label="Compression progress"]'),
    600_000,
  );
  return {
    trainedShown: trainedShown?.replace(/\s+/g, " ").trim() ?? null,
    backendShown: backendShown?.trim() ?? null,
  };
}

/** One timed toggle: Pruning on until the refined row, then off until the lab is idle with no live row. */
async function toggleOnce(page: Page, screenshot?: string): Promise<ToggleTiming> {
  const lab = page.getByRole("region", { name: "Compression lab" });
  const pruning = lab.getByRole("switch", { name: "Pruning" });
  await resetWatch(page);
  await pruning.click();
  let shot = false;
  if (screenshot) {
    await waitFor(
      page,
      "the estimate row",
      () => !!document.querySelector('tr[aria-label^="Current settings (estimate)"]'),
      300_000,
    );
    await lab.getByRole("table", { name: "Variants, measured" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot, timeout: 60_000 });
    shot = true;
  }
  await waitFor(
    page,
    "the refined live row",
    () => !!document.querySelector('tr[aria-label^="Current settings: "]'),
    600_000,
  );
  await page.waitForTimeout(100); // the frame that draws it
  const w = await readWatch(page);
  const marks = await page.evaluate((after) => {
    const at = (name: string) =>
      performance
        .getEntriesByName(name)
        .map((e) => e.startTime)
        .find((t) => t >= after) ?? null;
    return { asked: at("cnn-playground:lab-live-start"), arrived: at("cnn-playground:lab-estimate") };
  }, w?.clickAt ?? 0);
  await pruning.click();
  await waitFor(
    page,
    "the lab idle without a live row",
    () =>
      !document.querySelector('tr[aria-label^="Current settings"]') &&
      !document.querySelector('[aria-label="Compression progress"]'),
    300_000,
  );
  await page.waitForTimeout(shot ? 2_000 : 1_000); // let the worker settle before the next click
  const since = (at: number | null | undefined) => (w && at != null && w.clickAt > 0 ? at - w.clickAt : null);
  return {
    askedMs: since(marks.asked),
    arrivedMs: since(marks.arrived),
    estimateMs: since(w?.estimateAt),
    refinedMs: since(w?.refinedAt),
    estimateText: w?.estimateText ?? "",
  };
}

/** The whole measurement: a fresh page, the Seed trained briefly, `repeats` timed toggles, then one for a screenshot. */
export async function measureLabEstimate(
  browser: Browser,
  baseUrl: string,
  options: { trainMs: number; batches: number; repeats: number },
  log: (line: string) => void,
): Promise<LabEstimateMetrics> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ticks = readCpuTicks();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(240_000);
    const problems = watchPage(page, baseUrl);
    await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
    await page.goto(`${baseUrl}${SEED_WASM}`, { timeout: 300_000 });
    const trained = await trainSeed(page, options.trainMs, options.batches, log);
    await installWatcher(page);
    const toggles: ToggleTiming[] = [];
    for (let i = 0; i < options.repeats; i++) {
      const t = await toggleOnce(page);
      toggles.push(t);
      log(
        `lab estimate: toggle ${i + 1}: estimate ${t.estimateMs?.toFixed(0)} ms, refined ${t.refinedMs?.toFixed(0)} ms`,
      );
    }
    const screenshot = `${artifactDir()}lab-estimate-seed-1280x800.png`;
    const shot = await toggleOnce(page, screenshot).then(
      () => screenshot,
      (error: unknown) => {
        problems.push(`screenshot: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      },
    );
    return {
      ...trained,
      toggles,
      estimate: summary(toggles.map((t) => t.estimateMs)),
      refined: summary(toggles.map((t) => t.refinedMs)),
      screenshot: shot,
      stealPercent: cpuShare(ticks, readCpuTicks()).stealPercent,
      problems,
    };
  } finally {
    await context.close();
  }
}
