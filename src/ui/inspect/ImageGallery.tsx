import type { GalleryItem } from "../../app/inspectStore.ts";
import { formatPercent } from "./inspectFormat.ts";
import { grayBytesToRgba, PixelCanvas } from "./PixelCanvas.tsx";

/** Props of ImageGallery: test images with what the model made of them. */
export interface ImageGalleryProps {
  items: GalleryItem[];
  classNames: readonly string[];
  /** Image side in pixels (28 for MNIST). */
  side: number;
  /** Label of the list, e.g. "Images: true 4, predicted 9". */
  label: string;
  /** Shows the baseline's prediction next to the variant's (flipped predictions). */
  showBaseline?: boolean;
  /** Opens an image in the activation maps. */
  onPick?(index: number): void;
}

/** A grid of test images: true and predicted class, the top-3 probabilities; a click shows its activations. */
export function ImageGallery({ items, classNames, side, label, showBaseline = false, onPick }: ImageGalleryProps) {
  return (
    <ul className="gallery" aria-label={label}>
      {items.map((item) => {
        const text = `Test image ${item.index}: true ${classNames[item.label]}, predicted ${classNames[item.predicted]}`;
        return (
          <li key={item.index} className="gallery__item">
            <button
              type="button"
              className="gallery__button"
              title={`Show the activations of test image ${item.index}`}
              aria-label={`${text}. Show its activations`}
              onClick={() => onPick?.(item.index)}
              disabled={!onPick}
            >
              <PixelCanvas rgba={grayBytesToRgba(item.pixels)} width={side} height={side} size={56} />
            </button>
            <div className="gallery__text small">
              <div>
                true <strong>{classNames[item.label]}</strong>
              </div>
              {showBaseline && item.baseline !== undefined && <div>baseline {classNames[item.baseline]}</div>}
              <div className={item.predicted === item.label ? "" : "gallery__wrong"}>
                pred. <strong>{classNames[item.predicted]}</strong>
              </div>
              <ul className="gallery__top3" aria-label="Top 3">
                {item.top3.map((t) => (
                  <li key={t.classIndex}>
                    {classNames[t.classIndex]}: {formatPercent(t.probability, 0)}
                  </li>
                ))}
              </ul>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
