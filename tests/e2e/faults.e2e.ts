import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  ACTION_TIMEOUT_MS,
  LONG_TINY,
  buttonNamed,
  launchBrowser,
  openApp,
  snap,
  watchPage,
  batchShown,
} from "./browser.ts";

// Faults a person meets first: commands given while a run is still starting, choices made while the page loads.
// Every test drives the page into the state it needs (or cannot leave it by itself) instead of timing it.

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
const statusPill = (page: Page) => page.locator(".status-pill");

/** Proves the page trains: Train, wait until it trains (Pause enabled), Stop, and wait for the test accuracy. */
async function trainBrieflyAndStop(page: Page): Promise<void> {
  await button(page, "Train").click();
  await expect.poll(() => button(page, "Pause").isEnabled(), { timeout: 240_000, interval: 250 }).toBe(true);
  await button(page, "Stop").click();
  await expect.poll(() => page.getByLabel("Test accuracy").count(), { timeout: 240_000 }).toBe(1);
}

it("Stop at once after Train ends the run (it does not train all its epochs) and leaves a usable page", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  // Stop as soon as the page enables it (the run is then preparing: starting the trainer, loading, timing or building;
  // the unit tests stop it in each of those steps). Wherever it lands, the run must end by itself well before its epochs.
  await button(page, "Train").click();
  const statusAtStop = (await statusPill(page).textContent()) ?? "";
  await button(page, "Stop").click();
  console.log(`Stop clicked while the status read "${statusAtStop}"`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000, interval: 250 }).toBe(true);
  expect(await button(page, "Stop").isDisabled()).toBe(true);
  const status = (await statusPill(page).textContent()) ?? "";
  const notice = (await page.getByLabel("Run notice").allTextContents()).join(" ");
  console.log(`Stop right after Train: status "${status}", notice "${notice}"`);
  expect(status).toBe("Ready");
  // the run record says it was stopped (before or just after its first batches), never that it completed
  await expect.poll(async () => (await page.locator("body").textContent()) ?? "").toMatch(/stopped/i);
  // and the page trains again afterwards
  await trainBrieflyAndStop(page);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("a backend chosen while the first one still starts is the one that trains; the select, the badge and the run agree", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=auto`);
  const select = page.getByLabel("Backend", { exact: true });
  // chosen as soon as the select exists: the Auto trainer may still be starting
  await select.selectOption("cpu");
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  const badge = page.locator(".backend-badge");
  await expect.poll(async () => (await badge.textContent()) ?? "", { timeout: 120_000 }).toMatch(/^CPU/);
  await button(page, "Train").click();
  await expect
    .poll(async () => await page.locator(".run-progress__labels").count(), { timeout: 240_000 })
    .toBeGreaterThan(0);
  expect(await select.inputValue()).toBe("cpu");
  expect((await badge.textContent()) ?? "").toMatch(/^CPU/);
  // closed while it trains: a Stop would evaluate 10,000 test images on plain JavaScript, minutes on a slow machine
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("a diverging run (Adam at learning rate 1) stops itself, names the batch and the cause, and the page trains again", async () => {
  const { page, problems } = await open(LONG_TINY.replace("lr=0.005", "lr=1") + "&be=wasm");
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  const alert = page.getByRole("alert").filter({ hasText: "Training stopped:" });
  await expect.poll(() => alert.count(), { timeout: 300_000, interval: 500 }).toBe(1);
  const text = (await alert.textContent()) ?? "";
  console.log(`Diverging run: ${text}`);
  expect(text).toMatch(/by batch \d+|at batch \d+|after \d+ batches/);
  expect(text).toMatch(/the learning rate 1 is too high for Adam; try 0\.001/);
  expect(await alert.getByRole("button", { name: /About Divergence/ }).count()).toBe(1);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 60_000 }).toBe(true);
  // the loss chart still draws its line (a NaN batch does not blank the smoothed curve)
  expect(await page.locator(".recharts-line path.recharts-curve").count()).toBeGreaterThan(0);
  await snap(page, "diverged-1280x800", true);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

/** Console noise a test provokes on purpose (a 404 it serves itself) is not a problem of the page. */
const unexpected = (problems: string[]) => problems.filter((p) => !/404|Failed to load resource/.test(p));

it("the trainer's worker script fails to load (a 404 after a redeploy): the page says so and trains on the main thread", async () => {
  // no service worker: its precached copy of the worker's script would answer before page.route
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
  const problems = watchPage(page, baseUrl);
  await page.route(/trainer\.worker[^/]*\.js/, (route) =>
    route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }),
  );
  await page.goto(`${baseUrl}${LONG_TINY}&be=wasm`, { timeout: 180_000 });
  const alert = page.getByRole("alert").filter({ hasText: "could not start" });
  await expect.poll(() => alert.count(), { timeout: 240_000 }).toBe(1);
  console.log(`Worker 404: ${await alert.textContent()}`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  expect((await page.locator(".backend-badge").textContent()) ?? "").toMatch(/main thread/);
  await trainBrieflyAndStop(page);
  expect(unexpected(problems)).toEqual([]);
  await page.close();
}, 600_000);

it("the trainer's worker stops mid-run: the run fails with its curves kept, a fresh trainer starts, and the page trains again", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  await expect
    .poll(() => page.locator(".recharts-line path.recharts-curve").count(), { timeout: 240_000 })
    .toBeGreaterThan(0);
  const worker = page.workers().find((w) => /trainer\.worker/.test(w.url()));
  expect(worker).toBeDefined();
  await worker!
    .evaluate(() => {
      (self as unknown as { close(): void }).close();
    })
    .catch(() => {}); // the call itself may die with the worker
  const alert = page.getByRole("alert").filter({ hasText: "The trainer stopped working" });
  await expect.poll(() => alert.count(), { timeout: 120_000 }).toBe(1);
  console.log(`Worker stopped: ${await alert.textContent()}`);
  await expect.poll(async () => (await statusPill(page).textContent()) ?? "", { timeout: 60_000 }).toBe("Failed");
  expect(await page.locator(".recharts-line path.recharts-curve").count()).toBeGreaterThan(0); // the curves are kept
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await trainBrieflyAndStop(page);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("nothing finished is lost on a reload: the run's results come back and the last trained model can be restored", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=wasm`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await button(page, "Train").click();
  const batchesDone = () => batchShown(page);
  await expect.poll(batchesDone, { timeout: 240_000, interval: 500 }).toBeGreaterThanOrEqual(5);
  await button(page, "Stop").click();
  const accuracy = page.getByLabel("Test accuracy");
  await expect.poll(() => accuracy.count(), { timeout: 240_000 }).toBe(1);
  const before = (await accuracy.textContent()) ?? "";
  // the history and the checkpoint are written when the run ends: wait for the lab's baseline (a later step of the same pipeline)
  await expect
    .poll(() => page.getByRole("row", { name: "Baseline", exact: true }).count(), { timeout: 240_000 })
    .toBe(1);
  await page.reload({ timeout: 180_000 });
  await expect
    .poll(
      async () =>
        (await page
          .getByLabel("Test accuracy")
          .textContent()
          .catch(() => "")) ?? "",
      { timeout: 60_000 },
    )
    .toBe(before);
  const offer = page.getByRole("status", { name: "Restore offer" });
  await expect.poll(() => offer.count(), { timeout: 60_000 }).toBe(1);
  console.log(`After a reload: ${await offer.textContent()}`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await offer.getByRole("button", { name: "Restore the last trained model" }).click();
  await expect.poll(() => offer.count(), { timeout: 240_000 }).toBe(0);
  await expect
    .poll(async () => (await page.getByLabel("Test accuracy").textContent()) ?? "", { timeout: 60_000 })
    .toBe(before);
  // the restored model is the lab's baseline again
  await expect
    .poll(() => page.getByRole("row", { name: "Baseline", exact: true }).count(), { timeout: 240_000 })
    .toBe(1);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("WebGL loses its context mid-run (WEBGL_lose_context): the trainer moves to WASM, says so, and the page trains again", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=webgl`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  const badge = page.locator(".backend-badge");
  expect((await badge.textContent()) ?? "").toMatch(/^WebGL/);
  await button(page, "Train").click();
  await expect
    .poll(() => page.locator(".recharts-line path.recharts-curve").count(), { timeout: 300_000 })
    .toBeGreaterThan(0);
  // the trainer runs in the worker, or on the page when WebGL could not start in a worker here
  const worker = page.workers().find((w) => /trainer\.worker/.test(w.url()));
  const lose = () =>
    (globalThis as unknown as { cnnPlaygroundLoseGpu?: () => boolean }).cnnPlaygroundLoseGpu?.() ?? false;
  expect(worker ? await worker.evaluate(lose) : await page.evaluate(lose)).toBe(true);
  const alert = page.getByRole("alert").filter({ hasText: "lost its GPU" });
  await expect.poll(() => alert.count(), { timeout: 240_000 }).toBe(1);
  console.log(`GPU lost: ${await alert.textContent()}`);
  expect((await alert.textContent()) ?? "").toMatch(/moved to WASM/);
  await expect.poll(async () => (await badge.textContent()) ?? "", { timeout: 60_000 }).toMatch(/^WASM/);
  expect(await page.getByLabel("Backend", { exact: true }).inputValue()).toBe("wasm");
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await trainBrieflyAndStop(page);
  expect(problems.filter((p) => !/CONTEXT_LOST|context lost/i.test(p))).toEqual([]);
  await page.close();
}, 600_000);

it("a link that would need ~100 GiB to train opens, says why Train is off and which batch size fits", async () => {
  const { page, problems } = await open("#v=1&ds=mnist&l=c256k1p,bn,bn,bn,bn,bn,bn,bn,bn,gap&bs=1024");
  await expect.poll(() => page.getByText(/the budget is/).count(), { timeout: 240_000 }).toBeGreaterThan(0);
  const reason =
    (await page
      .getByText(/the budget is/)
      .first()
      .textContent()) ?? "";
  console.log(`Oversized link: ${reason}`);
  expect(reason).toMatch(/batch size \d+ or less/);
  expect(await button(page, "Train").isDisabled()).toBe(true);
  const fits = Number(/batch size (\d+) or less/.exec(reason)![1]);
  await page.getByLabel("Batch size", { exact: true }).fill(String(fits));
  await expect.poll(() => page.getByText(/the budget is/).count()).toBe(0);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);

it("Pause while Auto times the backends is refused with the reason; Stop then ends the run before its first batch", async () => {
  const { page, problems } = await open(`${LONG_TINY}&be=auto`);
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  // the page's test hook holds the run at the start of Auto's timing, so the test meets it there on any machine
  await page.evaluate(() => {
    (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks = { holdRunAt: "timing the backends" };
  });
  await button(page, "Train").click();
  await expect
    .poll(async () => (await statusPill(page).textContent()) ?? "", { timeout: 240_000 })
    .toBe("Preparing: timing the backends…");
  const pause = button(page, "Pause");
  expect(await pause.isDisabled()).toBe(true);
  expect(await pause.getAttribute("title")).toBe("Pause works once training has started; Stop ends the run now.");
  await button(page, "Stop").click();
  await expect.poll(() => button(page, "Train").isEnabled(), { timeout: 120_000 }).toBe(true);
  await expect
    .poll(async () => (await page.getByLabel("Run notice").allTextContents()).join(" "))
    .toMatch(/Stopped while timing the backends, before the first batch/);
  await page.evaluate(() => {
    delete (window as { cnnPlaygroundTestHooks?: object }).cnnPlaygroundTestHooks;
  });
  await trainBrieflyAndStop(page);
  expect(problems).toEqual([]);
  await page.close();
}, 600_000);
