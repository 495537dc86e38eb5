import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { LONG_TINY, buttonNamed, launchBrowser, openApp, snap, batchShown } from "./browser.ts";

// The one real journey: Tiny trained in the page to at least 90% test accuracy. The lab, the inspector and the
// saved models start from the committed trained-Tiny fixture instead (lab, inspect and models e2e files).

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (hash: string) => openApp(browser, baseUrl, hash);
const button = buttonNamed;

it("loads the page with the seed model's numbers and the dataset", async () => {
  const { page, problems } = await open("");
  await expect.poll(() => page.getByText("163,850 parameters").count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await expect.poll(() => page.getByLabel("Backend", { exact: true }).count()).toBe(1);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("shows the message and disables Train for an invalid stack; the Epochs field goes into the link", async () => {
  const { page, problems } = await open("");
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny" });
  await expect.poll(() => page.getByRole("listitem", { name: "Layer 5: Flatten" }).count()).toBe(1);
  await page.getByRole("button", { name: "Remove layer 5" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "end the stack with Flatten or GlobalAveragePooling2D" });
  await expect.poll(() => alert.count()).toBeGreaterThan(0);
  expect(await button(page, "Train").isDisabled()).toBe(true);
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny" });
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await page.getByLabel("Epochs", { exact: true }).fill("50");
  await expect.poll(async () => new URL(page.url()).hash).toMatch(/ep=50/);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("trains Tiny on MNIST: the loss chart moves; stopped after 120 batches, the test accuracy is at least 90%", async () => {
  // Tiny for 50 epochs (42,200 batches): the run cannot end by itself before the test stops it after 120
  const { page, problems } = await open(LONG_TINY);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  await expect.poll(() => button(page, "Pause").count(), { timeout: 120_000 }).toBe(1);
  // Auto (the default) timed a few training steps per backend first; with no hardware GPU here, WASM wins
  await expect
    .poll(async () => (await page.locator(".backend-badge").textContent()) ?? "", { timeout: 60_000 })
    .toMatch(/Auto: WASM: [\d.]+k? ex\/s → WASM/);
  // one worker per core shares each batch (data-parallel), and the badge says how many
  const cores = await page.evaluate(() => Math.min(4, navigator.hardwareConcurrency || 1));
  if (cores > 1) {
    await expect
      .poll(async () => (await page.locator(".backend-badge").textContent()) ?? "", { timeout: 120_000 })
      .toContain(`training: ${cores} workers of 1 thread (data-parallel, ${cores} cores)`);
  }
  // the per-batch chart draws a line once metrics arrive
  await expect
    .poll(() => page.locator(".recharts-line path.recharts-curve").count(), { timeout: 120_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(async () => (await page.getByLabel("Examples per second").textContent()) ?? "", { timeout: 60_000 })
    .toMatch(/\d/);
  await snap(page, "training-1280x800", false);
  // these shared machines are slow: train 120 batches of 64 (7,680 images), then stop; a stopped run is evaluated too
  const batchesDone = () => batchShown(page);
  await expect.poll(batchesDone, { timeout: 400_000, interval: 1_000 }).toBeGreaterThanOrEqual(120);
  const throughput = await page.getByLabel("Examples per second").textContent();
  await button(page, "Stop").click();
  const accuracy = page.getByLabel("Test accuracy");
  await expect.poll(() => accuracy.count(), { timeout: 280_000, interval: 2_000 }).toBe(1);
  const text = (await accuracy.textContent()) ?? "";
  const percent = Number(/(\d+(?:\.\d+)?)%/.exec(text)?.[1]);
  console.log(`Tiny, ${await batchesDone()} batches of 64 on MNIST: test accuracy ${text}; throughput ${throughput}`);
  expect(percent).toBeGreaterThanOrEqual(90);
  await expect.poll(() => button(page, "Train").isEnabled()).toBe(true);
  await snap(page, "trained-1280x800", true);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, "trained-390x844", true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);
