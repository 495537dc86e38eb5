import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { artifactDir, buttonNamed, expectNoOverflow, launchBrowser, openApp, snap } from "./browser.ts";
import { barImages } from "./customImages.ts";
import { FILTER_INT8, KEPT_VARIANT, keepVariant } from "./tinyModel.ts";

// Your images: two classes made from generated image files, Tiny trained on them in the page, the confusion matrix
// with the class names, and the classes found again after a reload.

let browser: Browser;
const baseUrl = inject("baseUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// Tiny, 12 epochs of batches of 16 on WASM (about 40 training images: 3 batches an epoch); the lab set to a
// filter-pruned int8 variant
const TINY_SMALL = `#v=1&ds=mnist&l=c8k5,mp2,c16k5,mp2,f&opt=adam&lr=0.005&bs=16&ep=12&vf=0.1&seed=42&be=wasm${FILTER_INT8}`;

const group = (page: Page, name: string) => page.getByRole("group", { name, exact: true });
const countOf = async (page: Page, name: string) =>
  (await group(page, name)
    .getByText(/^\d+ images$/)
    .textContent()) ?? "";

it("makes two classes from image files, trains Tiny on them, and finds them again after a reload", async () => {
  const { page, problems } = await openApp(browser, baseUrl, TINY_SMALL);
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Your images" });
  await expect.poll(() => group(page, "Class 1").count()).toBe(1);
  expect(await group(page, "Class 2").count()).toBe(1);
  expect(await page.getByText("Up to 5,000 images", { exact: false }).count()).toBeGreaterThan(0);
  // no images yet: Train says why it does not start
  await expect.poll(() => buttonNamed(page, "Train").isEnabled(), { timeout: 240_000 }).toBe(true);
  await buttonNamed(page, "Train").click();
  await expect.poll(() => page.getByText(/Not trained: Add images to at least 2 classes/).count()).toBe(1);

  await page.getByLabel("Add images to Class 1", { exact: true }).setInputFiles(barImages("vertical", 30, 1));
  await expect.poll(() => countOf(page, "Class 1"), { timeout: 60_000 }).toBe("30 images");
  await page.getByLabel("Add images to Class 2", { exact: true }).setInputFiles(barImages("horizontal", 30, 2));
  await expect.poll(() => countOf(page, "Class 2"), { timeout: 60_000 }).toBe("30 images");
  // a file that is not an image is refused, with why
  await page
    .getByLabel("Add images to Class 2", { exact: true })
    .setInputFiles([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") }]);
  await expect.poll(() => page.getByText("notes.txt: not an image (its type is text/plain)").count()).toBe(1);
  expect(await countOf(page, "Class 2")).toBe("30 images");
  await page.getByLabel("Name of class 1", { exact: true }).fill("Verticals");
  await page.getByLabel("Name of class 2", { exact: true }).fill("Horizontals");
  expect(await group(page, "Verticals").getByRole("img").count()).toBe(30);
  expect(await page.getByText("Training: 48 images · Test: 12 images").count()).toBe(1);
  expect(await page.getByText("Class balance: Verticals 30 · Horizontals 30").count()).toBe(1);
  expect(await page.getByText(/Not trained:/).count()).toBe(0); // the refusal went with the change
  await page.getByRole("heading", { name: "Dataset", exact: true }).scrollIntoViewIfNeeded();
  await snap(page, "custom-classes-1280x800", false);

  await buttonNamed(page, "Train").click();
  const accuracy = page.getByLabel("Test accuracy", { exact: true });
  await expect.poll(() => accuracy.count(), { timeout: 600_000, interval: 2_000 }).toBe(1);
  // the confusion matrix names the classes; its diagonal holds most of the 12 test images
  const matrix = page.getByRole("region", { name: "Confusion matrix", exact: true });
  const cells = matrix.getByRole("button", { name: /^True .+, predicted .+: \d+ images$/ });
  await expect.poll(() => cells.count(), { timeout: 300_000, interval: 2_000 }).toBe(4);
  const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
  const parsed = labels.map((label) => /^True (.+), predicted (.+): (\d+) images$/.exec(label)!.slice(1));
  expect(new Set(parsed.map(([t]) => t))).toEqual(new Set(["Verticals", "Horizontals"]));
  const right = parsed.filter(([t, p]) => t === p).reduce((sum, [, , n]) => sum + Number(n), 0);
  const total = parsed.reduce((sum, [, , n]) => sum + Number(n), 0);
  console.log(`Test accuracy ${await accuracy.textContent()}; ${right} of ${total} right`);
  expect(total).toBe(12);
  expect(right / total).toBeGreaterThan(0.75);
  // the other views of Look inside read the model too
  const inspect = page.getByRole("region", { name: "Look inside", exact: true });
  const activations = inspect.getByRole("region", { name: "Activations", exact: true });
  await expect.poll(() => activations.locator("canvas").count(), { timeout: 300_000 }).toBeGreaterThan(3);
  const misclassified = inspect.getByRole("region", { name: "Misclassified", exact: true });
  expect(await misclassified.count()).toBe(1);
  // the drawing pad asks for a shape, not an MNIST digit
  expect(await inspect.getByRole("region", { name: "Draw a shape", exact: true }).count()).toBe(1);
  // the compression lab measures a variant on the same test images, and Look inside offers it
  await keepVariant(page);
  await expect
    .poll(() => inspect.getByLabel("Model shown", { exact: true }).locator("option").allTextContents())
    .toContain(KEPT_VARIANT);
  await matrix.scrollIntoViewIfNeeded();
  await snap(page, "custom-trained-1280x800", false);
  // a third class: the two-class model cannot read it, so it is set aside (the next Train starts a new model)
  await buttonNamed(page, "Add class").click();
  await expect.poll(() => group(page, "Class 3").count()).toBe(1);
  await expect.poll(() => page.getByText(/the trained model was set aside/).count(), { timeout: 60_000 }).toBe(1);
  await buttonNamed(page, "Delete class Class 3").click();
  await expect.poll(() => group(page, "Class 3").count()).toBe(0);

  // a reload finds the classes, their names and images
  await page.reload();
  await expect.poll(() => group(page, "Verticals").count(), { timeout: 120_000 }).toBe(1);
  expect(await page.getByLabel("Name of class 2", { exact: true }).inputValue()).toBe("Horizontals");
  await expect.poll(() => countOf(page, "Verticals")).toBe("30 images");
  expect(await countOf(page, "Horizontals")).toBe("30 images");
  await page.getByRole("button", { name: "Delete image 3 of Verticals", exact: true }).click();
  await expect.poll(() => countOf(page, "Verticals")).toBe("29 images");
  // an image file dropped onto a class joins it
  const png = barImages("vertical", 1, 9)[0].buffer.toString("base64");
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
    return transfer;
  }, png);
  await group(page, "Verticals").dispatchEvent("drop", { dataTransfer });
  await expect.poll(() => countOf(page, "Verticals"), { timeout: 60_000 }).toBe("30 images");
  // every class and image as one file; importing it back replaces the classes (here: restores a deleted image)
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    buttonNamed(page, "Export images (one file)").click(),
  ]);
  const exported = `${artifactDir()}your-images.cnpi`;
  await download.saveAs(exported);
  await page.getByRole("button", { name: "Delete image 1 of Horizontals", exact: true }).click();
  await expect.poll(() => countOf(page, "Horizontals")).toBe("29 images");
  const importer = page.getByLabel("Import images from an exported file", { exact: true });
  await importer.setInputFiles([
    { name: "broken.cnpi", mimeType: "application/octet-stream", buffer: Buffer.from("CNPI?") },
  ]);
  await expect.poll(() => page.getByText(/^broken\.cnpi was not imported: /).count(), { timeout: 60_000 }).toBe(1);
  await importer.setInputFiles(exported);
  await expect.poll(() => countOf(page, "Horizontals"), { timeout: 60_000 }).toBe("30 images");
  expect(await countOf(page, "Verticals")).toBe("30 images");
  expect(await page.getByText("Imported 60 images in 2 classes from your-images.cnpi.").count()).toBe(1);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoOverflow(page);
  // a long name without spaces wraps in its buttons and the balance line instead of widening the page
  await page
    .getByLabel("Name of class 2", { exact: true })
    .fill("Averyveryverylongclassnamewithoutanyspacesatallxxxxxxxx");
  await expect.poll(() => page.getByText(/^Class balance: .*Averyvery/).count()).toBe(1);
  await expectNoOverflow(page);
  await group(page, "Verticals").scrollIntoViewIfNeeded();
  await snap(page, "custom-classes-390x844", false);
  expect(problems).toEqual([]);
  await page.close();
}, 900_000);

it("a link to an experiment on someone's own images says the images are not in it", async () => {
  const { page, problems } = await openApp(browser, baseUrl, TINY_SMALL.replace("ds=mnist", "ds=custom"));
  const message =
    "This experiment uses its author's own images, which are not in the link: add your own classes below.";
  await expect.poll(() => page.getByText(message).count(), { timeout: 60_000 }).toBe(1);
  // the trainer starts as for a bundled dataset: the badge names the backend before any Train
  await expect.poll(() => page.getByText(/Starting backend/).count(), { timeout: 180_000 }).toBe(0);
  expect(await page.getByText(/WebAssembly|WebGL|WebGPU|CPU/).count()).toBeGreaterThan(0);
  await expect
    .poll(() => page.getByText("uses your own images", { exact: false }).count(), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await snap(page, "custom-link-1280x800", false);
  expect(problems).toEqual([]);
  await page.close();
}, 300_000);

/** Holds "Hold to record" of the class's webcam until it took at least 2 frames; waits for them in the class. */
async function holdToRecord(page: Page, name: string): Promise<void> {
  const webcam = page.getByRole("group", { name: `Webcam for ${name}`, exact: true });
  const video = webcam.getByLabel("Webcam picture", { exact: true });
  await expect
    .poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const hold = webcam.getByRole("button", { name: "Hold to record", exact: true });
  await hold.scrollIntoViewIfNeeded();
  const box = (await hold.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const taken = webcam.getByText(new RegExp(`^([2-9]|\\d\\d+) frames taken for ${name}$`));
  await expect.poll(() => taken.count(), { timeout: 60_000 }).toBe(1);
  await page.mouse.up();
  await expect
    .poll(async () => Number((await countOf(page, name)).split(" ")[0]), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
}

it("records frames from the webcam while Hold to record is held, and trains on 32×32 colour", async () => {
  // Chromium's fake camera (a moving test pattern), with the permission granted
  const camBrowser = await launchBrowser({ fakeCamera: true });
  try {
    const { page, problems } = await openApp(camBrowser, baseUrl, TINY_SMALL.replace("ds=mnist", "ds=custom"));
    await expect.poll(() => group(page, "Class 1").count(), { timeout: 60_000 }).toBe(1);
    await group(page, "Class 1").getByRole("button", { name: "Record from webcam", exact: true }).click();
    const webcam = page.getByRole("group", { name: "Webcam for Class 1", exact: true });
    await holdToRecord(page, "Class 1");
    await snap(page, "custom-webcam-1280x800", false);
    await webcam.getByRole("button", { name: "Close webcam", exact: true }).click();
    await group(page, "Class 2").getByRole("button", { name: "Record from webcam", exact: true }).click();
    await holdToRecord(page, "Class 2");
    // 32×32 colour: the stack reads three channels, and trains on them
    await page.getByLabel("Image size", { exact: true }).selectOption({ label: "32×32 colour" });
    await expect.poll(() => page.getByText("32×32×3").count()).toBeGreaterThan(0);
    await buttonNamed(page, "Train").click();
    await expect.poll(() => page.getByLabel("Test accuracy", { exact: true }).count(), { timeout: 600_000 }).toBe(1);
    const webcam2 = page.getByRole("group", { name: "Webcam for Class 2", exact: true });
    await webcam2.getByRole("button", { name: "Close webcam", exact: true }).click();
    await expect.poll(() => webcam2.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  } finally {
    await camBrowser.close();
  }
}, 300_000);
