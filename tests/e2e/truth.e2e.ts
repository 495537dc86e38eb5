import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ACTION_TIMEOUT_MS, LONG_TINY, buttonNamed, launchBrowser, openApp, watchPage, batchShown } from "./browser.ts";

// What the page shows must be what the app holds: the trained model across Reset and a backend switch, and the
// one rule for continuing a run. Each test sets up its own state.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const open = (hash: string) => openApp(browser, baseUrl, hash);

const button = buttonNamed;
const batchesDone = batchShown;

/** Trains until `batches` batches are done (a few: what these tests check does not depend on how many), stops, and waits for the test accuracy. */
async function trainAndStop(page: Page, batches = 5): Promise<void> {
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  await expect.poll(() => batchesDone(page), { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(batches);
  await button(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 240_000 }).toBe(1);
}

const notice = async (page: Page) => (await page.getByLabel("Run notice").allTextContents()).join(" ");

it("a backend switch after training carries the model over (measured again there); Save still works", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await trainAndStop(page);
  // to Auto: a new trainer (it picks WASM here, without a hardware GPU); CPU would spend minutes measuring the test set
  await page.getByLabel("Backend", { exact: true }).selectOption("auto");
  await expect
    .poll(() => notice(page), { timeout: 240_000 })
    .toMatch(/The trained model moved to \w+: test accuracy \d+\.\d\d%/);
  console.log(`Backend switch: ${await notice(page)}`);
  const panel = page.getByRole("region", { name: "Share, save and export" });
  await panel.getByLabel("Name", { exact: true }).fill("moved");
  await expect
    .poll(() => panel.getByRole("button", { name: "Save model", exact: true }).isEnabled(), { timeout: 120_000 })
    .toBe(true);
  await panel.getByRole("button", { name: "Save model", exact: true }).click();
  const savedRows = () =>
    page.getByRole("list", { name: "Saved models" }).getByRole("listitem").filter({ hasText: "moved" }).count();
  await expect
    .poll(savedRows, { timeout: 120_000 })
    .toBe(1)
    .catch(async (error: unknown) => {
      // what the panel said (busy text, message, alert) is what tells a hung save from a refused one
      const said = (await panel.locator("[role=status], [role=alert]").allTextContents()).join(" | ");
      throw new Error(`Save did not list "moved"; the panel says: "${said}"; console: ${problems.join(" | ")}`, {
        cause: error,
      });
    });
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("Reset right after a run ends: the model is visibly gone (lab, Save and Export off), and the inspector never reads a disposed model", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await trainAndStop(page);
  await button(page, "Reset").click(); // at once: the after-run reads (inspector, lab) are still going
  await expect.poll(() => notice(page), { timeout: 240_000 }).toMatch(/Reset: the trained weights were discarded/);
  const lab = page.getByRole("region", { name: "Compression lab" });
  await expect
    .poll(() => lab.getByRole("button", { name: "Run sweep", exact: true }).isDisabled(), { timeout: 60_000 })
    .toBe(true);
  const panel = page.getByRole("region", { name: "Share, save and export" });
  expect(await panel.getByRole("button", { name: "Export model", exact: true }).isDisabled()).toBe(true);
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  await expect
    .poll(async () => (await inspect.textContent()) ?? "", { timeout: 60_000 })
    .not.toMatch(/Predicting the 10,000 test images/);
  const text = (await page.locator("body").textContent()) ?? "";
  expect(text).not.toMatch(/already disposed|failed/i);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("changing Epochs between runs continues the same run (no new '0 epochs' row), and the page says which rule applies", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await trainAndStop(page);
  const rows = () => page.getByRole("table", { name: "Previous runs" }).getByRole("row").count();
  const rowsBefore = await rows().catch(() => 0);
  await page.getByLabel("Epochs", { exact: true }).fill("49");
  await expect.poll(async () => await page.getByText(/Next run continues the trained weights/).count()).toBe(1);
  await button(page, "Train").click();
  await expect.poll(() => button(page, "Pause").isEnabled(), { timeout: 240_000, interval: 250 }).toBe(true);
  await button(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 240_000 }).toBe(1);
  expect(await rows().catch(() => 0)).toBe(rowsBefore);
  await page.getByLabel("Learning rate", { exact: true }).fill("0.002");
  await expect
    .poll(async () => await page.getByText(/Next run starts from the seed's initial weights/).count())
    .toBe(1);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("keyboard: the first visit's tour has focus and Escape closes it; the first Tab stop skips to Train; focus follows the run buttons", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } }); // a first visit: the tour is not dismissed
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const problems = watchPage(page, baseUrl);
  await page.goto(`${baseUrl}${LONG_TINY}&be=wasm`, { timeout: 180_000 });
  const tour = page.getByRole("dialog", { name: "Guided tour" });
  await expect.poll(() => tour.count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => tour.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.locator("body").click({ position: { x: 5, y: 5 } }); // focus leaves the tour: Escape still closes it
  await page.keyboard.press("Escape");
  await expect.poll(() => tour.count()).toBe(0);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to training");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Train");
  await page.keyboard.press("Enter"); // Train: focus moves on to a run button that stays enabled
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toMatch(/^(Pause|Stop)$/);
  await button(page, "Stop").focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 240_000 }).toBe("Train"); // back on Train when the run ends
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);
