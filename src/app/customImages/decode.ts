/**
 * Decodes the person's image files on the page: the browser decodes (createImageBitmap), a canvas hands over the
 * pixels, and cropResize makes the small square image. Files that are not images, or that the browser cannot
 * decode, are refused with a reason (the panel lists them).
 */
import { cropResize } from "../../core/custom/cropResize.ts";

const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|avif|ico|svg)$/i;

/** True when the file says it is an image, by MIME type or (with no type) by extension. */
export function looksLikeImage(file: { name: string; type: string }): boolean {
  return file.type ? file.type.startsWith("image/") : IMAGE_EXTENSIONS.test(file.name);
}

/** The pixels of a decoded bitmap, first shrunk by the browser to a few times the target (less to average). */
function pixelsOf(bitmap: ImageBitmap, size: number): { rgba: Uint8ClampedArray; width: number; height: number } {
  const scale = Math.min(1, (size * 4) / Math.min(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas =
    typeof OffscreenCanvas === "undefined"
      ? Object.assign(document.createElement("canvas"), { width, height })
      : new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d") as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new Error("no 2D canvas");
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, width, height);
  return { rgba: context.getImageData(0, 0, width, height).data, width, height };
}

/** Each file as a target.size² image of target.channels, or the reason it was refused. */
export async function decodeImageFiles(
  files: File[],
  target: { size: number; channels: 1 | 3 },
): Promise<{ images: Uint8Array[]; refused: Array<{ name: string; reason: string }> }> {
  const images: Uint8Array[] = [];
  const refused: Array<{ name: string; reason: string }> = [];
  for (const file of files) {
    if (!looksLikeImage(file)) {
      refused.push({ name: file.name, reason: "not an image file" });
      continue;
    }
    try {
      const bitmap = await createImageBitmap(file);
      try {
        const { rgba, width, height } = pixelsOf(bitmap, target.size);
        images.push(cropResize(rgba, width, height, target.size, target.channels));
      } finally {
        bitmap.close();
      }
    } catch {
      refused.push({ name: file.name, reason: "the browser could not decode it" });
    }
  }
  return { images, refused };
}
