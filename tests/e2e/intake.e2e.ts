import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { decodeImageFiles } from "../../src/app/customImages/decodeWorker.ts";
import { ACTION_TIMEOUT_MS, buttonNamed, expectNoOverflow, launchBrowser, snap, watchPage } from "./browser.ts";

// The image intake on its own test page (the intakeTestPage hook): the decoder worker fed hostile files, and the
// camera component with Chromium's fake camera (and with a refused one).

let browser: Browser;
let cameraBrowser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  [browser, cameraBrowser] = await Promise.all([launchBrowser(), launchBrowser({ fakeCamera: true })]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), cameraBrowser?.close()]);
});

type CameraMode = "real" | "denied";
/** What the test page puts on window (src/ui/IntakeTestPage.tsx). */
type IntakeWindow = { cnnPlaygroundIntake: { decodeImageFiles: typeof decodeImageFiles } };

/** The intake test page; every camera stream it opens is kept on window.intakeStreams to check it is stopped. */
async function openIntake(on: Browser, camera: CameraMode = "real"): Promise<{ page: Page; problems: string[] }> {
  const page = await on.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await page.addInitScript((mode: CameraMode) => {
    const w = window as unknown as { cnnPlaygroundTestHooks: object; intakeStreams: MediaStream[] };
    w.cnnPlaygroundTestHooks = { intakeTestPage: true };
    w.intakeStreams = [];
    const media = navigator.mediaDevices;
    const open = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      if (mode === "denied") throw new DOMException("Permission denied", "NotAllowedError");
      const stream = await open(constraints);
      w.intakeStreams.push(stream);
      return stream;
    };
  }, camera);
  const problems = watchPage(page, baseUrl);
  await page.goto(baseUrl, { timeout: 180_000 });
  await page.getByRole("heading", { name: "Image intake" }).waitFor({ timeout: 180_000 });
  return { page, problems };
}

it("decodes valid PNGs and refuses a renamed text file, an empty file, a corrupt PNG and a 20,000×20,000 claim", async () => {
  const { page, problems } = await openIntake(browser);
  const result = await page.evaluate(async () => {
    const png = async (w: number, h: number, colour: string) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext("2d")!;
      context.fillStyle = colour;
      context.fillRect(0, 0, w, h);
      return canvas.convertToBlob({ type: "image/png" });
    };
    const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
    // signature and IHDR (CRC left zero): enough for the header, nothing a decoder accepts
    const header = (w: number, h: number) => [
      0x89,
      ...ascii("PNG\r\n\x1a\n"),
      ...be32(13),
      ...ascii("IHDR"),
      ...be32(w),
      ...be32(h),
      8,
      6,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ];
    const garbage = Array.from({ length: 400 }, (_, i) => (i * 97 + 13) % 256);
    const corrupt = [...header(64, 64), ...be32(400), ...ascii("IDAT"), ...garbage, 0, 0, 0, 0];
    const files = [
      new File([await png(40, 20, "#ff0000")], "red-wide.png", { type: "image/png" }),
      new File(["just some notes, not a picture"], "notes.png", { type: "image/png" }),
      new File([await png(20, 40, "#00ff00")], "green-tall.png", { type: "image/png" }),
      new File([], "empty.png", { type: "image/png" }),
      new File([new Uint8Array(corrupt)], "corrupt.png", { type: "image/png" }),
      new File([new Uint8Array(header(20_000, 20_000))], "huge.png", { type: "image/png" }),
      new File([await png(300, 300, "#0000ff")], "blue.png", { type: "image/png" }),
    ];
    const progress: number[] = [];
    const decode = (window as unknown as IntakeWindow).cnnPlaygroundIntake.decodeImageFiles;
    const grey = await decode(files, { size: 28, channels: 1 }, (done) => progress.push(done));
    const colour = await decode(files.slice(0, 1), { size: 32, channels: 3 });
    const tooMany = await decode(new Array<File>(5001).fill(files[0]!), { size: 28, channels: 1 }).catch(
      (error: Error) => error.message,
    );
    return {
      greyLengths: grey.images.map((image) => image.length),
      greyValues: grey.images.map((image) => [...new Set(image)]),
      refused: grey.refused,
      progress,
      colour: [colour.images[0]!.length, ...colour.images[0]!.slice(0, 3)],
      tooMany,
    };
  });
  // luminance of pure red, green and blue: 76, 150, 29 (the crop removed nothing else)
  expect(result.greyLengths).toEqual([784, 784, 784]);
  expect(result.greyValues).toEqual([[76], [150], [29]]);
  expect(result.colour).toEqual([32 * 32 * 3, 255, 0, 0]);
  expect(result.refused).toEqual([
    { name: "notes.png", reason: expect.stringMatching(/^not a PNG, JPEG, GIF, WebP or BMP image/) },
    { name: "empty.png", reason: "the file is empty (0 bytes)" },
    { name: "corrupt.png", reason: expect.stringMatching(/^could not be decoded/) },
    { name: "huge.png", reason: "20,000×20,000 is too large (the limit is 50 megapixels)" },
  ]);
  expect(result.progress.at(-1)).toBe(7);
  expect(result.tooMany).toBe("5,001 files at once: the limit is 5,000 per import");
  expect(problems).toEqual([]);
});

it("decodes the other kinds too: JPEG and WebP from the browser's encoders, a hand-made BMP and GIF", async () => {
  const { page, problems } = await openIntake(browser);
  const ranges = await page.evaluate(async () => {
    const encoded = async (w: number, h: number, colour: string, type: string) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext("2d")!;
      context.fillStyle = colour;
      context.fillRect(0, 0, w, h);
      return canvas.convertToBlob({ type, quality: 0.95 });
    };
    const le = (n: number, bytes: number) => Array.from({ length: bytes }, (_, i) => (n >>> (8 * i)) & 255);
    const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
    // 2×2 white, 24 bits a pixel: rows of 6 bytes padded to 8
    const bmp = [
      ...ascii("BM"),
      ...le(70, 4),
      ...le(0, 4),
      ...le(54, 4),
      ...le(40, 4),
      ...le(2, 4),
      ...le(2, 4),
      ...le(1, 2),
      ...le(24, 2),
      ...le(0, 4),
      ...le(16, 4),
      ...le(2835, 4),
      ...le(2835, 4),
      ...le(0, 4),
      ...le(0, 4),
      ...new Array<number>(16).fill(255),
    ];
    // 1×1, its one colour white
    const gif = [
      ...ascii("GIF89a"),
      1,
      0,
      1,
      0,
      0x80,
      0,
      0,
      255,
      255,
      255,
      0,
      0,
      0,
      0x2c,
      0,
      0,
      0,
      0,
      1,
      0,
      1,
      0,
      0,
      2,
      2,
      0x44,
      0x01,
      0,
      0x3b,
    ];
    const files = [
      new File([await encoded(50, 30, "#0000ff", "image/jpeg")], "blue.jpg", { type: "image/jpeg" }),
      new File([await encoded(30, 50, "#00ff00", "image/webp")], "green.webp", { type: "image/webp" }),
      new File([new Uint8Array(bmp)], "white.bmp", { type: "image/bmp" }),
      new File([new Uint8Array(gif)], "white.gif", { type: "" }),
    ];
    const decode = (window as unknown as IntakeWindow).cnnPlaygroundIntake.decodeImageFiles;
    const { images, refused } = await decode(files, { size: 28, channels: 1 });
    return { refused, ranges: images.map((image) => [Math.min(...image), Math.max(...image)]) };
  });
  expect(ranges.refused).toEqual([]);
  // lossy encoders move a flat colour by a few levels; luminance of blue is 29, of green 150
  const [jpeg, webp, bmp, gif] = ranges.ranges;
  for (const v of jpeg!) expect(Math.abs(v - 29)).toBeLessThanOrEqual(6);
  for (const v of webp!) expect(Math.abs(v - 150)).toBeLessThanOrEqual(6);
  expect(bmp).toEqual([255, 255]);
  expect(gif).toEqual([255, 255]);
  expect(problems).toEqual([]);
});

it("keeps the page responsive while 300 images decode: animation frames keep coming", async () => {
  const { page, problems } = await openIntake(browser);
  const result = await page.evaluate(async () => {
    const files: File[] = [];
    const canvas = new OffscreenCanvas(400, 300);
    const context = canvas.getContext("2d")!;
    for (let k = 0; k < 300; k++) {
      context.fillStyle = `hsl(${k} 80% 50%)`;
      context.fillRect(0, 0, 400, 300);
      context.fillStyle = "#fff";
      context.fillRect(k % 300, 50, 60, 200);
      files.push(new File([await canvas.convertToBlob({ type: "image/png" })], `${k}.png`, { type: "image/png" }));
    }
    let frames = 0;
    let counting = true;
    const tick = () => {
      frames += 1;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const progress: number[] = [];
    const { images, refused } = await (window as unknown as IntakeWindow).cnnPlaygroundIntake.decodeImageFiles(
      files,
      { size: 28, channels: 1 },
      (done) => progress.push(done),
    );
    counting = false;
    return { frames, progressCalls: progress.length, last: progress.at(-1), images: images.length, refused };
  });
  console.log(
    `300 images decoded while the page drew ${result.frames} frames (${result.progressCalls} progress calls)`,
  );
  expect(result.images).toBe(300);
  expect(result.refused).toEqual([]);
  expect(result.progressCalls).toBeGreaterThan(10);
  expect(result.last).toBe(300);
  expect(result.frames).toBeGreaterThan(10);
  expect(problems).toEqual([]);
});

it("records frames from the camera while the button is held (pointer and keyboard) and stops the camera on close", async () => {
  const { page, problems } = await openIntake(cameraBrowser);
  const record = buttonNamed(page, "Hold to record");
  await expect.poll(() => record.isEnabled(), { timeout: 120_000 }).toBe(true);
  const taken = async () => Number(/\d+/.exec((await page.getByLabel("Frames taken").textContent()) ?? "")?.[0] ?? -1);
  const received = async () => Number(await page.getByLabel("Frames received").textContent());

  const box = (await record.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await expect.poll(taken, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  expect(await record.getAttribute("aria-pressed")).toBe("true");
  await page.mouse.up();
  await expect.poll(received, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  expect(await received()).toBe(await taken());

  await record.focus();
  const before = await taken();
  await page.keyboard.down("Space");
  await expect.poll(taken, { timeout: 120_000 }).toBeGreaterThanOrEqual(before + 2);
  await page.keyboard.up("Space");
  await expect.poll(received, { timeout: 60_000 }).toBe(await taken());
  expect(await record.getAttribute("aria-pressed")).toBe("false");
  await snap(page, "intake-camera-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "intake-camera-390");

  await buttonNamed(page, "Close webcam").click();
  await page.getByText("Camera closed").waitFor();
  const tracks = () =>
    page.evaluate(() =>
      (window as unknown as { intakeStreams: MediaStream[] }).intakeStreams
        .flatMap((s) => s.getTracks())
        .map((t) => t.readyState),
    );
  await expect.poll(async () => [...new Set(await tracks())], { timeout: 30_000 }).toEqual(["ended"]);
  expect(problems).toEqual([]);
});

it("says plainly that no camera is available when the browser refuses one", async () => {
  const { page, problems } = await openIntake(browser, "denied");
  await expect
    .poll(() => page.getByRole("alert").textContent(), { timeout: 60_000 })
    .toMatch(/^No camera available: permission to use it was denied/);
  expect(await buttonNamed(page, "Hold to record").count()).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  await snap(page, "intake-camera-denied-390");
  expect(problems).toEqual([]);
});
