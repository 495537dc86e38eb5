// The real app while the Seed CNN (the default model) trains on WASM: the longest main-thread task, tasks over
// 50 ms, total blocking time and frames per second (requestAnimationFrame counted in the page). Several runs,
// each in a fresh page: on shared machines one run is noise, so the report gives the min and the median.
import type { Browser, Page } from "playwright-core";
import { watchPage } from "../../e2e/browser.ts";
import { cpuShare, readCpuTicks } from "./machine.ts";

/** The Seed CNN on MNIST as the app opens by default, on WASM (Auto would time the backends first). */
export const SEED_WASM =
  "#v=1&ds=mnist&l=c32k3,mp2,c64k3,mp2,c128k3,mp2,f,d512&opt=adam&lr=0.001&bs=64&ep=3&vf=0.1&seed=42&be=wasm";

/** One run: what the main thread did between Train and the measurement's end. */
export interface SeedJankRun {
  trainedMs: number;
  longestTaskMs: number;
  longTasksOver50ms: number;
  /** Sum over long tasks of the part beyond 50 ms. */
  totalBlockingMs: number;
  /** requestAnimationFrame callbacks per second. */
  fps: number;
  longestFrameGapMs: number;
  batchesShown: string | null;
  stealPercent: number;
}

export interface SeedJank {
  runs: SeedJankRun[];
  problems: string[];
}

declare global {
  interface Window {
    __jank?: { tasks: Array<[number, number]>; frames: number[] };
  }
}

/** Records long tasks and animation frames from the page's first script on (runs in the browser). */
function installJankProbes(): void {
  const probe = { tasks: [] as Array<[number, number]>, frames: [] as number[] };
  window.__jank = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.tasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no longtask support: the run reports no tasks
  }
  const frame = (t: number) => {
    probe.frames.push(t);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

const trainEnabled = () =>
  [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Train" && !b.disabled) &&
  [...document.querySelectorAll("p")].some((p) => /training images/.test(p.textContent ?? ""));

async function oneRun(page: Page, baseUrl: string, trainMs: number): Promise<SeedJankRun> {
  await page.goto(`${baseUrl}${SEED_WASM}`, { timeout: 300_000 });
  await page.waitForFunction(trainEnabled, undefined, { timeout: 300_000, polling: 250 });
  await page.waitForTimeout(1_000); // the lab and the inspector load after first paint
  const ticks = readCpuTicks();
  const start = await page.evaluate(() => performance.now());
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForTimeout(trainMs);
  const end = await page.evaluate(() => performance.now());
  const probe = await page.evaluate(() => window.__jank ?? { tasks: [], frames: [] });
  const batchesShown = await page
    .locator(".run-progress__labels")
    .first()
    .innerText()
    .catch(() => null);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  const tasks = probe.tasks.filter(([t]) => t >= start && t <= end).map(([, d]) => d);
  const frames = probe.frames.filter((t) => t >= start && t <= end);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    trainedMs: end - start,
    longestTaskMs: Math.max(0, ...tasks),
    longTasksOver50ms: tasks.filter((d) => d > 50).length,
    totalBlockingMs: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    fps: frames.length / ((end - start) / 1000),
    longestFrameGapMs: Math.max(0, ...gaps),
    batchesShown: batchesShown?.replace(/\s+/g, " ").trim() ?? null,
    stealPercent: cpuShare(ticks, readCpuTicks()).stealPercent,
  };
}

/** `repeats` runs of the Seed CNN training `trainMs` on WASM, each in a fresh 1280×800 page. */
export async function measureSeedJank(
  browser: Browser,
  baseUrl: string,
  trainMs: number,
  repeats: number,
  log: (line: string) => void,
): Promise<SeedJank> {
  const result: SeedJank = { runs: [], problems: [] };
  for (let i = 0; i < repeats; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      result.problems.push(...watchPage(page, baseUrl));
      await page.addInitScript(installJankProbes);
      await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
      const run = await oneRun(page, baseUrl, trainMs);
      result.runs.push(run);
      log(
        `seed jank ${i + 1}/${repeats}: longest task ${run.longestTaskMs.toFixed(0)} ms, ${run.longTasksOver50ms} over 50 ms, ${run.fps.toFixed(1)} fps`,
      );
    } finally {
      await context.close();
    }
  }
  return result;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Min and median of each measure over the runs (for fps, min is the worst run). */
export function summarizeSeedJank(runs: readonly SeedJankRun[]) {
  const of = (pick: (r: SeedJankRun) => number) => {
    const xs = runs.map(pick);
    return { min: Math.min(...xs), median: median(xs) };
  };
  return {
    longestTaskMs: of((r) => r.longestTaskMs),
    longTasksOver50ms: of((r) => r.longTasksOver50ms),
    totalBlockingMs: of((r) => r.totalBlockingMs),
    fps: of((r) => r.fps),
  };
}
