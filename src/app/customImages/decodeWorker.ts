// Decodes a person's image files into training images in a worker (imageDecode.worker.ts), a few files at a time
// so that progress can be shown and no single message carries a whole folder.
import { wrap } from "comlink";
import { MAX_FILES_PER_CALL, tooManyFiles } from "../../core/custom/screenImage.ts";
import type { DecodeTarget, ImageDecodeApi } from "./imageDecode.worker.ts";

export { MAX_FILES_PER_CALL };

/** Files sent to the worker at a time: progress moves every batch. */
const BATCH = 8;

export interface DecodeResult {
  /** One size × size × channels image per accepted file, in the files' order. */
  images: Uint8Array[];
  /** Each refused file's name and the reason, in the files' order. */
  refused: Array<{ name: string; reason: string }>;
}

/**
 * The files as centre-cropped `target.size`² images (grey by luminance when `target.channels` is 1). A file that
 * is not a PNG, JPEG, GIF, WebP or BMP, is empty, over 50 MB or over 50 megapixels, or fails to decode is refused
 * with a reason; an animated image gives its first frame. Throws when more than MAX_FILES_PER_CALL files are given
 * (nothing is decoded) or when the worker cannot start or dies; the caller enforces any overall image limit.
 */
export async function decodeImageFiles(
  files: File[],
  target: { size: number; channels: 1 | 3 },
  onProgress?: (done: number, total: number) => void,
): Promise<DecodeResult> {
  const tooMany = tooManyFiles(files.length);
  if (tooMany) throw new Error(tooMany);
  if (!Number.isInteger(target.size) || target.size < 1 || target.size > 256) {
    throw new Error(`decodeImageFiles: image size ${target.size} is not 1–256`);
  }
  const result: DecodeResult = { images: [], refused: [] };
  if (files.length === 0) return result;
  const worker = new Worker(new URL("./imageDecode.worker.ts", import.meta.url), {
    type: "module",
    name: "image decoder",
  });
  // comlink alone would wait forever on a worker that failed to load or ran out of memory
  const lost = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (event) =>
      reject(new Error(`The image decoder stopped (${event.message || "error"}); try fewer or smaller files.`)),
    );
  });
  try {
    const api = wrap<ImageDecodeApi>(worker);
    const plain: DecodeTarget = { size: target.size, channels: target.channels };
    for (let start = 0; start < files.length; start += BATCH) {
      const batch = files.slice(start, start + BATCH);
      const outcomes = await Promise.race([api.decodeBatch(batch, plain), lost]);
      outcomes.forEach((outcome, k) => {
        if ("image" in outcome) result.images.push(outcome.image);
        else result.refused.push({ name: batch[k]!.name, reason: outcome.reason });
      });
      onProgress?.(start + batch.length, files.length);
    }
  } finally {
    worker.terminate();
  }
  return result;
}
