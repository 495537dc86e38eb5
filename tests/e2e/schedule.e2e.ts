import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { LONG_TINY, buttonNamed, expectNoOverflow, launchBrowser, openApp, snap } from "./browser.ts";

// The learning-rate schedule: chosen in the Training panel, drawn small, followed by the trainer (the progress line
// shows the current rate), carried by the link and restored from it.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

it("cosine with warm-up: the curve, the rate while training, lrs= in the link, and the select restored from it", async () => {
  const { page, problems } = await openApp(browser, baseUrl, `${LONG_TINY}&be=wasm`);
  const select = page.getByLabel("Learning-rate schedule", { exact: true });
  await select.selectOption("cosine");
  const warmup = page.getByLabel("Warm-up steps", { exact: true });
  await warmup.fill("200");
  await warmup.press("Tab");
  const sparkline = page.getByTestId("schedule-sparkline");
  await expect.poll(() => sparkline.isVisible()).toBe(true);
  await expect
    .poll(() => sparkline.getByRole("img").getAttribute("aria-label"))
    .toMatch(/^Learning rate from 0\.000025 at the first step to 0 at step \d+/);
  await expect.poll(() => page.url()).toContain("lrs=cos,w200");
  const link = page.url();
  await sparkline.scrollIntoViewIfNeeded();
  await snap(page, "schedule-1280x800", false);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await sparkline.scrollIntoViewIfNeeded();
  await snap(page, "schedule-390x844", false);
  await page.setViewportSize({ width: 1280, height: 800 });

  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await buttonNamed(page, "Train").click();
  const rate = page.getByLabel("Current learning rate");
  await expect.poll(() => rate.count(), { timeout: 240_000, interval: 250 }).toBe(1);
  // during the warm-up the rate grows from 0.005/200 towards 0.005
  const shown = Number(await rate.textContent());
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThanOrEqual(0.005);
  await rate.scrollIntoViewIfNeeded();
  await snap(page, "schedule-training-1280x800", false);
  expect(problems).toEqual([]);
  await page.close(); // closed while it trains: Stop would test 10,000 images

  const reopened = await openApp(browser, baseUrl, link.slice(link.indexOf("#")));
  const restored = reopened.page.getByLabel("Learning-rate schedule", { exact: true });
  await expect.poll(() => restored.inputValue()).toBe("cosine");
  expect(await reopened.page.getByLabel("Warm-up steps", { exact: true }).inputValue()).toBe("200");
  expect(reopened.problems).toEqual([]);
  await reopened.page.close();
}, 600_000);
