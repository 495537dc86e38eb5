import AxeBuilder from "@axe-core/playwright";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { LONG_TINY, batchShown, buttonNamed, expectNoOverflow, launchBrowser, snap, openInContext } from "./browser.ts";
import { TINY_MODEL_FILES, importModelFiles } from "./tinyModel.ts";

// The theme follows the system setting: under a dark scheme the page is dark and every text keeps its contrast
// (axe: no serious or critical violation, color-contrast included), on the landing page and after a short Tiny run
// with Look inside and the lab on screen; the keyboard focus outline keeps 3:1 against what lies behind it in both
// themes.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** "#rrggbb", "rgb(r, g, b)" or "rgba(r, g, b, a)" as channels 0–255 and alpha. */
function parseColor(css: string): { rgb: [number, number, number]; alpha: number } {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return { rgb: [1, 2, 3].map((i) => parseInt(hex[i], 16)) as [number, number, number], alpha: 1 };
  const [r = 0, g = 0, b = 0, a = 1] = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? "0, 0, 0, 0")
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(Number);
  return { rgb: [r, g, b], alpha: a };
}

/** WCAG relative luminance of a CSS colour. */
function luminance(css: string): number {
  const [r, g, b] = parseColor(css).rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

const openThemed = (hash: string, colorScheme: "light" | "dark") =>
  openInContext(browser, baseUrl, hash, { viewport: DESKTOP, colorScheme });

/** The chart series that share a chart: each group must be told apart, and all read on the panels and the page. */
const SERIES_GROUPS = [
  [
    "--chart-loss",
    "--chart-accuracy",
    "--chart-compare-1",
    "--chart-compare-2",
    "--chart-compare-3",
    "--chart-compare-4",
  ],
  ["--chart-accuracy", "--chart-loss", "--chart-current", "--chart-front", "--chart-sweep"],
  ["--chart-float32", "--chart-accuracy", "--chart-front"],
  [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `--chart-series-${i}`),
];

/** Values of CSS variables on the root, as the page resolves them now. */
const rootVariables = (page: Page, names: string[]) =>
  page.evaluate(
    (list) => list.map((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim()),
    names,
  );

/** Straight-line distance of two colours in RGB (0–441): a rough floor for "told apart". */
const rgbDistance = (a: string, b: string) => {
  const [x, y] = [parseColor(a).rgb, parseColor(b).rgb];
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
};

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** Serious and critical axe violations of the page as it is now, one line each (rule, impact, first targets). */
async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.html.slice(0, 120)} ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`)
          .join(" | ")}`,
    );
}

/**
 * The Train button focused from the keyboard: its outline colour and width, and the first opaque background behind
 * it (the outline is drawn outside the button, on its container).
 */
async function focusOutline(page: Page) {
  // reached from the keyboard (a scripted focus alone need not show the ring): to the next stop and back
  const train = buttonNamed(page, "Train");
  await train.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  return train.evaluate((el) => {
    let behind = "rgba(0, 0, 0, 0)";
    for (let e = el.parentElement; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (!/rgba\(.*, 0\)$/.test(bg) && bg !== "transparent") {
        behind = bg;
        break;
      }
    }
    const style = getComputedStyle(el);
    return {
      focused: document.activeElement === el,
      visible: el.matches(":focus-visible"),
      color: style.outlineColor,
      width: parseFloat(style.outlineWidth),
      outlineStyle: style.outlineStyle,
      behind,
    };
  });
}

it("follows the system scheme: light under light, dark under dark (chart series at 3:1 and apart), a 3:1 focus ring in both", async () => {
  for (const scheme of ["light", "dark"] as const) {
    const { page, problems, close } = await openThemed(LONG_TINY, scheme);
    await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
    const lum = luminance(await bodyBackground(page));
    if (scheme === "dark") expect(lum).toBeLessThan(0.2);
    else expect(lum).toBeGreaterThan(0.6);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("light dark");
    const focus = await focusOutline(page);
    console.log(`${scheme}: focus ${focus.color} ${focus.width}px on ${focus.behind}`);
    expect(focus.focused).toBe(true);
    expect(focus.visible).toBe(true);
    expect(focus.outlineStyle).toBe("solid");
    expect(focus.width).toBeGreaterThanOrEqual(2);
    expect(contrast(focus.color, focus.behind)).toBeGreaterThanOrEqual(3);
    if (scheme === "dark") {
      const [surface, pageBg] = await rootVariables(page, ["--color-surface", "--color-bg"]);
      for (const group of SERIES_GROUPS) {
        const colors = await rootVariables(page, group);
        for (const [i, c] of colors.entries()) {
          expect(contrast(c, surface), `${group[i]} ${c} on the panels`).toBeGreaterThanOrEqual(3);
          expect(contrast(c, pageBg), `${group[i]} ${c} on the page`).toBeGreaterThanOrEqual(3);
          for (const [j, d] of colors.entries()) {
            if (j > i) expect(rgbDistance(c, d), `${group[i]} ${c} against ${group[j]} ${d}`).toBeGreaterThan(50);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    await close();
  }
}, 600_000);

it("dark: no serious or critical axe violation on the landing page at 1280×800 and 390×844", async () => {
  const { page, problems, close } = await openThemed(LONG_TINY, "dark");
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-landing-1280x800");
  await page.setViewportSize(PHONE);
  await expectNoOverflow(page);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-landing-390x844");
  expect(problems).toEqual([]);
  await close();
}, 600_000);

it("dark: after a short Tiny run (Look inside and the lab shown) no serious or critical axe violation at either size", async () => {
  const { page, problems, close } = await openThemed(`${LONG_TINY}&be=wasm`, "dark");
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await buttonNamed(page, "Train").click();
  await expect.poll(() => batchShown(page), { timeout: 400_000, interval: 1_000 }).toBeGreaterThanOrEqual(20);
  await buttonNamed(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 280_000, interval: 2_000 }).toBe(1);
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const cells = inspect.getByRole("button", { name: /^True .+, predicted .+: \d+ images$/ });
  await expect.poll(() => cells.count(), { timeout: 600_000, interval: 2_000 }).toBe(100);
  await expect.poll(() => page.getByRole("heading", { name: "Compression lab" }).count(), { timeout: 60_000 }).toBe(1);
  await page.setViewportSize(DESKTOP);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-trained-1280x800");
  await page.setViewportSize(PHONE);
  await expectNoOverflow(page);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-trained-390x844");
  expect(problems).toEqual([]);
  await close();
}, 900_000);

it("dark: the challenge, a concept note, a variant's removed filters, the tour and an invalid layer all read", async () => {
  const goal = "&goal=acc90,params20k";
  const { page, problems, close } = await openThemed(`${LONG_TINY}&be=wasm&pr=on,filters${goal}`, "dark");
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await importModelFiles(page, TINY_MODEL_FILES);
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 60_000 }).toBe(1);
  // the lab's live variant drawn in the diagram: removed filters as dashed outlines
  const draw = page.getByLabel("Draw variant", { exact: true });
  await expect.poll(() => draw.locator("option").count(), { timeout: 600_000, interval: 1_000 }).toBeGreaterThan(1);
  await draw.selectOption({ index: 1 });
  await expect.poll(() => page.locator(".diagram__removed").count()).toBeGreaterThan(0);
  await page
    .getByRole("button", { name: /^About / })
    .first()
    .click();
  await expect.poll(() => page.locator(".concept-note__panel:not([hidden])").count()).toBe(1);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-states-1280x800", false);
  await page.getByRole("button", { name: "Take the tour", exact: true }).click();
  await expect.poll(() => page.getByRole("dialog", { name: "Guided tour" }).count()).toBe(1);
  // Flatten moved above a pooling layer: that layer's card and diagram block turn red
  await draw.selectOption("baseline");
  await buttonNamed(page, "Move layer 5 up").click();
  await expect.poll(() => page.locator(".diagram__block--invalid").count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-invalid-tour-1280x800");
  await page.setViewportSize(PHONE);
  await expectNoOverflow(page);
  expect(await axeProblems(page)).toEqual([]);
  await snap(page, "theme-dark-invalid-tour-390x844");
  expect(problems).toEqual([]);
  await close();
}, 900_000);
