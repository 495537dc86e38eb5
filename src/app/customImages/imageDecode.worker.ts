// The image decoder's worker: every byte of a person's files is read, checked and decoded here, off the page's
// thread, so a folder of big photos (or a hostile file) never freezes the page. See decodeWorker.ts.
import { expose, transfer } from "comlink";
import { cropResize } from "../../core/custom/cropResize.ts";
import { HEADER_BYTES } from "../../core/custom/imageHeader.ts";
import { decodeSide, screenImage } from "../../core/custom/screenImage.ts";

export interface DecodeTarget {
  size: number;
  channels: 1 | 3;
}

/** One file's outcome: its pixels (size × size × channels bytes), or why it was refused. */
export type DecodeOutcome = { image: Uint8Array } | { reason: string };

const UNDECODABLE = "could not be decoded (the file is damaged or its format is not supported)";

/**
 * One file as a training image. The header is read first and a file too big, too large in pixels or not an image
 * is refused before the browser decodes anything; a big photo is decoded already shrunk (resizeWidth) so that
 * memory stays near what the target needs. An animated image gives its first frame.
 */
async function decodeOne(file: File, target: DecodeTarget): Promise<DecodeOutcome> {
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const screened = screenImage(file.type, file.size, head);
  if (!screened.ok) return { reason: screened.reason };
  const { width, height } = screened.header;
  const side = Math.min(width, height);
  const wanted = decodeSide(side, target.size);
  let bitmap: ImageBitmap;
  try {
    // width only: the browser keeps the aspect ratio, also for a photo its EXIF orientation turns
    const shrink = wanted < side ? { resizeWidth: Math.max(1, Math.round((width * wanted) / side)) } : {};
    bitmap = await createImageBitmap(file, { ...shrink, resizeQuality: "high" });
  } catch {
    return { reason: UNDECODABLE };
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) return { reason: "could not be decoded (no canvas in this browser's workers)" };
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    return { image: cropResize(rgba, bitmap.width, bitmap.height, target.size, target.channels) };
  } catch {
    return { reason: UNDECODABLE };
  } finally {
    bitmap.close();
  }
}

export const imageDecodeApi = {
  /** The files' outcomes, in order; the pixels are transferred, not copied. */
  async decodeBatch(files: File[], target: DecodeTarget): Promise<DecodeOutcome[]> {
    const outcomes: DecodeOutcome[] = [];
    for (const file of files) {
      try {
        outcomes.push(await decodeOne(file, target));
      } catch {
        outcomes.push({ reason: "could not be read" });
      }
    }
    const buffers = outcomes.flatMap((o) => ("image" in o ? [o.image.buffer as ArrayBuffer] : []));
    return transfer(outcomes, buffers);
  },
};

export type ImageDecodeApi = typeof imageDecodeApi;

expose(imageDecodeApi);
