import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  LONG_TINY,
  artifactDir,
  buttonNamed,
  expectNoOverflow,
  launchBrowser,
  openApp,
  snap,
  batchShown,
} from "./browser.ts";

// Compare runs: three short runs of Tiny with different learning rates; the two earlier ones ticked and overlaid on
// the current one, with what differs listed; the runs (and the choice) survive a reload; Restore sets a run's experiment.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const button = buttonNamed;

/** Trains a few batches, stops, and waits for the stopped run's evaluation. */
async function trainFewBatches(page: Page, runs: number): Promise<void> {
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  const batchesDone = () => batchShown(page);
  await expect.poll(batchesDone, { timeout: 300_000, interval: 500 }).toBeGreaterThanOrEqual(3);
  await button(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 280_000, interval: 1_000 }).toBe(1);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 60_000 }).toBe(true);
  // the finished run is the newest: the table lists the runs before it
  await expect.poll(() => page.getByRole("checkbox", { name: /^Compare run / }).count()).toBe(runs - 1);
}

/** Close-ups of the curves and the results, for people to look at (artifacts, not assertions). */
async function snapPanels(page: Page, size: string): Promise<void> {
  for (const name of ["Curves", "Results"]) {
    const panel = page.locator("section.panel").filter({ has: page.getByRole("heading", { name, exact: true }) });
    await panel
      .screenshot({ path: `${artifactDir()}compare-${name.toLowerCase()}-${size}.png`, timeout: 60_000 })
      .catch((error: unknown) => console.warn(`Screenshot of ${name} not saved: ${String(error).split("\n")[0]}`));
  }
}

async function setLearningRate(page: Page, value: string): Promise<void> {
  await page.getByLabel("Learning rate", { exact: true }).fill(value);
  await expect.poll(async () => new URL(page.url()).hash).toContain(`lr=${value}`);
}

it("overlays two earlier runs with their legend and differences; they survive a reload; Restore sets a run's experiment", async () => {
  const { page, problems } = await openApp(browser, baseUrl, `${LONG_TINY.replace("lr=0.005", "lr=0.001")}&be=wasm`);
  await trainFewBatches(page, 1);
  await setLearningRate(page, "0.01");
  await trainFewBatches(page, 2);
  await setLearningRate(page, "0.02");
  await trainFewBatches(page, 3);

  await page.getByRole("checkbox", { name: "Compare run 1", exact: true }).check();
  // keyboard: a focused checkbox ticks with Space
  await page.getByRole("checkbox", { name: "Compare run 2", exact: true }).focus();
  await page.keyboard.press("Space");
  await expect.poll(() => page.getByRole("checkbox", { name: "Compare run 2" }).isChecked()).toBe(true);

  const perBatch = page.getByRole("figure", { name: "Training loss and accuracy per batch" });
  await expect.poll(() => perBatch.locator(".compare-curves path.recharts-curve").count()).toBe(4);
  await expect.poll(() => perBatch.locator(".compare-curves").count()).toBe(2);
  const legend = page.getByRole("list", { name: "Compared runs" });
  await expect.poll(() => legend.getByRole("listitem").count()).toBe(2);
  await expect.poll(async () => (await legend.textContent()) ?? "").toMatch(/Run 1: .*learning rate 0\.001 → 0\.02/);
  await expect.poll(async () => (await legend.textContent()) ?? "").toMatch(/Run 2: .*learning rate 0\.01 → 0\.02/);
  await snap(page, "compare-1280x800", true);
  await snapPanels(page, "1280x800");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "compare-390x844", true);
  await snapPanels(page, "390x844");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.reload();
  await expect.poll(() => page.getByRole("checkbox", { name: /^Compare run / }).count(), { timeout: 120_000 }).toBe(2);
  expect(await page.getByRole("checkbox", { name: "Compare run 1" }).isChecked()).toBe(true);
  await expect.poll(() => page.getByRole("list", { name: "Compared runs" }).getByRole("listitem").count()).toBe(2);

  await button(page, "Restore run 1's experiment").click();
  await expect.poll(async () => new URL(page.url()).hash).toContain("lr=0.001");
  await expect.poll(() => page.getByLabel("Learning rate", { exact: true }).inputValue()).toBe("0.001");

  // Clear runs asks first; the earlier runs go for good (a reload does not bring them back)
  await button(page, "Clear runs…").click();
  await page.getByRole("group", { name: "Confirm clearing runs" }).getByRole("button", { name: "Delete runs" }).click();
  await expect.poll(() => page.getByRole("checkbox", { name: /^Compare run / }).count()).toBe(0);
  await expect.poll(() => page.getByRole("list", { name: "Compared runs" }).count()).toBe(0);
  await page.reload();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 120_000 }).toBe(1);
  expect(await page.getByRole("checkbox", { name: /^Compare run / }).count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);
