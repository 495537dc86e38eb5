import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Page, Browser } from "playwright-core";
import { LONG_TINY, batchShown, buttonNamed, expectNoOverflow, launchBrowser, openApp, snap } from "./browser.ts";

// Step: exactly one batch per press, read from the counter's text ("Batch N of M"); Tiny, a handful of batches.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until no step is under way (the Step button takes presses again) and the run is paused. */
async function stepDone(page: Page): Promise<void> {
  const step = buttonNamed(page, "Step");
  await expect.poll(() => step.getAttribute("aria-disabled"), { timeout: 240_000 }).toBeNull();
  await expect.poll(() => buttonNamed(page, "Resume").count(), { timeout: 240_000 }).toBe(1);
}

it("Step trains exactly one batch per press: before a run, while paused, after a pause, and with the S key", async () => {
  const { page, problems } = await openApp(browser, baseUrl, LONG_TINY);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  const step = buttonNamed(page, "Step");
  expect(await step.getAttribute("aria-keyshortcuts")).toBe("S");

  // before the first batch: the run starts and pauses after exactly one batch, with its gradient norms
  await step.click();
  await stepDone(page);
  await expect.poll(() => batchShown(page), { timeout: 60_000 }).toBe(1);
  const report = page.getByRole("region", { name: "Last step" });
  await expect.poll(() => report.getByRole("row").count(), { timeout: 60_000 }).toBeGreaterThan(2);
  expect(await report.textContent()).toMatch(/loss \d/);

  // while paused: +1
  await step.click();
  await stepDone(page);
  expect(await batchShown(page)).toBe(2);
  // the change of every filter of both conv layers (8 and 16 filters), and the filters it changed most framed
  const changes = report.getByRole("table", { name: /How much the step changed each filter/ });
  await expect.poll(() => changes.getByRole("row").count(), { timeout: 60_000 }).toBe(3);
  expect(await changes.textContent()).toMatch(/layer1_conv2d.*max \d.*%.*layer3_conv2d/);
  const filters = page.getByRole("region", { name: "Filters", exact: true });
  await expect
    .poll(() => filters.textContent(), { timeout: 60_000 })
    .toMatch(/layer1_conv2d: 8 filters of 5×5; the Step changed filters (\d+, ){1}\d+ most/);
  await filters.scrollIntoViewIfNeeded();
  await snap(page, "step-filters-1280", false);

  // the S key (focus on the page, not in a field): +1
  await page.locator("body").focus();
  await page.keyboard.press("s");
  await stepDone(page);
  expect(await batchShown(page)).toBe(3);

  // resume, let it train a little, pause: after the pause took hold, each Step is +1 again
  await buttonNamed(page, "Resume").click();
  await expect.poll(() => batchShown(page), { timeout: 120_000 }).toBeGreaterThan(4);
  await buttonNamed(page, "Pause").click();
  await expect.poll(() => buttonNamed(page, "Resume").count(), { timeout: 120_000 }).toBe(1);
  // a batch under way when Pause came is finished and shown; the first Step then trains one more
  const beforeStep = await batchShown(page);
  await step.click();
  await stepDone(page);
  const afterFirst = await batchShown(page);
  expect(afterFirst).toBeGreaterThan(beforeStep);
  await step.click();
  await stepDone(page);
  expect(await batchShown(page)).toBe(afterFirst + 1);

  await snap(page, "step-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await report.scrollIntoViewIfNeeded();
  await snap(page, "step-390", false);
  await buttonNamed(page, "Stop").click();
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);
