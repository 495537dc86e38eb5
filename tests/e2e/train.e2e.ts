import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Download, Page } from "playwright-core";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { decodeDatasetFile } from "../../src/core/data/datasetFormat.ts";
import { evaluateModel } from "../../src/core/train/trainLoop.ts";
import { ACTION_TIMEOUT_MS, expectNoOverflow, launchBrowser, snap, watchPage } from "./browser.ts";

let browser: Browser;
let page: Page;
let problems: string[];
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed")); // the tour has its own test
  problems = watchPage(page, baseUrl);
  await page.goto(baseUrl, { timeout: 180_000 }); // shared machines stall for seconds at a time
});

afterAll(async () => {
  await browser?.close();
});

it("loads the page with the seed model's numbers and the dataset", async () => {
  await expect.poll(() => page.getByText("163,850 parameters").count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.getByRole("button", { name: "Train", exact: true }).isEnabled(), { timeout: 240_000 }).toBe(true);
  await expect.poll(() => page.getByLabel("Backend", { exact: true }).count()).toBe(1);
});

it("shows the message and disables Train for an invalid stack", async () => {
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny" });
  await expect.poll(() => page.getByRole("listitem", { name: "Layer 5: Flatten" }).count()).toBe(1);
  await page.getByRole("button", { name: "Remove layer 5" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "end the stack with Flatten or GlobalAveragePooling2D" });
  await expect.poll(() => alert.count()).toBeGreaterThan(0);
  expect(await page.getByRole("button", { name: "Train", exact: true }).isDisabled()).toBe(true);
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "Tiny" });
  await expect.poll(() => page.getByRole("button", { name: "Train", exact: true }).isEnabled()).toBe(true);
  // the next test stops the run after 120 batches: 50 epochs (42,200 batches) cannot end before, however fast the machine
  await page.getByLabel("Epochs", { exact: true }).fill("50");
  await expect.poll(async () => new URL(page.url()).hash).toMatch(/ep=50/);
});

it("trains Tiny on MNIST: the loss chart moves; stopped after 120 batches, the test accuracy is at least 90%", async () => {
  await page.getByRole("button", { name: "Train", exact: true }).click();
  await expect.poll(() => page.getByRole("button", { name: "Pause", exact: true }).count(), { timeout: 120_000 }).toBe(1);
  // Auto (the default) timed a few training steps per backend first; with no hardware GPU here, WASM wins
  await expect.poll(async () => (await page.locator(".backend-badge").textContent()) ?? "", { timeout: 60_000 })
    .toMatch(/Auto: WASM: [\d.]+k? ex\/s → WASM/);
  // the per-batch chart draws a line once metrics arrive
  await expect.poll(() => page.locator(".recharts-line path.recharts-curve").count(), { timeout: 120_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await page.getByLabel("Examples per second").textContent()) ?? "", { timeout: 60_000 }).toMatch(/\d/);
  await snap(page, "training-1280x800", false);
  // these shared machines are slow: train 120 batches of 64 (7,680 images), then stop; a stopped run is evaluated too
  const batchesDone = async () => Number(/Batch ([\d,]+) of/.exec((await page.locator(".run-progress__labels").first().textContent()) ?? "")?.[1].replace(/,/g, "") ?? 0);
  await expect.poll(batchesDone, { timeout: 400_000, interval: 1_000 }).toBeGreaterThanOrEqual(120);
  const throughput = await page.getByLabel("Examples per second").textContent();
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  const accuracy = page.getByLabel("Test accuracy");
  await expect.poll(() => accuracy.count(), { timeout: 280_000, interval: 2_000 }).toBe(1);
  const text = (await accuracy.textContent()) ?? "";
  const percent = Number(/(\d+(?:\.\d+)?)%/.exec(text)?.[1]);
  console.log(`Tiny, ${await batchesDone()} batches of 64 on MNIST: test accuracy ${text}; throughput ${throughput}`);
  expect(percent).toBeGreaterThanOrEqual(90);
  await expect.poll(() => page.getByRole("button", { name: "Train", exact: true }).isEnabled()).toBe(true);
  await snap(page, "trained-1280x800", true);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, "trained-390x844", true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(problems).toEqual([]);
}, 900_000);

/** The first percentage with a decimal in a row's text: its accuracy (settings such as "50%" have none). */
const percentOf = (text: string) => Number(/(\d+\.\d)%/.exec(text)?.[1] ?? Number.NaN);

it("compression lab: Pruning on at 50% adds a live point and changes the accuracy; latency comes with its backend", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const lab = page.getByRole("region", { name: "Compression lab" });
  const table = lab.getByRole("table", { name: "Variants, measured" });
  // the baseline is measured as soon as training ends
  const baselineRow = table.getByRole("row", { name: "Baseline", exact: true });
  await expect.poll(() => baselineRow.count(), { timeout: 300_000, interval: 2_000 }).toBe(1);
  const sparsityChart = lab.getByRole("group", { name: "Accuracy vs sparsity" });
  const points = () => sparsityChart.locator(".recharts-scatter-symbol").count();
  await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await points();
  const toggledAt = Date.now();
  await lab.getByRole("switch", { name: "Pruning" }).check();
  expect(await lab.getByRole("slider", { name: "Sparsity" }).inputValue()).toMatch(/^(50|0\.5)$/);
  const current = table.getByRole("row", { name: /^Current settings/ });
  await expect.poll(() => current.count(), { timeout: 300_000, interval: 250 }).toBe(1);
  console.log(`Pruning switched on: the live row appeared after ${((Date.now() - toggledAt) / 1000).toFixed(1)} s`);
  await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(before);
  const baselineText = (await baselineRow.textContent()) ?? "";
  const currentText = (await current.textContent()) ?? "";
  console.log(`Compression lab, live:\n${baselineText}\n${currentText}`);
  expect(currentText).toMatch(/50% magnitude/);
  expect(currentText).not.toBe(baselineText);
  expect(percentOf(currentText)).toBeGreaterThan(50);
  // latency figures come with the backend that measured them
  expect(baselineText).toMatch(/WASM|WebGL|WebGPU|CPU/);
  expect(baselineText).toMatch(/p50|ms/);
  expect(problems).toEqual([]);
}, 900_000);

it("compression lab: keeps a filter-pruned int8 variant, and a sweep can be cancelled with its points kept", async () => {
  const lab = page.getByRole("region", { name: "Compression lab" });
  const table = lab.getByRole("table", { name: "Variants, measured" });
  await lab.getByLabel("Pruning method", { exact: true }).selectOption({ label: "Filters" });
  await lab.getByRole("switch", { name: "Quantization" }).check();
  await lab.getByLabel("Weight bits", { exact: true }).selectOption({ label: "8" });
  // a measurement still running (the baseline's batch-256 timing) keeps the button disabled for a while here
  const keep = lab.getByRole("button", { name: "Keep variant", exact: true });
  await expect.poll(() => keep.isEnabled(), { timeout: 600_000, interval: 1_000 }).toBe(true);
  await keep.click({ timeout: 120_000 });
  const kept = table.getByRole("row", { name: "50% filters · int8 per-channel", exact: true });
  await expect.poll(() => kept.count(), { timeout: 600_000, interval: 2_000 }).toBe(1);
  const keptText = (await kept.textContent()) ?? "";
  console.log(`Kept variant: ${keptText}`);
  expect(percentOf(keptText)).toBeGreaterThan(0);
  expect(keptText).toMatch(/WASM|WebGL|WebGPU|CPU/);
  // a sweep, cancelled at a known point whatever the machine's speed: the page's test hook holds the sweep after
  // its second point (it shows "(3 of N)" and waits); Cancel then keeps exactly the two points measured
  const sparsitySymbols = () => lab.getByRole("group", { name: "Accuracy vs sparsity" }).locator(".recharts-scatter-symbol").count();
  const symbolsBefore = await sparsitySymbols();
  await expect.poll(() => lab.getByRole("button", { name: "Run sweep", exact: true }).isEnabled(), { timeout: 300_000 }).toBe(true);
  await page.evaluate(() => { (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks = { holdSweepAfterPoints: 2 }; });
  await lab.getByRole("button", { name: "Run sweep", exact: true }).click();
  const progress = lab.getByRole("progressbar", { name: "Compression progress" });
  await expect.poll(async () => (await lab.textContent()) ?? "", { timeout: 600_000, interval: 1_000 }).toMatch(/\(3 of \d+\)/);
  await lab.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect.poll(() => progress.count(), { timeout: 120_000, interval: 1_000 }).toBe(0);
  await page.evaluate(() => { delete (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks; });
  await expect.poll(sparsitySymbols, { timeout: 30_000 }).toBeGreaterThanOrEqual(symbolsBefore + 2); // a live point may join them
  expect(await lab.getByText(/The sweep was cancelled after 2 of \d+ points/).count()).toBe(1);
  await lab.scrollIntoViewIfNeeded();
  await snap(page, "compression-1280x800", true);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "compression-390x844", true);
  expect(problems).toEqual([]);
}, 900_000);

it("look inside: a confusion-matrix cell opens its images, activations render, and a drawn digit is read by the baseline and the kept variant", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const matrix = inspect.getByRole("region", { name: "Confusion matrix", exact: true });
  const cells = matrix.getByRole("button", { name: /^True .+, predicted .+: \d+ images$/ });
  await expect.poll(() => cells.count(), { timeout: 600_000, interval: 2_000 }).toBe(100);
  const cellLabels = (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""))).map((label) => {
    const [, t, p, n] = /^True (.+), predicted (.+): (\d+) images$/.exec(label) ?? [];
    return { label, t, p, n: Number(n) };
  });
  expect(cellLabels.reduce((sum, c) => sum + c.n, 0)).toBe(10_000);
  const worst = cellLabels.filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n)[0];
  console.log(`Most confused: ${worst.label}`);
  await matrix.getByRole("button", { name: worst.label, exact: true }).click();
  const cellImages = matrix.getByRole("list", { name: `Images: true ${worst.t}, predicted ${worst.p}` }).locator(":scope > li"); // each holds its own top-3 list
  await expect.poll(() => cellImages.count(), { timeout: 120_000 }).toBe(Math.min(24, worst.n));
  expect(await cellImages.first().textContent()).toContain(`true ${worst.t}`);
  const misclassified = inspect.getByRole("region", { name: "Misclassified", exact: true });
  await expect.poll(() => misclassified.getByRole("listitem").count(), { timeout: 120_000 }).toBeGreaterThan(0);
  // the activation maps of the first test image: a row per layer, canvases drawn
  const activations = inspect.getByRole("region", { name: "Activations", exact: true });
  await expect.poll(() => activations.getByRole("img", { name: /^layer1_conv2d \(Conv2D\) output \d+×\d+×\d+$/ }).count(), { timeout: 300_000 }).toBe(1);
  expect(await activations.locator("canvas").count()).toBeGreaterThan(5);
  const filters = inspect.getByRole("region", { name: "Filters", exact: true });
  expect(await filters.locator("canvas").count()).toBeGreaterThan(0);
  // draw a stroke: the baseline and the kept variant read it
  const pad = inspect.getByLabel("Drawing pad", { exact: true });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.8, { steps: 12 });
  await page.mouse.up();
  const baselineReads = inspect.getByLabel("Prediction: Baseline", { exact: true });
  await expect.poll(() => baselineReads.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
  const variantReads = inspect.getByLabel("Prediction: 50% filters · int8 per-channel", { exact: true });
  expect(await variantReads.count()).toBe(1);
  const read = async (figure: typeof baselineReads) => ((await figure.locator("figcaption").textContent()) ?? "").trim();
  console.log(`A drawn vertical stroke: ${await read(baselineReads)}; ${await read(variantReads)}`);
  expect(await read(baselineReads)).toMatch(/Baseline \d \(\d+\.\d%\)/);
  await snap(page, "inspect-1280x800", true);
  await inspect.getByRole("button", { name: "Clear drawing", exact: true }).click();
  await expect.poll(() => baselineReads.count()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "inspect-390x844", true);
  expect(problems).toEqual([]);
}, 900_000);

/** The first percentage with two decimals in a text (saved models and load messages show two). */
const percent2 = (text: string) => Number(/(\d+\.\d\d)%/.exec(text)?.[1] ?? Number.NaN);

let savedAccuracy = Number.NaN;

it("saves the model, exports it, and tfjs in Node loads the files and measures the page's test accuracy; Import reads them back", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const panel = page.getByRole("region", { name: "Share, save and export" });
  await panel.getByLabel("Name", { exact: true }).fill("e2e tiny");
  await panel.getByRole("button", { name: "Save model", exact: true }).click();
  const saved = page.getByRole("list", { name: "Saved models" }).getByRole("listitem").filter({ hasText: "e2e tiny" });
  await expect.poll(() => saved.count(), { timeout: 120_000 }).toBe(1);
  savedAccuracy = percent2((await saved.textContent()) ?? "");
  expect(savedAccuracy).toBeGreaterThan(90);

  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));
  await panel.getByRole("button", { name: "Export model", exact: true }).click();
  await expect.poll(() => downloads.length, { timeout: 120_000 }).toBe(2);
  const files = new Map(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), await readFile(await d.path())] as const)));
  expect([...files.keys()].sort()).toEqual(["model.json", "weights.bin"]);
  const modelJson = JSON.parse(files.get("model.json")!.toString("utf8")) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const weights = files.get("weights.bin")!;
  await tf.setBackend("wasm");
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
  const testBytes = await (await fetch(`${baseUrl}datasets/mnist-test.bin`)).arrayBuffer();
  const evaluation = await evaluateModel(model, decodeDatasetFile(testBytes), 10);
  model.dispose();
  console.log(`Exported Tiny in Node tfjs (wasm): test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% on ${evaluation.count} images; the page saved ${savedAccuracy}%`);
  // the same weights and the same images: at most one image in 10,000 may round differently on another build of the kernels
  expect(Math.abs(evaluation.accuracy * 100 - savedAccuracy)).toBeLessThanOrEqual(0.011);

  // Import model: the person picks both files; they are checked, loaded and measured again
  await panel.locator('input[type="file"]').setInputFiles([...files].map(([name, buffer]) => ({ name, mimeType: "application/octet-stream", buffer })));
  const status = panel.getByRole("status").filter({ hasText: /Imported model\.json/ });
  await expect.poll(() => status.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
  const imported = (await status.textContent()) ?? "";
  console.log(imported);
  expect(percent2(imported)).toBe(savedAccuracy);
  await snap(page, "saved-exported-1280x800", true);
  expect(problems).toEqual([]);
}, 900_000);

it("a saved model survives a reload: loading it gives the same test accuracy", async () => {
  await page.reload({ timeout: 180_000 });
  const panel = page.getByRole("region", { name: "Share, save and export" });
  const saved = page.getByRole("list", { name: "Saved models" }).getByRole("listitem").filter({ hasText: "e2e tiny" });
  await expect.poll(() => saved.count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => page.getByRole("button", { name: "Train", exact: true }).isEnabled(), { timeout: 240_000 }).toBe(true);
  await saved.getByRole("button", { name: "Load e2e tiny" }).click();
  const status = panel.getByRole("status").filter({ hasText: /Loaded "e2e tiny"/ });
  await expect.poll(() => status.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
  const text = (await status.textContent()) ?? "";
  console.log(text);
  expect(percent2(text)).toBe(savedAccuracy);
  await expect.poll(() => page.getByLabel("Test accuracy").count()).toBe(1);
  expect(problems).toEqual([]);
}, 600_000);
