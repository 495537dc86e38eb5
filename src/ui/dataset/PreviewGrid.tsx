import { useEffect, useRef } from "react";

/** Props of the PreviewGrid: grayscale images (0 = background) ordered by class, equally many per class. */
export interface PreviewGridProps {
  /** count × rows × cols bytes, row-major. */
  images: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  classNames: readonly string[];
  /** Bytes per pixel; only the first channel is drawn. */
  channels?: number;
}

interface PreviewRowProps {
  images: Uint8Array;
  first: number;
  perRow: number;
  rows: number;
  cols: number;
  channels: number;
  className: string;
}

// one canvas per class: perRow images side by side, dark ink on paper for a light page
function PreviewRow({ images, first, perRow, rows, cols, channels, className }: PreviewRowProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext("2d");
    if (!context) return;
    const pixels = new ImageData(cols * perRow, rows);
    for (let k = 0; k < perRow; k++) {
      const offset = (first + k) * rows * cols * channels;
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          const ink = images[offset + (y * cols + x) * channels] ?? 0;
          const i = 4 * (y * cols * perRow + k * cols + x);
          pixels.data[i] = pixels.data[i + 1] = pixels.data[i + 2] = 255 - ink;
          pixels.data[i + 3] = 255;
        }
      }
    }
    context.putImageData(pixels, 0, 0);
  }, [images, first, perRow, rows, cols, channels]);
  return (
    <li className="preview-grid__row">
      <span className="preview-grid__label">{className}</span>
      <canvas
        ref={canvasRef}
        className="preview-grid__canvas"
        width={cols * perRow}
        height={rows}
        role="img"
        aria-label={`${perRow} sample images of ${className}`}
      />
    </li>
  );
}

/** Sample images in a grid, one row per class with its name. */
export function PreviewGrid({ images, count, rows, cols, classNames, channels = 1 }: PreviewGridProps) {
  const perRow = Math.floor(count / Math.max(1, classNames.length));
  if (perRow === 0) return null;
  return (
    <ul className="preview-grid" aria-label="Sample images per class">
      {classNames.map((name, classIndex) => (
        <PreviewRow
          key={name}
          images={images}
          first={classIndex * perRow}
          perRow={perRow}
          rows={rows}
          cols={cols}
          channels={channels}
          className={name}
        />
      ))}
    </ul>
  );
}
