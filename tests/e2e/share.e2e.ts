import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ACTION_TIMEOUT_MS, launchBrowser, snap, watchPage } from "./browser.ts";

let browser: Browser;
let context: BrowserContext;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await context.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed")); // the fresh profile below sees it
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseUrl).origin });
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string, ctx: BrowserContext = context): Promise<{ page: Page; problems: string[] }> {
  const page = await ctx.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const problems = watchPage(page, baseUrl);
  await page.goto(url, { timeout: 180_000 }); // shared machines stall for seconds at a time
  await expect
    .poll(() => page.getByRole("button", { name: "Share", exact: true }).count(), { timeout: 60_000 })
    .toBe(1);
  return { page, problems };
}

const layerNames = (page: Page) =>
  page.locator(".layer-list > li").evaluateAll((items) => items.map((li) => li.getAttribute("aria-label")));

it("a broken link shows what was wrong in an alert and opens a valid experiment", async () => {
  const { page, problems } = await open(`${baseUrl}#v=1&ds=nope&l=c9999k3,zz&lr=NaN&bs=-4&seed=abc&%E0%A4%A`);
  const alert = page.getByRole("alert").filter({ hasText: "This link had problems" });
  await expect.poll(() => alert.count(), { timeout: 30_000 }).toBe(1);
  const text = (await alert.textContent()) ?? "";
  console.log(`Broken link message: ${text}`);
  expect(text).toMatch(/learning rate/i);
  // the page still works: the seed model's totals are there, and the address bar now holds a valid link
  await expect.poll(() => page.getByText("163,850 parameters").count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(new URL(page.url()).hash).toMatch(/^#v=1&/);
  await snap(page, "broken-link-1280x800", false);
  await page.getByRole("button", { name: "Dismiss", exact: true }).click();
  expect(await alert.count()).toBe(0);
  expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  await page.close();
}, 300_000);

it("Share copies a link that opens the same model, settings and classroom lock in a fresh page; Back undoes an edit", async () => {
  const { page, problems } = await open(baseUrl);
  await page.getByLabel("Preset", { exact: true }).selectOption({ label: "LeNet-5" });
  await expect.poll(() => layerNames(page).then((n) => n.length)).toBe(7);
  // an edit after a pause is its own history entry: Back undoes it, Forward redoes it
  await page.waitForTimeout(1_200);
  await page.getByRole("button", { name: "Remove layer 7" }).click();
  await expect.poll(() => layerNames(page).then((n) => n.length)).toBe(6);
  await page.waitForTimeout(1_200);
  await page.goBack();
  await expect.poll(() => layerNames(page).then((n) => n.length), { timeout: 10_000 }).toBe(7);
  await page.goForward();
  await expect.poll(() => layerNames(page).then((n) => n.length), { timeout: 10_000 }).toBe(6);
  await page.getByText("Classroom link: hide panels, lock the architecture").click();
  await page.getByLabel("Teacher preset").selectOption({ label: "Train this model (architecture locked, no lab)" });
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await expect.poll(() => page.getByText("Link copied.").count(), { timeout: 10_000 }).toBe(1);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  console.log(`Shared link: ${link}`);
  expect(link).toContain("#v=1&");
  expect(link).toMatch(/lock=1/);
  const expected = await layerNames(page);

  // a fresh browser profile: nothing in local storage, only the link
  const freshContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await open(link, freshContext);
  await expect.poll(() => layerNames(fresh.page)).toEqual(expected);
  expect(await fresh.page.getByRole("region", { name: "Compression lab" }).count()).toBe(0);
  await expect.poll(() => fresh.page.getByText("The architecture is locked by this link").count()).toBe(1);
  expect(await fresh.page.getByLabel("Preset", { exact: true }).isDisabled()).toBe(true);
  expect(new URL(fresh.page.url()).hash).toBe(new URL(link).hash);
  await snap(fresh.page, "shared-locked-1280x800", false);
  // a first visit (fresh profile) gets the guided tour; once skipped it never comes back
  const tour = fresh.page.getByRole("dialog", { name: "Guided tour" });
  await expect.poll(() => tour.count(), { timeout: 30_000 }).toBe(1);
  await tour.getByRole("button", { name: "Next", exact: true }).click();
  await expect.poll(async () => (await tour.textContent()) ?? "").toMatch(/2 of \d/);
  await tour.getByRole("button", { name: "Skip tour", exact: true }).click();
  await expect.poll(() => tour.count()).toBe(0);
  await fresh.page.reload({ timeout: 180_000 });
  await expect
    .poll(() => fresh.page.getByRole("button", { name: "Share", exact: true }).count(), { timeout: 60_000 })
    .toBe(1);
  await fresh.page.waitForTimeout(2_000);
  expect(await tour.count()).toBe(0);

  expect([...problems, ...fresh.problems]).toEqual([]);
  await freshContext.close();
  await page.close();
}, 300_000);
