// The checks an image file passes before it is decoded, from what is known without decoding: its declared type,
// its byte count and its header. Each refusal is a sentence a person can act on.
import { imageHeader, imageKind, type ImageHeader } from "./imageHeader.ts";

/** A file larger than this is refused unread. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** An image with more pixels than this is refused before decoding (its bitmap alone would take 200 MB). */
export const MAX_PIXELS = 50_000_000;
/** At most this many files in one decodeImageFiles call. */
export const MAX_FILES_PER_CALL = 5000;

export type Screened = { ok: true; header: ImageHeader } | { ok: false; reason: string };

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Whether a file may be decoded: `mime` is the browser's guess (often from the name alone, so never trusted on
 * its own), `byteLength` its size and `head` its first bytes (HEADER_BYTES of them, or all when fewer).
 */
export function screenImage(mime: string, byteLength: number, head: Uint8Array): Screened {
  if (byteLength === 0) return { ok: false, reason: "the file is empty (0 bytes)" };
  if (byteLength > MAX_FILE_BYTES) {
    return { ok: false, reason: `the file is ${megabytes(byteLength)}; the limit is ${megabytes(MAX_FILE_BYTES)}` };
  }
  if (mime !== "" && !mime.startsWith("image/")) {
    return { ok: false, reason: `not an image (its type is ${mime})` };
  }
  const kind = imageKind(head);
  if (!kind) return { ok: false, reason: "not a PNG, JPEG, GIF, WebP or BMP image (its first bytes say otherwise)" };
  const header = imageHeader(head);
  if (!header) return { ok: false, reason: `a damaged ${kind.toUpperCase()} header: its size cannot be read` };
  const pixels = header.width * header.height;
  if (pixels > MAX_PIXELS) {
    const dims = `${header.width.toLocaleString("en-US")}×${header.height.toLocaleString("en-US")}`;
    return { ok: false, reason: `${dims} is too large (the limit is ${MAX_PIXELS / 1e6} megapixels)` };
  }
  return { ok: true, header };
}

/** Why a call with `count` files is refused whole, or null when it may go ahead. */
export function tooManyFiles(count: number): string | null {
  if (count <= MAX_FILES_PER_CALL) return null;
  return `${count.toLocaleString("en-US")} files at once: the limit is ${MAX_FILES_PER_CALL.toLocaleString("en-US")} per import`;
}

/**
 * The side of the square the decoder asks the browser for: the crop's own side when small, else a few times the
 * target (enough for area averaging to look smooth) so that memory stays bounded for big photos.
 */
export function decodeSide(cropSide: number, targetSize: number): number {
  return Math.max(1, Math.min(cropSide, targetSize * 8));
}
