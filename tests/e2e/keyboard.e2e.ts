import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { LONG_TINY, buttonNamed, expectNoOverflow, launchBrowser, openApp, snap } from "./browser.ts";
import { openWithTinyModel } from "./tinyModel.ts";

// Keyboard and screen-reader use: the page's one live region, layer moves said aloud, the charts as tables, the
// drawing pad by keyboard, and reduced motion.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Tiny for 2 short epochs: 1% of the training images (9 batches an epoch), so epochs end within seconds. */
const SHORT_TINY = "#v=1&ds=mnist&l=c8k5,mp2,c16k5,mp2,f&opt=adam&lr=0.005&bs=64&ep=2&vf=0.1&seed=42&tf=0.01&be=wasm";

/**
 * Records every text the page's live region shows: it holds a message for 3 s at least, but a stalled test machine
 * may look less often than that.
 */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.getByRole("status", { name: "Announcements" }).evaluate((region) => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => said.push((region.textContent ?? "").trim())).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said.slice());
}

it("announces a layer move, the run's start, its epochs and its end in one polite region; the curves read as tables", async () => {
  const { page, problems } = await openApp(browser, baseUrl, SHORT_TINY);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  const said = await recordAnnouncements(page);
  // the region says the run's start and end: the status pill no longer does
  expect(await page.locator(".status-pill").getAttribute("role")).toBeNull();

  // Alt+↓ moves the focused card and says where it went; Alt+↑ puts it back (the preset is Tiny again)
  const second = page.getByRole("listitem", { name: /^Layer 2: / });
  const kind = ((await second.getAttribute("aria-label")) ?? "").replace(/^Layer 2: /, "");
  await second.focus();
  await page.keyboard.press("Alt+ArrowDown");
  await expect.poll(() => page.getByRole("listitem", { name: `Layer 3: ${kind}` }).count()).toBeGreaterThan(0);
  await expect.poll(said, { timeout: 30_000 }).toContain(`Moved ${kind} to position 3 of 5`);
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(said, { timeout: 30_000 }).toContain(`Moved ${kind} to position 2 of 5`);
  expect(await page.getByLabel("Preset", { exact: true }).inputValue()).toBe("tiny");

  await buttonNamed(page, "Train").click();
  await expect
    .poll(said, { timeout: 120_000, interval: 500 })
    .toContain("Training started: Tiny on MNIST digits, 2 epochs");
  const epochSaid = async () => (await said()).filter((t) => /^Epoch \d of 2: validation accuracy \d+\.\d%$/.test(t));
  await expect.poll(async () => (await epochSaid()).length, { timeout: 600_000, interval: 1_000 }).toBeGreaterThan(0);
  await expect
    .poll(async () => (await said()).some((t) => /^Training finished: test accuracy \d+\.\d%$/.test(t)), {
      timeout: 600_000,
      interval: 1_000,
    })
    .toBe(true);
  const all = await said();
  console.log(`Announced: ${all.join(" | ")}`);
  // paced: no per-batch flood, and the start comes before every epoch
  expect(all.length).toBeLessThan(10);
  expect(all.indexOf("Training started: Tiny on MNIST digits, 2 epochs")).toBeLessThan(
    all.indexOf((await epochSaid())[0]),
  );

  // the per-epoch chart as a table: two epochs, the last one's validation accuracy as the region said it
  const epochFigure = page.getByRole("figure", { name: "Validation and training loss and accuracy per epoch" });
  await epochFigure.getByText("Values as a table", { exact: true }).click();
  const epochTable = epochFigure.getByRole("table", { name: "Loss and accuracy per epoch" });
  await expect.poll(() => epochTable.getByRole("row").count(), { timeout: 30_000 }).toBe(3);
  const headers = await epochTable.getByRole("columnheader").allTextContents();
  expect(headers).toEqual(["Epoch", "Training loss", "Training accuracy", "Validation loss", "Validation accuracy"]);
  const last = await epochTable.getByRole("row").nth(2).getByRole("cell").allTextContents();
  const lastSaid = (await epochSaid()).at(-1)!;
  expect(lastSaid).toContain(`validation accuracy ${last[3]}`);
  const batchFigure = page.getByRole("figure", { name: "Training loss and accuracy per batch" });
  await batchFigure.getByText("Values as a table", { exact: true }).click();
  const batchRows = batchFigure.getByRole("table").getByRole("row");
  // the header and the last batches kept (2 epochs of about 9 batches, at most 20 rows)
  await expect.poll(() => batchRows.count(), { timeout: 30_000 }).toBeGreaterThan(10);
  expect(await batchRows.count()).toBeLessThanOrEqual(21);
  expect(await batchRows.nth(1).getByRole("cell").first().textContent()).toMatch(/^\d+\.\d{4}$/);
  await epochFigure.scrollIntoViewIfNeeded();
  await snap(page, "a11y-tables-1280x800", false);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await epochFigure.scrollIntoViewIfNeeded();
  await snap(page, "a11y-tables-390x844", false);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);

it("draws a digit by keyboard that every model reads; reduced motion stops the transitions", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm`);
  // a switch in the lab slides its knob: 0.15 s normally, nothing with reduced motion
  const toggle = page.locator(".lab-switch__input").first();
  await expect.poll(() => toggle.count(), { timeout: 120_000 }).toBe(1);
  const duration = () => toggle.evaluate((e) => parseFloat(getComputedStyle(e).transitionDuration) * 1000);
  await page.emulateMedia({ reducedMotion: "no-preference" });
  expect(await duration()).toBeGreaterThan(100);
  await page.emulateMedia({ reducedMotion: "reduce" });
  expect(await duration()).toBeLessThan(1);

  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const pad = inspect.getByRole("application", { name: "Drawing pad" });
  await pad.scrollIntoViewIfNeeded();
  await expect.poll(() => pad.getAttribute("aria-disabled"), { timeout: 120_000 }).toBe("false");
  await pad.focus();
  // a "1": pen down in the middle, up 8, down 16, pen up
  await page.keyboard.press("Space");
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowUp");
  for (let i = 0; i < 16; i++) await page.keyboard.press("ArrowDown");
  expect(await inspect.locator(".drawing-pad__cursor--down").count()).toBe(1);
  await snap(page, "a11y-drawing-pen-down-1280x800", false);
  await page.keyboard.press("Space");
  expect(await inspect.getByText("Pen up, row 23, column 15.", { exact: false }).count()).toBe(1);
  const baselineReads = inspect.getByLabel("Prediction: Baseline", { exact: true });
  await expect.poll(() => baselineReads.count(), { timeout: 300_000, interval: 1_000 }).toBe(1);
  const read = ((await baselineReads.locator("figcaption").textContent()) ?? "").trim();
  console.log(`A keyboard-drawn vertical stroke: ${read}`);
  expect(read).toMatch(/Baseline \d \(\d+\.\d%\)/);
  expect(await inspect.getByRole("img", { name: "Your drawing, as the models see it (28×28)" }).count()).toBe(1);
  await pad.scrollIntoViewIfNeeded();
  await snap(page, "a11y-drawing-1280x800", false);
  // the lab's latency chart as a table: the baseline's accuracy, packed size and p50/p95 latency
  const latency = page.getByRole("group", { name: "Accuracy vs latency", exact: true });
  const latencyToggle = latency.getByText("Values as a table", { exact: true });
  await expect.poll(() => latencyToggle.count(), { timeout: 600_000, interval: 2_000 }).toBe(1);
  await latencyToggle.click();
  const baselineRow = latency
    .getByRole("table", { name: "Accuracy vs latency" })
    .getByRole("row", { name: /^Baseline Baseline / });
  await expect.poll(() => baselineRow.count(), { timeout: 30_000 }).toBe(1);
  const cells = await baselineRow.getByRole("cell").allTextContents();
  console.log(`Latency table, baseline: ${cells.join(" | ")}`);
  expect(cells[1]).toMatch(/^\d+\.\d%$/);
  expect(cells[2]).toMatch(/ KB$/);
  expect(cells[3]).toMatch(/ ms$/);
  expect(cells[4]).toMatch(/ ms$/);
  await latency.scrollIntoViewIfNeeded();
  await snap(page, "a11y-lab-table-1280x800", false);
  // Delete clears, as the hint says
  await pad.focus();
  await page.keyboard.press("Delete");
  await expect.poll(() => baselineReads.count()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await pad.scrollIntoViewIfNeeded();
  await snap(page, "a11y-drawing-390x844", false);
  await latency.scrollIntoViewIfNeeded();
  await snap(page, "a11y-lab-table-390x844", false);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);
