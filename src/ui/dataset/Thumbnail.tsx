import { useEffect, useRef } from "react";

/** Props of a Thumbnail: one stored image, size² pixels of 1 or 3 channels. */
export interface ThumbnailProps {
  pixels: Uint8Array;
  size: number;
  channels: number;
  label: string;
}

/** One small image on a canvas, scaled up by CSS without smoothing. */
export function Thumbnail({ pixels, size, channels, label }: ThumbnailProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext("2d");
    if (!context) return;
    const image = new ImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      for (let c = 0; c < 3; c++) image.data[i * 4 + c] = pixels[i * channels + (channels === 1 ? 0 : c)];
      image.data[i * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, size, channels]);
  return (
    <canvas ref={canvasRef} className="class-card__thumb" width={size} height={size} role="img" aria-label={label} />
  );
}
