import { useId, useState, type DragEvent } from "react";
import { formatInt } from "../format.ts";
import { Thumbnail } from "./Thumbnail.tsx";

/** Thumbnails shown per class; the others are counted (thousands of canvases would slow the page). */
export const MAX_THUMBNAILS = 120;

/** Props of a ClassCard: one class's name, images and what may be done with it. */
export interface ClassCardProps {
  index: number;
  name: string;
  images: ReadonlyArray<{ id: number; pixels: Uint8Array }>;
  /** Stored image size and channels (thumbnails). */
  size: number;
  channels: number;
  disabled: boolean;
  canDelete: boolean;
  onRename(name: string): void;
  onAddFiles(files: File[]): void;
  onDeleteImage(imageId: number): void;
  onDeleteClass(): void;
  onRecord(): void;
}

/** One class of the person's images: name, add (files, a folder, drop, webcam), thumbnails with delete. */
export function ClassCard(props: ClassCardProps) {
  const { index, name, images, size, channels, disabled } = props;
  const nameId = useId();
  const filesId = useId();
  const folderId = useId();
  const [dragging, setDragging] = useState(false);
  const shown = name.trim() || `Class ${index + 1}`;
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) props.onAddFiles(Array.from(event.dataTransfer.files));
  };
  const take = (input: HTMLInputElement) => {
    props.onAddFiles(Array.from(input.files ?? []));
    input.value = ""; // the same files may be chosen again
  };
  return (
    <div
      role="group"
      aria-label={shown}
      className={`class-card${dragging ? " class-card--dragging" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="class-card__head">
        <div className="field">
          <label htmlFor={nameId}>Name of class {index + 1}</label>
          <input
            id={nameId}
            type="text"
            value={name}
            maxLength={100}
            disabled={disabled}
            onChange={(e) => props.onRename(e.target.value)}
          />
        </div>
        <span className="muted small">{formatInt(images.length)} images</span>
        {props.canDelete && (
          <button type="button" className="button" disabled={disabled} onClick={props.onDeleteClass}>
            Delete class {shown}
          </button>
        )}
      </div>
      <div className="button-row">
        <input
          id={filesId}
          className="visually-hidden"
          type="file"
          accept="image/*"
          multiple
          disabled={disabled}
          onChange={(e) => take(e.target)}
        />
        <label htmlFor={filesId} className="button class-card__file">
          Add images to {shown}
        </label>
        <input
          id={folderId}
          className="visually-hidden"
          type="file"
          multiple
          disabled={disabled}
          {...{ webkitdirectory: "" }}
          onChange={(e) => take(e.target)}
        />
        <label htmlFor={folderId} className="button class-card__file">
          Add a folder to {shown}
        </label>
        <button type="button" className="button" disabled={disabled} onClick={props.onRecord}>
          Record from webcam
        </button>
      </div>
      <p className="muted small">Or drop image files here.</p>
      {images.length > 0 && (
        <ul className="class-card__grid">
          {images.slice(0, MAX_THUMBNAILS).map((image, k) => (
            <li key={image.id} className="class-card__item">
              <Thumbnail pixels={image.pixels} size={size} channels={channels} label={`Image ${k + 1} of ${shown}`} />
              <button
                type="button"
                className="class-card__delete"
                aria-label={`Delete image ${k + 1} of ${shown}`}
                disabled={disabled}
                onClick={() => props.onDeleteImage(image.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {images.length > MAX_THUMBNAILS && (
        <p className="muted small">and {formatInt(images.length - MAX_THUMBNAILS)} more</p>
      )}
    </div>
  );
}
