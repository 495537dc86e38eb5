import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ACTION_TIMEOUT_MS, LONG_TINY, buttonNamed, launchBrowser, snap, watchPage, batchShown } from "./browser.ts";

// The installable, offline app: a first visit downloads the compressed datasets and keeps them (Cache Storage) and
// the service worker precaches the app shell; with the network cut, a reload opens the app and trains.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** URLs in the loader's dataset cache. */
const cachedDatasetUrls = (page: Page) =>
  page.evaluate(async () =>
    (await (await caches.open("cnn-playground-datasets")).keys()).map((request) => new URL(request.url).pathname),
  );

it("a first visit caches the app and the compressed MNIST; offline, a reload opens the app and trains on them", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "allow" });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
    const problems = watchPage(page, baseUrl);
    const datasetResponses: string[] = [];
    page.on("response", (response) => {
      if (/\/datasets\//.test(response.url())) datasetResponses.push(new URL(response.url()).pathname);
    });
    await page.goto(`${baseUrl}${LONG_TINY}&be=wasm`, { timeout: 180_000 });
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
    await expect.poll(() => page.getByText(/60,000 training images/).count(), { timeout: 240_000 }).toBeGreaterThan(0);
    // the compressed files came over the network, never the raw ones
    expect(datasetResponses).toEqual(expect.arrayContaining(["/datasets/mnist-train.cnpz"]));
    expect(datasetResponses.filter((path) => path.endsWith(".bin"))).toEqual([]);
    await expect
      .poll(() => cachedDatasetUrls(page), { timeout: 120_000 })
      .toEqual(
        expect.arrayContaining([
          "/datasets/manifest.json",
          "/datasets/mnist-train.cnpz",
          "/datasets/mnist-test.cnpz",
          "/datasets/mnist-preview.cnpz",
        ]),
      );
    // the service worker installed (precache done) and controls the page (clientsClaim)
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 120_000 })
      .toBe(true);

    await context.setOffline(true);
    datasetResponses.length = 0;
    await page.reload({ timeout: 180_000 });
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
    await expect.poll(() => page.getByText(/60,000 training images/).count(), { timeout: 240_000 }).toBeGreaterThan(0);
    await buttonNamed(page, "Train").click();
    await expect.poll(() => batchShown(page), { timeout: 300_000, interval: 1_000 }).toBeGreaterThan(0);
    await snap(page, "offline-training-1280x800", false);
    await buttonNamed(page, "Stop").click();
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 300_000 }).toBe(true);
    // offline, the only dataset request that reaches for the network is the manifest's (network-first, then cache)
    expect(datasetResponses.filter((path) => !path.endsWith("manifest.json"))).toEqual([]);
    expect(problems.filter((p) => !/manifest\.json|ERR_INTERNET_DISCONNECTED/.test(p))).toEqual([]);
  } finally {
    await context.close();
  }
}, 900_000);
