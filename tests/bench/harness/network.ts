// Bytes on the wire and time to the first training batch, on a first and a second visit (same browser context,
// so the second finds the service worker's precache and the loader's dataset cache), at 20 Mbit/s with 40 ms
// latency: through a throttling proxy (throttle.ts), which also counts the bytes of the page, its Web Worker and
// the service worker.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { LINK, startThrottledProxy, type ThrottledProxy } from "./throttle.ts";

/** One visit, measured. */
export interface VisitMetrics {
  /** Bytes the server sent (bodies + headers) to the page, its workers and the service worker. */
  wireBytes: number;
  /** Of which bodies under /datasets/. */
  datasetWireBytes: number;
  /** Requests that reached the server. */
  serverRequests: number;
  /** The page's requests answered by the service worker (not on the wire). */
  fromServiceWorker: number;
  /** Navigation start → Train enabled (the dataset is loaded and the model built). */
  trainEnabledMs: number | null;
  /** Navigation start → the first batch shown ("Batch 1 of"), Train clicked by the page itself once enabled. */
  firstBatchMs: number | null;
}

/** One repetition: a fresh context, visited twice. */
export interface NetworkRun {
  first: VisitMetrics;
  second: VisitMetrics;
}

export interface NetworkResults {
  link: typeof LINK;
  dataset: string;
  runs: NetworkRun[];
  problems: string[];
}

/** Tiny on MNIST, WASM, a run long enough not to end while measured. */
const HASH = "#v=1&ds=mnist&l=c8k5,mp2,c16k5,mp2,f&opt=adam&lr=0.005&bs=64&ep=50&vf=0.1&seed=42&be=wasm";

/** In the page before its scripts: clicks Train as soon as it is enabled, and records when, and the first batch. */
function installVisitProbes(): void {
  const marks: { trainEnabled?: number; firstBatch?: number } = {};
  (window as unknown as { __visit: typeof marks }).__visit = marks;
  const check = () => {
    const train = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Train");
    if (marks.trainEnabled === undefined && train && !train.disabled) {
      marks.trainEnabled = performance.now();
      train.click();
    }
    const label = document.querySelector(".run-progress__labels")?.textContent ?? "";
    if (marks.firstBatch === undefined && /Batch [1-9][\d,]* of/.test(label)) marks.firstBatch = performance.now();
    return marks.firstBatch !== undefined;
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  document.addEventListener("DOMContentLoaded", () => {
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  });
}

/** One visit in a new page of `context`; waits for the first batch and the service worker, then closes the page. */
async function visit(context: BrowserContext, proxy: ThrottledProxy, problems: string[]): Promise<VisitMetrics> {
  proxy.reset();
  const page: Page = await context.newPage();
  let fromServiceWorker = 0;
  page.on("response", (response) => void (response.fromServiceWorker() && fromServiceWorker++));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  try {
    await page.goto(`${proxy.url}${HASH}`, { timeout: 300_000 });
    await page.waitForFunction(
      () => (window as unknown as { __visit?: { firstBatch?: number } }).__visit?.firstBatch !== undefined,
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    const marks = await page.evaluate(
      () => (window as unknown as { __visit: { trainEnabled?: number; firstBatch?: number } }).__visit,
    );
    // the first visit's service worker installs (precaches) in the background: its bytes count too
    await page.evaluate(() => navigator.serviceWorker?.ready.then(() => undefined));
    return {
      wireBytes: proxy.counts.bytes,
      datasetWireBytes: proxy.counts.datasetBytes,
      serverRequests: proxy.counts.requests,
      fromServiceWorker,
      trainEnabledMs: marks.trainEnabled ?? null,
      firstBatchMs: marks.firstBatch ?? null,
    };
  } finally {
    await page.close();
  }
}

/** `repeats` fresh contexts, each visited twice (first visit, then second). */
export async function measureNetwork(browser: Browser, baseUrl: string, repeats: number): Promise<NetworkResults> {
  const problems: string[] = [];
  const runs: NetworkRun[] = [];
  const proxy = await startThrottledProxy(baseUrl);
  try {
    for (let i = 0; i < repeats; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "allow" });
      try {
        await context.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
        await context.addInitScript(installVisitProbes);
        const first = await visit(context, proxy, problems);
        const second = await visit(context, proxy, problems);
        runs.push({ first, second });
      } finally {
        await context.close();
      }
    }
  } finally {
    await proxy.close();
  }
  return { link: LINK, dataset: "mnist", runs, problems };
}

/** Min and median of the finite values. */
export function minMedian(values: Array<number | null>): { min: number; median: number } {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { min: Number.NaN, median: Number.NaN };
  const mid = Math.floor(sorted.length / 2);
  return { min: sorted[0], median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2 };
}
