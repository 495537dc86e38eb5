// Reads an image's kind and size from its first bytes, before anything decodes it: a file that claims 20,000×20,000
// pixels is refused without the browser allocating 1.6 GB for it. Pure (bytes in, numbers out), tolerant of any input.

export type ImageKind = "png" | "jpeg" | "gif" | "webp" | "bmp";

export interface ImageHeader {
  type: ImageKind;
  width: number;
  height: number;
  /** More than one frame (APNG, animated GIF or WebP): only the first is used. */
  animated: boolean;
}

/** How many leading bytes imageHeader needs at most (JPEG metadata can push the size far into the file). */
export const HEADER_BYTES = 1 << 20;

const ascii = (b: Uint8Array, at: number, text: string) =>
  at + text.length <= b.length && [...text].every((c, i) => b[at + i] === c.charCodeAt(0));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 65536 + u16be(b, at + 2);
const i32le = (b: Uint8Array, at: number) => u16le(b, at) | (u16le(b, at + 2) << 16);

/** The kind of image the magic bytes announce, or null for anything else. */
export function imageKind(b: Uint8Array): ImageKind | null {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, "PNG\r\n\x1a\n")) return "png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return "gif";
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return "webp";
  if (ascii(b, 0, "BM") && b.length >= 18) return "bmp";
  return null;
}

/** The image's kind, size and whether it is animated, read from its header; null when unknown or unreadable. */
export function imageHeader(bytes: Uint8Array): ImageHeader | null {
  const type = imageKind(bytes);
  if (!type) return null;
  const size = SIZE_READERS[type](bytes);
  if (!size || !(size.width > 0) || !(size.height > 0)) return null;
  return { type, ...size };
}

type Size = { width: number; height: number; animated: boolean } | null;

const SIZE_READERS: Record<ImageKind, (b: Uint8Array) => Size> = { png, jpeg, gif, webp, bmp };

function png(b: Uint8Array): Size {
  if (b.length < 24 || !ascii(b, 12, "IHDR")) return null;
  // an acTL chunk before the first IDAT makes an APNG
  let animated = false;
  for (let at = 8; at + 8 <= b.length;) {
    if (ascii(b, at + 4, "acTL")) animated = true;
    if (ascii(b, at + 4, "IDAT")) break;
    at += 12 + u32be(b, at);
  }
  return { width: u32be(b, 16), height: u32be(b, 20), animated };
}

function jpeg(b: Uint8Array): Size {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2; // markers without a length
      continue;
    }
    const length = u16be(b, at + 2);
    // start of frame (baseline, progressive, lossless, arithmetic); C4, C8 and CC are other tables
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return at + 9 <= b.length ? { height: u16be(b, at + 5), width: u16be(b, at + 7), animated: false } : null;
    if (length < 2) return null;
    at += 2 + length;
  }
  return null;
}

function gif(b: Uint8Array): Size {
  if (b.length < 13) return null;
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  // walk the blocks far enough to see a second frame
  let at = 13 + (b[10]! & 0x80 ? 3 << ((b[10]! & 7) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at] !== 0) at += b[at]! + 1;
    at += 1;
  };
  while (at < b.length && frames < 2) {
    const block = b[at];
    if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      const flags = b[at + 9] ?? 0;
      at += 10 + (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0) + 1;
      skipSubBlocks();
    } else break;
  }
  return { width, height, animated: frames > 1 };
}

function webp(b: Uint8Array): Size {
  const data = 20;
  if (ascii(b, 12, "VP8 ") && b.length >= data + 10) {
    if (b[data + 3] !== 0x9d || b[data + 4] !== 0x01 || b[data + 5] !== 0x2a) return null;
    return { width: u16le(b, data + 6) & 0x3fff, height: u16le(b, data + 8) & 0x3fff, animated: false };
  }
  if (ascii(b, 12, "VP8L") && b.length >= data + 5) {
    if (b[data] !== 0x2f) return null;
    const bits = b[data + 1]! | (b[data + 2]! << 8) | (b[data + 3]! << 16) | ((b[data + 4]! & 0x0f) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, animated: false };
  }
  if (ascii(b, 12, "VP8X") && b.length >= data + 10) {
    return { width: u24le(b, data + 4) + 1, height: u24le(b, data + 7) + 1, animated: (b[data]! & 0x02) !== 0 };
  }
  return null;
}

function bmp(b: Uint8Array): Size {
  if (b.length < 26) return null;
  const dib = i32le(b, 14);
  if (dib === 12) return { width: u16le(b, 18), height: u16le(b, 20), animated: false };
  // a negative height is a top-down bitmap
  return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)), animated: false };
}
