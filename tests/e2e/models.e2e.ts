import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Download, Page } from "playwright-core";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { loadDataset } from "../../src/core/data/loadDataset.ts";
import { evaluateModel } from "../../src/core/train/trainLoopEvaluate.ts";
import { LONG_TINY, buttonNamed, launchBrowser, snap } from "./browser.ts";
import * as ort from "onnxruntime-web";
import {
  FILTER_INT8,
  KEPT_VARIANT,
  importModelFiles,
  keepVariant,
  openWithTinyModel,
  percent2,
  percentOf,
} from "./tinyModel.ts";

// Saved, exported and imported models: each test imports the trained-Tiny fixture into a fresh page first.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Saves the page's model as `name`; returns the test accuracy its row in Saved models shows. */
async function saveAs(page: Page, name: string): Promise<number> {
  const panel = page.getByRole("region", { name: "Share, save and export" });
  await panel.getByLabel("Name", { exact: true }).fill(name);
  await panel.getByRole("button", { name: "Save model", exact: true }).click();
  const saved = page.getByRole("list", { name: "Saved models" }).getByRole("listitem").filter({ hasText: name });
  await expect
    // a save waits for the trainer worker, which may still be measuring the imported model's baseline on a slow machine
    .poll(() => saved.count(), { timeout: 240_000 })
    .toBe(1)
    .catch(async (error: unknown) => {
      // what the panel said (busy text, message, alert) tells a hung save from a refused one
      const said = (await panel.locator("[role=status], [role=alert]").allTextContents()).join(" | ");
      throw new Error(`Save did not list "${name}"; the panel says: "${said}"`, { cause: error });
    });
  return percent2((await saved.textContent()) ?? "");
}

it("saves the model, exports it, and tfjs in Node loads the files and measures the page's test accuracy; Import reads them back", async () => {
  const { page, problems, accuracy } = await openWithTinyModel(browser, baseUrl);
  const panel = page.getByRole("region", { name: "Share, save and export" });
  const savedAccuracy = await saveAs(page, "e2e tiny");
  expect(savedAccuracy).toBeGreaterThan(90);
  expect(savedAccuracy).toBe(accuracy);

  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));
  await panel.getByRole("button", { name: "Export model", exact: true }).click();
  await expect.poll(() => downloads.length, { timeout: 120_000 }).toBe(2);
  const files = new Map(
    await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), await readFile(await d.path())] as const)),
  );
  expect([...files.keys()].sort()).toEqual(["model.json", "weights.bin"]);
  const modelJson = JSON.parse(files.get("model.json")!.toString("utf8")) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = files.get("weights.bin")!;
  await tf.setBackend("wasm");
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const evaluation = await evaluateModel(model, await mnistTest(), 10);
  model.dispose();
  console.log(
    `Exported Tiny in Node tfjs (wasm): test accuracy ${(evaluation.accuracy * 100).toFixed(2)}% on ${evaluation.count} images; the page saved ${savedAccuracy}%`,
  );
  // the same weights and the same images: at most one image in 10,000 may round differently on another build of the kernels
  expect(Math.abs(evaluation.accuracy * 100 - savedAccuracy)).toBeLessThanOrEqual(0.011);

  // Import model: the person picks both files the page exported; they are checked, loaded and measured again
  const imported = await importModelFiles(
    page,
    [...files].map(([name, buffer]) => ({ name, mimeType: "application/octet-stream", buffer })),
  );
  console.log(imported);
  expect(percent2(imported)).toBe(savedAccuracy);
  await snap(page, "saved-exported-1280x800", true);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);

it("a saved model survives a reload: loading it gives the same test accuracy", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl);
  const savedAccuracy = await saveAs(page, "e2e tiny");
  await page.reload({ timeout: 180_000 });
  const panel = page.getByRole("region", { name: "Share, save and export" });
  const saved = page.getByRole("list", { name: "Saved models" }).getByRole("listitem").filter({ hasText: "e2e tiny" });
  await expect.poll(() => saved.count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await saved.getByRole("button", { name: "Load e2e tiny" }).click();
  const status = panel.getByRole("status").filter({ hasText: /Loaded "e2e tiny"/ });
  await expect.poll(() => status.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
  const text = (await status.textContent()) ?? "";
  console.log(text);
  expect(percent2(text)).toBe(savedAccuracy);
  await expect.poll(() => page.getByLabel("Test accuracy").count()).toBe(1);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

/** MNIST's test split, downloaded from the preview server and decoded the app's way (loadDataset, in Node). */
const mnistTest = async () => (await loadDataset("mnist", `${baseUrl}datasets/`)).test;

/** Test accuracy of an ONNX file in ONNX Runtime (onnxruntime-web's WASM build in Node) on all of MNIST's test images. */
async function onnxAccuracy(bytes: Uint8Array): Promise<{ accuracy: number; count: number }> {
  ort.env.wasm.numThreads = 1;
  const test = await mnistTest();
  const session = await ort.InferenceSession.create(bytes);
  const size = test.rows * test.cols * test.channels;
  let correct = 0;
  for (let start = 0; start < test.count; start += 500) {
    const n = Math.min(500, test.count - start);
    const pixels = Float32Array.from(test.images.subarray(start * size, (start + n) * size), (v) => v / 255);
    const { probabilities } = await session.run({
      input: new ort.Tensor("float32", pixels, [n, test.rows, test.cols, test.channels]),
    });
    const p = probabilities.data as Float32Array;
    for (let i = 0; i < n; i++) {
      const row = p.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === test.labels[start + i]) correct++;
    }
  }
  await session.release();
  return { accuracy: (100 * correct) / test.count, count: test.count };
}

it("Export ONNX: the baseline and a kept int8 variant run in ONNX Runtime outside the app with the page's test accuracy", async () => {
  const { page, problems, accuracy } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm${FILTER_INT8}`);
  const panel = page.getByRole("region", { name: "Share, save and export" });
  const exportOnnx = async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      panel.getByRole("button", { name: "Export ONNX", exact: true }).click(),
    ]);
    await expect
      .poll(() => panel.getByRole("status").filter({ hasText: "Exported" }).count(), { timeout: 60_000 })
      .toBe(1);
    return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(await download.path())) };
  };
  const baseline = await exportOnnx();
  expect(baseline.name).toMatch(/\.onnx$/);
  const float32 = await onnxAccuracy(baseline.bytes);
  console.log(
    `Baseline ONNX (${(baseline.bytes.byteLength / 1024).toFixed(1)} KB) in ONNX Runtime: ${float32.accuracy.toFixed(2)}% on ${float32.count} images; the page: ${accuracy}%`,
  );
  expect(Math.abs(float32.accuracy - accuracy)).toBeLessThanOrEqual(0.1);

  // a kept variant (the link's 50% of the filters pruned, int8 per-channel weights): a smaller file that scores as the lab says
  const row = await keepVariant(page);
  await panel.getByLabel("Which model").selectOption({ label: `Variant V1: ${KEPT_VARIANT}` });
  const variant = await exportOnnx();
  const int8 = await onnxAccuracy(variant.bytes);
  console.log(
    `Variant ONNX (${(variant.bytes.byteLength / 1024).toFixed(1)} KB) in ONNX Runtime: ${int8.accuracy.toFixed(2)}%; the lab: ${row}`,
  );
  expect(variant.bytes.byteLength).toBeLessThan(baseline.bytes.byteLength * 0.3);
  expect(Math.abs(int8.accuracy - percentOf(row))).toBeLessThanOrEqual(0.1);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);
