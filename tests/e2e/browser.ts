import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type ConsoleMessage, type Page } from "playwright-core";

/** Flags that work on our machines (see shared TOOLCHAIN.md); WebGPU needs the unsafe flag in headless mode. */
export const CHROMIUM_ARGS = [
  "--enable-unsafe-webgpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The system Chromium: $CHROMIUM_PATH, else `chromium` on PATH. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], {
      encoding: "utf8",
    }).trim();
  } catch {
    throw new Error("No Chromium found: install the Debian package `chromium` or set CHROMIUM_PATH.");
  }
}

/**
 * How long one Playwright action (click, check, fill) may wait for its element to be visible and enabled. The
 * lab disables its controls while a measurement runs, and on this project's stalling VMs that has lasted well
 * past Playwright's default 30 s; pages and contexts get this instead.
 */
export const ACTION_TIMEOUT_MS = 240_000;

/** Chromium's stand-in camera (a moving test pattern), allowed without a permission prompt. */
export const FAKE_CAMERA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

/** Launches headless Chromium; `fakeCamera` adds FAKE_CAMERA_ARGS to the usual flags. */
export function launchBrowser(options: { fakeCamera?: boolean } = {}): Promise<Browser> {
  const args = options.fakeCamera ? [...CHROMIUM_ARGS, ...FAKE_CAMERA_ARGS] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}

/** Collects console errors, page errors and requests to other origins while a page is used. */
export function watchPage(page: Page, baseUrl: string) {
  const problems: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== origin) {
      problems.push(`request to another origin: ${url}`);
    }
  });
  return problems;
}

/** Where e2e screenshots go (git-ignored test artifacts). */
export function artifactDir(): string {
  const dir = new URL("../../test-results/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Saves a screenshot for people to look at. A screenshot is an artifact, not an assertion: on this project's
 * stalling VMs a full-page capture has taken over 30 s, so it gets two minutes, and a capture that still times
 * out is logged (with the reason) instead of failing the behaviour the test checks.
 */
export async function snap(page: Page, name: string, fullPage = true): Promise<void> {
  try {
    await page.screenshot({ path: `${artifactDir()}${name}.png`, fullPage, timeout: 120_000 });
  } catch (error) {
    console.warn(
      `Screenshot ${name} not saved: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
}

/**
 * Waits (up to 10 s: charts re-measure on the next ResizeObserver callback) until the page is no wider than the
 * viewport; on failure logs the first elements that stick out, then throws.
 */
export async function expectNoOverflow(page: Page): Promise<void> {
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const deadline = Date.now() + 10_000;
  while ((await overflow()) > 0) {
    if (Date.now() > deadline) {
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`),
      );
      throw new Error(`The page is ${await overflow()} px wider than the viewport: ${wide.join("; ")}`);
    }
    await page.waitForTimeout(250);
  }
}

/** Tiny for 50 epochs (42,200 batches) on WASM: a run that cannot end by itself while a test looks at it. */
export const LONG_TINY = "#v=1&ds=mnist&l=c8k5,mp2,c16k5,mp2,f&opt=adam&lr=0.005&bs=64&ep=50&vf=0.1&seed=42";

/**
 * Opens the app at `hash` in a new 1280×800 page with the tour dismissed, collecting its problems (watchPage). A
 * test that answers requests itself (page.route) passes serviceWorkers "block": requests the app's service worker
 * answers never reach page.route.
 */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  hash: string,
  serviceWorkers: "allow" | "block" = "allow",
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, serviceWorkers });
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
  const problems = watchPage(page, baseUrl);
  await page.goto(`${baseUrl}${hash}`, { timeout: 180_000 });
  return { page, problems };
}

/** The button named exactly `name`. */
export const buttonNamed = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** The batch the progress label shows ("Batch 1,234 of 8,440" → 1234), 0 before one. */
export async function batchShown(page: Page): Promise<number> {
  const text = (await page.locator(".run-progress__labels").first().textContent()) ?? "";
  return Number(/Batch ([\d,]+) of/.exec(text)?.[1].replace(/,/g, "") ?? 0);
}

/**
 * Opens the app at `hash` in a browser context of its own (axe opens a blank page beside the one it checks, which a
 * page made by browser.newPage cannot have), under a colour scheme, collecting its problems (watchPage). The tour of
 * a first visit is dismissed unless `tour` is set. `close` ends the context.
 */
export async function openInContext(
  browser: Browser,
  baseUrl: string,
  hash: string,
  options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark"; tour?: boolean } = {},
): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const { viewport = { width: 1280, height: 800 }, colorScheme = "light", tour = false } = options;
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  if (!tour) await page.addInitScript(() => localStorage.setItem("cnn-playground-tour", "dismissed"));
  await page.emulateMedia({ colorScheme });
  const problems = watchPage(page, baseUrl);
  await page.goto(`${baseUrl}${hash}`, { timeout: 180_000 });
  return { page, problems, close: () => context.close() };
}
