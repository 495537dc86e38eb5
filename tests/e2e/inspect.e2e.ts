import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { LONG_TINY, expectNoOverflow, launchBrowser, snap } from "./browser.ts";
import { FILTER_INT8, KEPT_VARIANT, keepVariant, openWithTinyModel } from "./tinyModel.ts";

// Look inside a trained model: the test imports the trained-Tiny fixture into a fresh page whose link sets the
// lab to a filter-pruned int8 variant, and keeps it.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("look inside: a confusion-matrix cell opens its images, activations render, and a drawn digit is read by the baseline and the kept variant", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm${FILTER_INT8}`);
  await keepVariant(page);
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const matrix = inspect.getByRole("region", { name: "Confusion matrix", exact: true });
  const cells = matrix.getByRole("button", { name: /^True .+, predicted .+: \d+ images$/ });
  await expect.poll(() => cells.count(), { timeout: 600_000, interval: 2_000 }).toBe(100);
  const cellLabels = (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""))).map(
    (label) => {
      const [, t, p, n] = /^True (.+), predicted (.+): (\d+) images$/.exec(label) ?? [];
      return { label, t, p, n: Number(n) };
    },
  );
  expect(cellLabels.reduce((sum, c) => sum + c.n, 0)).toBe(10_000);
  const worst = cellLabels.filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n)[0];
  console.log(`Most confused: ${worst.label}`);
  await matrix.getByRole("button", { name: worst.label, exact: true }).click();
  const cellImages = matrix
    .getByRole("list", { name: `Images: true ${worst.t}, predicted ${worst.p}` })
    .locator(":scope > li"); // each holds its own top-3 list
  await expect.poll(() => cellImages.count(), { timeout: 120_000 }).toBe(Math.min(24, worst.n));
  expect(await cellImages.first().textContent()).toContain(`true ${worst.t}`);
  const misclassified = inspect.getByRole("region", { name: "Misclassified", exact: true });
  await expect.poll(() => misclassified.getByRole("listitem").count(), { timeout: 120_000 }).toBeGreaterThan(0);
  // the activation maps of the first test image: a row per layer, canvases drawn
  const activations = inspect.getByRole("region", { name: "Activations", exact: true });
  await expect
    .poll(() => activations.getByRole("img", { name: /^layer1_conv2d \(Conv2D\) output \d+×\d+×\d+$/ }).count(), {
      timeout: 300_000,
    })
    .toBe(1);
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
  const variantReads = inspect.getByLabel(`Prediction: ${KEPT_VARIANT}`, { exact: true });
  expect(await variantReads.count()).toBe(1);
  const read = async (figure: typeof baselineReads) =>
    ((await figure.locator("figcaption").textContent()) ?? "").trim();
  console.log(`A drawn vertical stroke: ${await read(baselineReads)}; ${await read(variantReads)}`);
  expect(await read(baselineReads)).toMatch(/Baseline \d \(\d+\.\d%\)/);
  await snap(page, "inspect-1280x800", true);
  await inspect.getByRole("button", { name: "Clear drawing", exact: true }).click();
  await expect.poll(() => baselineReads.count()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "inspect-390x844", true);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);
