import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { imageHeader, imageKind } from "./imageHeader.ts";
import { MAX_PIXELS, screenImage, tooManyFiles } from "./screenImage.ts";

// Hand-made headers: only the bytes each format's size lives in, the rest left out or zero.
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16((n >>> 16) & 0xffff)];

const PNG_SIGNATURE = [0x89, ..."PNG\r\n\x1a\n"].map((c) => (typeof c === "number" ? c : c.charCodeAt(0)));
const pngHeader = (w: number, h: number, extra: number[] = []) =>
  bytes(PNG_SIGNATURE, be32(13), "IHDR", be32(w), be32(h), [8, 6, 0, 0, 0], [0, 0, 0, 0], extra);
const chunk = (type: string, length: number) => [...be32(length), ...bytes(type), ...new Array(length + 4).fill(0)];

describe("imageHeader", () => {
  it("reads a PNG's IHDR, including a claimed 20,000×20,000 image", () => {
    expect(imageHeader(pngHeader(640, 480))).toEqual({ type: "png", width: 640, height: 480, animated: false });
    expect(imageHeader(pngHeader(20_000, 20_000))).toMatchObject({ width: 20_000, height: 20_000 });
  });

  it("calls a PNG with an acTL chunk before its image data animated (APNG)", () => {
    expect(imageHeader(pngHeader(10, 10, chunk("acTL", 8)))?.animated).toBe(true);
    expect(imageHeader(pngHeader(10, 10, [...chunk("IDAT", 3), ...chunk("acTL", 8)]))?.animated).toBe(false);
  });

  it("finds a JPEG's start of frame after other segments and fill bytes", () => {
    const jpeg = bytes(
      [0xff, 0xd8],
      [0xff, 0xe0, 0x00, 0x06, 1, 2, 3, 4], // APP0, length 6
      [0xff, 0xff], // fill
      [0xff, 0xdb, 0x00, 0x03, 9], // DQT, length 3
      [0xff, 0xc2, 0x00, 0x11, 8, 0x01, 0xe0, 0x02, 0x80, 3], // progressive SOF: 480 high, 640 wide
    );
    expect(imageHeader(jpeg)).toEqual({ type: "jpeg", width: 640, height: 480, animated: false });
    // a huffman table (C4) is not a frame
    expect(imageHeader(bytes([0xff, 0xd8, 0xff], [0xc4, 0x00, 0x07, 8, 0x01, 0xe0, 0x02, 0x80]))).toBeNull();
  });

  it("reads a GIF's screen size and counts its frames", () => {
    const frame = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 1, 0, 0];
    const still = bytes("GIF89a", le16(300), le16(200), [0, 0, 0], frame, [0x3b]);
    expect(imageHeader(still)).toEqual({ type: "gif", width: 300, height: 200, animated: false });
    const twoFrames = bytes("GIF89a", le16(300), le16(200), [0x80, 0, 0], new Array(6).fill(0), frame, frame);
    expect(imageHeader(twoFrames)?.animated).toBe(true);
  });

  it("reads WebP's three kinds: lossy VP8, lossless VP8L and extended VP8X (with its animation flag)", () => {
    const riff = (kind: string, data: number[]) => bytes("RIFF", le32(100), "WEBP", kind, le32(data.length), data);
    const vp8 = riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(400), ...le16(300)]);
    expect(imageHeader(vp8)).toEqual({ type: "webp", width: 400, height: 300, animated: false });
    const bits = (400 - 1) | ((300 - 1) << 14);
    const vp8l = riff("VP8L", [0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 15]);
    expect(imageHeader(vp8l)).toEqual({ type: "webp", width: 400, height: 300, animated: false });
    const vp8x = riff("VP8X", [0x02, 0, 0, 0, ...le24(20_000 - 1), ...le24(15_000 - 1)]);
    expect(imageHeader(vp8x)).toEqual({ type: "webp", width: 20_000, height: 15_000, animated: true });
  });

  it("reads a BMP's size, top-down (negative height) or old OS/2 header", () => {
    const bmp = (dib: number, size: number[]) => bytes("BM", new Array(12).fill(0), le32(dib), size);
    expect(imageHeader(bmp(40, [...le32(64), ...le32(-32)]))).toEqual({
      type: "bmp",
      width: 64,
      height: 32,
      animated: false,
    });
    expect(imageHeader(bmp(12, [...le16(64), ...le16(32), 0, 0, 0, 0]))).toMatchObject({ width: 64, height: 32 });
  });

  it("knows nothing else: text, truncated headers and zero sizes give null", () => {
    expect(imageKind(bytes("hello, this is text"))).toBeNull();
    expect(imageHeader(bytes("hello, this is text"))).toBeNull();
    expect(imageHeader(pngHeader(640, 480).subarray(0, 20))).toBeNull();
    expect(imageHeader(pngHeader(0, 480))).toBeNull();
    expect(imageHeader(new Uint8Array())).toBeNull();
  });

  it("never throws on any bytes, and any size it reads is positive", () => {
    const prefixes = [PNG_SIGNATURE, [0xff, 0xd8, 0xff], bytes("GIF89a"), bytes("RIFF0000WEBPVP8X"), bytes("BM")];
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes.map((p) => [...p])),
        fc.uint8Array({ maxLength: 200 }),
        (prefix, rest) => {
          const header = imageHeader(new Uint8Array([...prefix, ...rest]));
          if (header) expect(header.width > 0 && header.height > 0).toBe(true);
        },
      ),
      { numRuns: fuzzRuns() },
    );
  });
});

describe("screenImage", () => {
  const png = pngHeader(640, 480);

  it("passes a plain image and refuses empty, oversized, non-image and unreadable files with a reason", () => {
    expect(screenImage("image/png", 5000, png)).toMatchObject({ ok: true, header: { width: 640 } });
    expect(screenImage("", 5000, png).ok).toBe(true); // dropped files may have no type
    expect(screenImage("image/png", 0, new Uint8Array())).toEqual({ ok: false, reason: "the file is empty (0 bytes)" });
    expect(screenImage("image/png", 60 * 1024 * 1024, png)).toMatchObject({
      reason: expect.stringMatching(/60\.0 MB; the limit is 50\.0 MB/),
    });
    expect(screenImage("text/plain", 5000, png)).toMatchObject({ reason: expect.stringMatching(/not an image/) });
    expect(screenImage("image/png", 20, bytes("just some text here"))).toMatchObject({
      reason: expect.stringMatching(/not a PNG, JPEG, GIF, WebP or BMP/),
    });
    expect(screenImage("image/png", 20, png.subarray(0, 20))).toMatchObject({
      reason: expect.stringMatching(/damaged PNG header/),
    });
  });

  it("refuses a header that claims 20,000×20,000 pixels before anything decodes it", () => {
    expect(screenImage("image/png", 5000, pngHeader(20_000, 20_000))).toEqual({
      ok: false,
      reason: "20,000×20,000 is too large (the limit is 50 megapixels)",
    });
    expect(screenImage("image/png", 5000, pngHeader(MAX_PIXELS / 5000, 5000)).ok).toBe(true);
    expect(screenImage("image/png", 5000, pngHeader(MAX_PIXELS / 5000 + 1, 5000)).ok).toBe(false);
  });

  it("refuses more than 5,000 files in one call", () => {
    expect(tooManyFiles(5000)).toBeNull();
    expect(tooManyFiles(5001)).toBe("5,001 files at once: the limit is 5,000 per import");
  });
});
