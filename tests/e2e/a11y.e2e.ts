import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { LONG_TINY, batchShown, buttonNamed, expectNoOverflow, launchBrowser, snap, openInContext } from "./browser.ts";
import { expectNoSeriousViolations } from "./axe.ts";

// Accessibility checked by axe (WCAG 2.0/2.1 A and AA): no serious or critical violation in each state of the
// page, on a desktop and a phone viewport. One page per viewport walks through the states in order: the guided
// tour (a dialog), loaded,
// training, trained (a few batches, stopped), a confirmation and a concept note open, the compression lab with a
// live row, and Look inside with its confusion matrix and activations. Each state's counts, every impact, go
// to test-results/axe-counts.json.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Tabs through the page (up to `stops` times) and returns the focused elements that show no outline or ring. */
async function unringedFocusStops(page: Page, stops: number): Promise<{ keys: string[]; bare: string[] }> {
  const bare: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < stops; i += 1) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ringed =
        (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      const label = el instanceof HTMLInputElement ? el.labels?.[0]?.textContent : null;
      const name = (el.getAttribute("aria-label") ?? label ?? el.textContent ?? "").trim().slice(0, 40);
      const path = `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").replace(/\s+/g, ".")}`;
      return { key: `${path} "${name}"`, ringed };
    });
    if (!stop) continue;
    if (!stop.ringed && !bare.includes(stop.key)) bare.push(stop.key);
    seen.add(stop.key);
  }
  return { keys: [...seen], bare };
}

async function walkStates(width: number, height: number) {
  const size = `${width}x${height}`;
  const { page, problems, close } = await openInContext(browser, baseUrl, `${LONG_TINY}&be=wasm`, {
    viewport: { width, height },
    tour: true, // the guided tour of a first visit is one of the states checked
  });
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  // the guided tour, a dialog, greets a first visit; Escape closes it
  const tour = page.getByRole("dialog", { name: "Guided tour" });
  await expect.poll(() => tour.count(), { timeout: 60_000 }).toBe(1);
  await expectNoSeriousViolations(page, `guided tour ${size}`);
  await page.keyboard.press("Escape");
  await expect.poll(() => tour.count(), { timeout: 30_000 }).toBe(0);
  await expectNoSeriousViolations(page, `loaded ${size}`);

  if (width > 1000) {
    // every Tab stop shows where the focus is, the network diagram's blocks among them
    const { keys, bare } = await unringedFocusStops(page, 160);
    console.log(`Tab stops seen: ${keys.length}`);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.some((key) => key.includes("diagram__block"))).toBe(true); // the diagram's blocks are Tab stops
    expect.soft(bare, "focused elements with no visible outline or ring").toEqual([]);
    // a diagram block focused after those keys shows its ring, for people to look at
    const block = page.locator('.diagram__block[tabindex="0"]').first();
    await block.focus();
    await block.scrollIntoViewIfNeeded();
    await snap(page, `a11y-focus-diagram-${size}`, false);
  }

  await buttonNamed(page, "Train").click();
  await expect.poll(() => batchShown(page), { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(3);
  await expectNoSeriousViolations(page, `training ${size}`);

  await buttonNamed(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 240_000 }).toBe(1);
  // a second short run from scratch (a continued run would replace the first): the first goes to Previous runs,
  // which offers to clear them
  await buttonNamed(page, "Reset").click();
  await expect
    .poll(() => page.getByText(/Next run starts from the seed's initial weights/).count(), { timeout: 300_000 })
    .toBe(1);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await buttonNamed(page, "Train").click();
  await expect.poll(() => buttonNamed(page, "Stop").isEnabled(), { timeout: 240_000 }).toBe(true);
  await expect.poll(() => batchShown(page), { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(1);
  await buttonNamed(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 240_000 }).toBe(1);
  await expect.poll(() => buttonNamed(page, "Clear runs…").count(), { timeout: 60_000 }).toBe(1);
  await expectNoSeriousViolations(page, `trained ${size}`);

  // a confirmation and a concept note, open together
  await buttonNamed(page, "Clear runs…").click();
  await expect
    .poll(() => page.getByRole("group", { name: "Confirm clearing runs" }).count(), { timeout: 30_000 })
    .toBe(1);
  await page
    .getByRole("button", { name: /^About / })
    .first()
    .click();
  await expect.poll(() => page.getByRole("note").count(), { timeout: 60_000 }).toBeGreaterThan(0);
  await expectNoSeriousViolations(page, `confirmation and concept note ${size}`);
  await snap(page, `a11y-dialogs-${size}`, false);
  await page.getByRole("group", { name: "Confirm clearing runs" }).getByRole("button", { name: "Cancel" }).click();
  await page
    .getByRole("button", { name: /^About / })
    .first()
    .click();

  // the compression lab measuring the stopped run's model with Pruning on
  const lab = page.getByRole("region", { name: "Compression lab" });
  await lab.getByRole("switch", { name: "Pruning" }).check();
  const current = lab
    .getByRole("table", { name: "Variants, measured" })
    .getByRole("row", { name: /^Current settings/ });
  await expect.poll(() => current.count(), { timeout: 300_000, interval: 500 }).toBe(1);
  await expectNoSeriousViolations(page, `compression lab ${size}`);
  await lab.getByRole("table", { name: "Variants, measured" }).scrollIntoViewIfNeeded();
  await snap(page, `a11y-lab-${size}`, false);

  // Look inside: the confusion matrix of all 10,000 test images and the first image's activations
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const cells = inspect.getByRole("button", { name: /^True .+, predicted .+: \d+ images$/ });
  await expect.poll(() => cells.count(), { timeout: 600_000, interval: 2_000 }).toBe(100);
  const activations = inspect.getByRole("region", { name: "Activations", exact: true });
  await expect.poll(() => activations.locator("canvas").count(), { timeout: 300_000 }).toBeGreaterThan(5);
  await expectNoSeriousViolations(page, `look inside ${size}`);
  await inspect.getByRole("region", { name: "Confusion matrix", exact: true }).scrollIntoViewIfNeeded();
  await snap(page, `a11y-inspect-${size}`, false);
  if (width > 1000) {
    // now the lab's switches, sliders and tables and the inspector's cells and pads are Tab stops too
    const { keys, bare } = await unringedFocusStops(page, 350);
    console.log(`Tab stops seen with a trained model: ${keys.length}`);
    expect(keys.some((key) => key.includes("Pruning"))).toBe(true);
    expect.soft(bare, "focused elements with no visible outline or ring (trained)").toEqual([]);
  }

  await expectNoOverflow(page);
  await snap(page, `a11y-${size}`, true);
  expect(problems).toEqual([]);
  await close();
}

it("axe finds no serious or critical violation at 1280×800, in every state; every Tab stop shows a focus ring", async () => {
  await walkStates(1280, 800);
}, 900_000);

it("axe finds no serious or critical violation at 390×844, in every state", async () => {
  await walkStates(390, 844);
}, 900_000);
