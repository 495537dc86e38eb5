import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { readFile } from "node:fs/promises";
import { LONG_TINY, artifactDir, buttonNamed, expectNoOverflow, launchBrowser, openApp, snap } from "./browser.ts";
import { openWithTinyModel } from "./tinyModel.ts";

// The network diagram above the layer cards: a block per layer named like its card, following edits.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("draws a block per layer, gains one when a layer is added, focuses a card on click, and shows the invalid layer", async () => {
  const { page, problems } = await openApp(browser, baseUrl, LONG_TINY);
  const diagram = page.getByRole("group", { name: /^Network diagram/ });
  const blocks = diagram.getByRole("button", { name: /^Layer \d+: / });
  await expect.poll(() => blocks.count(), { timeout: 120_000 }).toBe(5);
  expect(await blocks.first().getAttribute("aria-label")).toBe("Layer 1: Conv2D 24×24×8");
  expect(await diagram.getByRole("img", { name: "Output: Dense 10 + softmax 10" }).count()).toBe(1);
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "diagram-1280x800", false);

  // add a Dense layer at the end: a sixth block, named with its output
  await buttonNamed(page, "Add layer").click();
  await page.getByRole("list", { name: "Layer kinds" }).getByRole("button", { name: "Dense", exact: true }).click();
  await expect.poll(() => blocks.count()).toBe(6);
  expect(await blocks.nth(5).getAttribute("aria-label")).toMatch(/^Layer 6: Dense \d+$/);

  // a click on a block focuses its card; Enter on a focused block does too
  await blocks.nth(2).click();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
    .toBe("Layer 3: Conv2D");
  await blocks.nth(1).focus();
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
    .toBe("Layer 2: MaxPool2D");

  // Flatten moved above a pooling layer makes that layer invalid: its block is flagged, the head is not computed
  await buttonNamed(page, "Move layer 5 up").click();
  const invalid = diagram.getByRole("button", { name: "Layer 5: MaxPool2D invalid", exact: true });
  await expect.poll(() => invalid.count()).toBe(1);
  expect(await invalid.getAttribute("class")).toContain("diagram__block--invalid");
  expect(await diagram.getByRole("img", { name: "Output: Dense 10 + softmax not computed" }).count()).toBe(1);
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "diagram-invalid-1280x800", false);
  // the figure saves as a PNG of its own size (drawn at twice the CSS size)
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    buttonNamed(page, "Save diagram (PNG)").click(),
  ]);
  const path = `${artifactDir()}diagram-export.png`;
  await download.saveAs(path);
  const svgWidth = await page.locator("svg.diagram__svg").evaluate((svg) => svg.getBoundingClientRect().width);
  expect((await readFile(path)).readUInt32BE(16)).toBe(Math.ceil(svgWidth) * 2);

  // 390 px: the figure scrolls inside itself, the page does not
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  const scroll = await page
    .locator(".diagram__scroll")
    .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scroll.scrollWidth).toBeGreaterThan(scroll.clientWidth);
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "diagram-390x844", false);
  expect(problems).toEqual([]);
});

it("shows the activations of the inspected test image in the blocks of a trained model", async () => {
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm`);
  const diagram = page.getByRole("group", { name: /^Network diagram/ });
  await page.getByLabel("Show activations", { exact: true }).check();
  // the inspector computes the first test image's activations once the model is read
  await expect.poll(() => diagram.locator("image").count(), { timeout: 300_000, interval: 1_000 }).toBeGreaterThan(5);
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "diagram-activations-1280x800", false);
  expect(problems).toEqual([]);
});

it("draws a filter-pruned variant measured in the lab: removed filters ghosted, named in the blocks", async () => {
  // the link turns on 50% filter pruning: the lab measures it live once the imported model is read
  const { page, problems } = await openWithTinyModel(browser, baseUrl, `${LONG_TINY}&be=wasm&pr=on,filters`);
  const diagram = page.getByRole("group", { name: /^Network diagram/ });
  const draw = page.getByLabel("Draw variant", { exact: true });
  await expect.poll(() => draw.locator("option").count(), { timeout: 600_000, interval: 1_000 }).toBeGreaterThan(1);
  expect(await draw.inputValue()).toBe("baseline");
  expect(await diagram.locator(".diagram__removed").count()).toBe(0);
  await draw.selectOption({ index: 1 });
  const cut = diagram.getByRole("button", { name: /^Layer \d+: Conv2D .*, \d+ of \d+ filters removed$/ });
  await expect.poll(() => cut.count()).toBeGreaterThan(0);
  const name = (await cut.first().getAttribute("aria-label")) ?? "";
  const [, removed, total] = /, (\d+) of (\d+) filters removed$/.exec(name) ?? [];
  expect(Number(removed)).toBeGreaterThan(0);
  expect(Number(removed)).toBeLessThan(Number(total));
  // the link prunes 50% of the filters: Tiny's first conv keeps 4 of its 8
  expect(name).toBe("Layer 1: Conv2D 24×24×8, 4 of 8 filters removed");
  expect(await page.locator(".diagram__variant").textContent()).toMatch(/^Variant: .*removed filters dashed/);
  expect(await diagram.locator(".diagram__removed").count()).toBeGreaterThan(0);
  await diagram.scrollIntoViewIfNeeded();
  await snap(page, "diagram-variant-1280x800", false);
  // the exported PNG keeps the dashes: the inlined style of a removed face
  const dash = await diagram
    .locator(".diagram__removed")
    .first()
    .evaluate((el) => getComputedStyle(el).strokeDasharray);
  expect(dash).not.toBe("none");
  // back to the baseline: nothing removed
  await draw.selectOption("baseline");
  await expect.poll(() => diagram.locator(".diagram__removed").count()).toBe(0);
  expect(problems.filter((p) => !/404|Failed to load resource/.test(p))).toEqual([]);
});

it("saves the charts as a PNG of the chart surfaces and their legends, without recharts' legend icons", async () => {
  const { page, problems } = await openApp(browser, baseUrl, `${LONG_TINY}&be=wasm`);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await buttonNamed(page, "Train").click();
  await expect
    .poll(() => page.locator(".recharts-line path.recharts-curve").count(), { timeout: 240_000 })
    .toBeGreaterThan(0);
  await buttonNamed(page, "Stop").click();
  const save = buttonNamed(page, "Save charts (PNG)");
  await expect.poll(() => save.isEnabled(), { timeout: 240_000 }).toBe(true);
  // the charts' own surfaces only: the legend icons would have added rows of their own
  const expected = await page.evaluate(() =>
    [...document.querySelectorAll(".recharts-wrapper > svg.recharts-surface")].reduce(
      (h, svg) => h + svg.getBoundingClientRect().height,
      0,
    ),
  );
  const [download] = await Promise.all([page.waitForEvent("download"), save.click()]);
  const path = `${artifactDir()}diagram-charts-export.png`;
  await download.saveAs(path);
  const png = await readFile(path);
  // PNG header: the height is the big-endian int at byte 20; the export draws at twice the CSS size
  expect(Math.abs(png.readUInt32BE(20) / 2 - Math.ceil(expected))).toBeLessThanOrEqual(1);
  expect(problems).toEqual([]);
});
