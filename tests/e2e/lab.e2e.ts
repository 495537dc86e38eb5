import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { LONG_TINY, expectNoOverflow, launchBrowser, snap } from "./browser.ts";
import { keepVariant, openWithTinyModel, percentOf } from "./tinyModel.ts";

// The compression lab on a trained model: each test imports the trained-Tiny fixture into a fresh page.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("compression lab: Pruning on at 50% adds a live point and changes the accuracy; latency comes with its backend", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl);
  const lab = page.getByRole("region", { name: "Compression lab" });
  const table = lab.getByRole("table", { name: "Variants, measured" });
  // the baseline is measured as soon as the model is there
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
  await page.close();
}, 900_000);

it("compression lab: keeps a filter-pruned int8 variant, and a sweep can be cancelled with its points kept", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl);
  const lab = page.getByRole("region", { name: "Compression lab" });
  await lab.getByRole("switch", { name: "Pruning" }).check();
  await lab.getByLabel("Pruning method", { exact: true }).selectOption({ label: "Filters" });
  await lab.getByRole("switch", { name: "Quantization" }).check();
  await lab.getByLabel("Weight bits", { exact: true }).selectOption({ label: "8" });
  const keptText = await keepVariant(page);
  console.log(`Kept variant: ${keptText}`);
  expect(percentOf(keptText)).toBeGreaterThan(0);
  expect(keptText).toMatch(/WASM|WebGL|WebGPU|CPU/);
  // a sweep, cancelled at a known point whatever the machine's speed: the page's test hook holds the sweep after
  // its second point (it shows "(3 of N)" and waits); Cancel then keeps exactly the two points measured
  const sparsitySymbols = () =>
    lab.getByRole("group", { name: "Accuracy vs sparsity" }).locator(".recharts-scatter-symbol").count();
  const symbolsBefore = await sparsitySymbols();
  await expect
    .poll(() => lab.getByRole("button", { name: "Run sweep", exact: true }).isEnabled(), { timeout: 300_000 })
    .toBe(true);
  await page.evaluate(() => {
    (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks = { holdSweepAfterPoints: 2 };
  });
  await lab.getByRole("button", { name: "Run sweep", exact: true }).click();
  const progress = lab.getByRole("progressbar", { name: "Compression progress" });
  await expect
    .poll(async () => (await lab.textContent()) ?? "", { timeout: 600_000, interval: 1_000 })
    .toMatch(/\(3 of \d+\)/);
  await lab.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect.poll(() => progress.count(), { timeout: 120_000, interval: 1_000 }).toBe(0);
  await page.evaluate(() => {
    delete (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks;
  });
  await expect.poll(sparsitySymbols, { timeout: 30_000 }).toBeGreaterThanOrEqual(symbolsBefore + 2); // a live point may join them
  expect(await lab.getByText(/The sweep was cancelled after 2 of \d+ points/).count()).toBe(1);
  await lab.scrollIntoViewIfNeeded();
  await snap(page, "compression-1280x800", true);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "compression-390x844", true);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);

it("ONNX Runtime as a second runtime: a W8A8 variant runs on integer kernels, with its own int8 accuracy and latency", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm&q=on,act`);
  const lab = page.getByRole("region", { name: "Compression lab" });
  await lab.getByRole("checkbox", { name: /Time on ONNX Runtime too/ }).check();
  const name = "int8 per-channel · int8 activations";
  const row = await keepVariant(page, name);
  console.log(`W8A8 variant with ONNX Runtime: ${row}`);
  expect(row).toMatch(/ONNX Runtime: \d/); // its latency beside tfjs's
  expect(row).toMatch(/int8 kernels \(W8A8, QDQ\)/);
  expect(row).toMatch(/real int8 \(ONNX Runtime\): \d+\.\d%/);
  // Tiny's first convolution reads the one-channel image: the row says it and its pooling run on float32 kernels
  expect(row).toMatch(/measured int8 kernels .* after layers 1–2 \(Conv2D, MaxPool2D\), which run on float32 kernels/);
  const table = lab.getByRole("table", { name: "Variants, measured" });
  // the baseline is timed in ONNX Runtime too, on float kernels
  await expect
    .poll(async () => (await table.getByRole("row", { name: "Baseline", exact: true }).textContent()) ?? "", {
      timeout: 120_000,
    })
    .toMatch(/ONNX Runtime: \d/);
  await lab.getByLabel("Latency runtime").selectOption("onnx");
  await expect
    .poll(() => lab.getByRole("group", { name: "Accuracy vs latency" }).textContent())
    .toContain("ONNX Runtime");
  await snap(page, "lab-onnx-runtime-1280x800", true);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);

it("ONNX Runtime that cannot load (its binary gone): the variant keeps its tfjs measurement and the table says why", async () => {
  // no service worker: its cache of ONNX Runtime's binaries would answer before page.route
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm&q=on`, "block");
  await page.context().route(/ort-wasm-simd-threaded.*\.wasm$/, (route) => route.fulfill({ status: 404, body: "" }));
  const lab = page.getByRole("region", { name: "Compression lab" });
  await lab.getByRole("checkbox", { name: /Time on ONNX Runtime too/ }).check();
  const row = await keepVariant(page, "int8 per-channel");
  console.log(`Variant with ONNX Runtime unreachable: ${row}`);
  expect(row).toMatch(/ONNX Runtime: –.*did not run: ONNX Runtime did not load \(HTTP 404\)/);
  expect(row).toMatch(/WASM · WebAssembly SIMD/); // tfjs's timing is there
  // the 404 is the one console error this test causes on purpose
  expect(problems.filter((p) => !/404|Failed to load resource/.test(p))).toEqual([]);
  await page.close();
}, 900_000);
