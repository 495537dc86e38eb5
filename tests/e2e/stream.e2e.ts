import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { ACTION_TIMEOUT_MS, LONG_TINY, buttonNamed, launchBrowser, watchPage, batchShown } from "./browser.ts";
import { startStallProxy, type StallProxy } from "./stallProxy.ts";

// A first visit trains before the training file has arrived: the download of mnist-train.cnpz stalls after its
// first 30% (about 18,000 images; training needs the first 10,000) until the test has seen training under way.
// Every wait is for a state of the page or of the proxy, never for a time.

let browser: Browser;
let proxy: StallProxy;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
  proxy = await startStallProxy(baseUrl, /\/datasets\/mnist-train\.cnpz$/, 0.3);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
});

it("starts training on the first part of the training file while the rest downloads, and says so", async () => {
  // a fresh context: nothing in Cache Storage, so the files come over the (stalling) network
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
    const problems = watchPage(page, proxy.url);
    await page.goto(`${proxy.url}${LONG_TINY}&be=wasm`, { timeout: 180_000 });
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
    // Train is enabled while the training file is held back, and the dataset panel says why it may start
    expect(proxy.stalled()).toBe(true);
    const loading = page.locator("label[for=dataset-progress]");
    expect(await loading.textContent()).toMatch(
      /Loading MNIST digits… \d+%: training can start on the [\d,]+ training images/,
    );
    await buttonNamed(page, "Train").click();
    await expect.poll(() => batchShown(page), { timeout: 300_000, interval: 500 }).toBeGreaterThan(0);
    const first = await batchShown(page);
    const status = page.getByRole("status", { name: "Download while training" });
    const text = (await status.textContent()) ?? "";
    console.log(`While the training file stalls: "${text}" (batch ${first})`);
    const [, arrived, percent] =
      /^Training on the first ([\d,]+) of 60,000 images while the rest downloads \((\d+)%\)$/.exec(text) ?? [];
    expect(Number(arrived?.replace(/,/g, ""))).toBeGreaterThanOrEqual(10_000);
    expect(Number(arrived?.replace(/,/g, ""))).toBeLessThan(60_000);
    expect(Number(percent)).toBeLessThan(100);
    // the batch counter moves on while the file is still held back
    await expect.poll(() => batchShown(page), { timeout: 300_000, interval: 500 }).toBeGreaterThan(first);
    expect(proxy.stalled()).toBe(true);
    proxy.release();
    // the rest arrives: the line goes away, the panel shows the counts, and training goes on
    await expect.poll(() => status.count(), { timeout: 300_000, interval: 500 }).toBe(0);
    await expect.poll(() => page.getByText(/60,000 training images · 10,000 test images/).count()).toBe(1);
    expect(await page.locator("#dataset-progress").count()).toBe(0);
    expect(proxy.sent().bytes).toBe(proxy.sent().total);
    const afterRelease = await batchShown(page);
    await expect.poll(() => batchShown(page), { timeout: 300_000, interval: 500 }).toBeGreaterThan(afterRelease);
    await buttonNamed(page, "Stop").click();
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 300_000 }).toBe(true);
    // a stopped run is evaluated on the whole test file, which came after the training file's first part
    const accuracy = page.getByLabel("Test accuracy");
    await expect.poll(() => accuracy.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
    expect((await accuracy.textContent()) ?? "").toMatch(/\d+(\.\d+)?%/);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 900_000);
