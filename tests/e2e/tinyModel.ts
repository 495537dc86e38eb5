import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Browser, Page } from "playwright-core";
import { LONG_TINY, buttonNamed, openApp } from "./browser.ts";

/** The committed trained-Tiny files (tests/fixtures/tinyModel.build.ts writes them), as Import reads them. */
const FIXTURE_DIR = new URL("../fixtures/tiny-mnist/", import.meta.url);
export const TINY_MODEL_FILES = ["model.json", "weights.bin"].map((name) => ({
  name,
  mimeType: "application/octet-stream",
  buffer: readFileSync(new URL(name, FIXTURE_DIR)),
}));

/** The first percentage with two decimals in a text (saved models and load messages show two). */
export const percent2 = (text: string) => Number(/(\d+\.\d\d)%/.exec(text)?.[1] ?? Number.NaN);

/** The status line of the share/save/export panel after an Import of `jsonName`: its text; an import error fails at once. */
export async function importModelFiles(
  page: Page,
  files: typeof TINY_MODEL_FILES,
  jsonName = "model.json",
): Promise<string> {
  const panel = page.getByRole("region", { name: "Share, save and export" });
  await panel.locator('input[type="file"]').setInputFiles(files);
  const status = panel.getByRole("status").filter({ hasText: `Imported ${jsonName}` });
  const error = panel.getByRole("alert");
  for (const deadline = Date.now() + 300_000; (await status.count()) === 0; await page.waitForTimeout(500)) {
    if (await error.count()) throw new Error(`The import failed: ${await error.textContent()}`);
    if (Date.now() > deadline) throw new Error("The import did not finish within 300 s");
  }
  return (await status.textContent()) ?? "";
}

/**
 * Opens the app with Tiny on WASM and imports the trained-Tiny fixture through the page's Import: a trained model
 * (test accuracy measured, the lab and the inspector reading it) without training one. `hash` may add settings.
 */
export async function openWithTinyModel(
  browser: Browser,
  baseUrl: string,
  hash = `${LONG_TINY}&be=wasm`,
  serviceWorkers: "allow" | "block" = "allow",
) {
  const { page, problems } = await openApp(browser, baseUrl, hash, serviceWorkers);
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  const imported = await importModelFiles(page, TINY_MODEL_FILES);
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 60_000 }).toBe(1);
  return { page, problems, imported, accuracy: percent2(imported) };
}

/** The first percentage with a decimal in a row's text: its accuracy (settings such as "50%" have none). */
export const percentOf = (text: string) => Number(/(\d+\.\d)%/.exec(text)?.[1] ?? Number.NaN);

/** 50% of the filters pruned, 8-bit weights per channel: the lab's name of the variant the tests keep (FILTER_INT8 in a link). */
export const KEPT_VARIANT = "50% filters · int8 per-channel";
/** The link's compression settings for KEPT_VARIANT (the other settings at their defaults). */
export const FILTER_INT8 = "&pr=on,filters&q=on";

/** Keeps the lab's current settings as a variant once the lab lets it (a measurement may still run); waits for the row named `name` and returns its text. */
export async function keepVariant(page: Page, name = KEPT_VARIANT): Promise<string> {
  const lab = page.getByRole("region", { name: "Compression lab" });
  const keep = lab.getByRole("button", { name: "Keep variant", exact: true });
  await expect.poll(() => keep.isEnabled(), { timeout: 600_000, interval: 1_000 }).toBe(true);
  await keep.click({ timeout: 120_000 });
  const kept = lab.getByRole("table", { name: "Variants, measured" }).getByRole("row", { name, exact: true });
  await expect.poll(() => kept.count(), { timeout: 600_000, interval: 2_000 }).toBe(1);
  return (await kept.textContent()) ?? "";
}
