import { useEffect, useRef } from "react";

/** Props of PixelCanvas: RGBA bytes of a width × height image, drawn `size` CSS pixels wide. */
export interface PixelCanvasProps {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** CSS width in pixels; the height keeps the aspect ratio. */
  size: number;
  /** What the image shows, for screen readers (omit for a decorative tile inside a labelled group). */
  label?: string;
  title?: string;
  /** Shrinks with its container (up to `size` wide) and is `stripHeight` CSS pixels high: a strip of units. */
  stripHeight?: number;
  /** Shrinks with its container (up to `size` wide), keeping its aspect ratio. */
  fit?: boolean;
}

/** A small image (a filter, an activation map, a digit) drawn pixel for pixel, scaled up without smoothing. */
export function PixelCanvas({ rgba, width, height, size, label, title, stripHeight, fit }: PixelCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext("2d");
    if (!context || rgba.length !== width * height * 4) return;
    context.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      width={width}
      height={height}
      title={title}
      style={
        stripHeight
          ? { width: "100%", maxWidth: size, height: stripHeight }
          : fit
            ? { width: size, maxWidth: "100%", height: "auto" }
            : { width: size, height: Math.round((size * height) / width) }
      }
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
    />
  );
}

/** RGBA of a uint8 grayscale image (0 = black background, as MNIST stores digits), white on black. */
export function grayBytesToRgba(pixels: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels.length * 4);
  pixels.forEach((v, i) => {
    out.set([v, v, v, 255], i * 4);
  });
  return out;
}
