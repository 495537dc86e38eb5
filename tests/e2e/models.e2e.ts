import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Download, Page } from "playwright-core";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { decodeDatasetFile } from "../../src/core/data/datasetFormat.ts";
import { evaluateModel } from "../../src/core/train/trainLoopEvaluate.ts";
import { buttonNamed, launchBrowser, snap } from "./browser.ts";
import { importModelFiles, openWithTinyModel, percent2 } from "./tinyModel.ts";

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
  await expect.poll(() => saved.count(), { timeout: 120_000 }).toBe(1);
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
  const testBytes = await (await fetch(`${baseUrl}datasets/mnist-test.bin`)).arrayBuffer();
  const evaluation = await evaluateModel(model, decodeDatasetFile(testBytes), 10);
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
