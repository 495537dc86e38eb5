import { Fragment, useState } from "react";
import { useAppStore, isRunActive } from "../../app/store.ts";
import { useCustomStore } from "../../app/customImages/customStore.ts";
import {
  addClass,
  addImageFiles,
  addImages,
  chooseImageFormat,
  deleteClass,
  deleteImage,
  exportImages,
  importImages,
  renameClass,
} from "../../app/customImages/customActions.ts";
import { downloadFile } from "../../app/download.ts";
import { openedWithOwnImages } from "../../app/customImages/customLink.ts";
import {
  IMAGE_FORMATS,
  MAX_CLASSES,
  MAX_CUSTOM_IMAGES,
  MIN_CLASSES,
  STORED_CHANNELS,
  STORED_SIZE,
} from "../../core/custom/customData.ts";
import { testCountOf } from "../../core/custom/split.ts";
import { SelectField } from "../form/SelectField.tsx";
import { formatInt } from "../format.ts";
import { ClassCard } from "./ClassCard.tsx";
import { WebcamCapture } from "./WebcamCapture.tsx";

const FORMAT_OPTIONS = IMAGE_FORMATS.map((f) => ({ value: String(f.size), label: f.label }));

/** "Your images": the person's classes, their split and balance, and the image size the model sees. */
export function CustomImagesPanel() {
  const { classes, format, loaded, refused, notice, adding } = useCustomStore();
  const [recordingFor, setRecordingFor] = useState<number | null>(null);
  const locked = useAppStore(isRunActive);
  const total = classes.reduce((sum, c) => sum + c.images.length, 0);
  const testCount = classes.reduce((sum, c) => sum + testCountOf(c.images.length), 0);
  const chosen = IMAGE_FORMATS.find((f) => f.size === format.size) ?? IMAGE_FORMATS[0];
  return (
    <div className="custom-images">
      {loaded && total === 0 && openedWithOwnImages() && (
        <p className="notice" role="status">
          This experiment uses its author&apos;s own images, which are not in the link: add your own classes below.
        </p>
      )}
      <p className="muted small">
        Make 2–{MAX_CLASSES} classes from your own image files: they stay in this browser. Up to{" "}
        {formatInt(MAX_CUSTOM_IMAGES)} images; each is cut to its centred square and shrunk.
      </p>
      <SelectField
        label="Image size"
        value={String(chosen.size)}
        options={FORMAT_OPTIONS}
        disabled={locked}
        onChange={(value) => {
          const next = IMAGE_FORMATS.find((f) => String(f.size) === value) ?? IMAGE_FORMATS[0];
          void chooseImageFormat({ size: next.size, channels: next.channels });
        }}
      />
      <p className="muted" aria-live="polite">
        Training: {formatInt(total - testCount)} images · Test: {formatInt(testCount)} images
      </p>
      {adding > 0 && (
        <p className="muted small" role="status">
          Adding {formatInt(adding)} files…
        </p>
      )}
      <p className="muted small">
        Class balance: {classes.map((c) => `${c.name.trim() || "(unnamed)"} ${formatInt(c.images.length)}`).join(" · ")}
      </p>
      {notice && (
        <p className="alert" role="alert">
          {notice}
        </p>
      )}
      {refused.length > 0 && (
        <div className="alert" role="alert">
          Not added:
          <ul className="custom-images__refused">
            {refused.slice(0, 10).map((r, i) => (
              <li key={i}>
                {r.name}: {r.reason}
              </li>
            ))}
          </ul>
          {refused.length > 10 && `and ${formatInt(refused.length - 10)} more`}
        </div>
      )}
      {classes.map((c, index) => (
        <Fragment key={c.id}>
          <ClassCard
            index={index}
            name={c.name}
            images={c.images}
            size={STORED_SIZE}
            channels={STORED_CHANNELS}
            disabled={locked || !loaded}
            canDelete={classes.length > MIN_CLASSES}
            onRename={(name) => void renameClass(c.id, name)}
            onAddFiles={(files) => void addImageFiles(c.id, files)}
            onDeleteImage={(imageId) => void deleteImage(c.id, imageId)}
            onDeleteClass={() => void deleteClass(c.id)}
            onRecord={() => setRecordingFor(c.id)}
          />
          {recordingFor === c.id && !locked && (
            <WebcamCapture
              label={c.name || `Class ${index + 1}`}
              size={STORED_SIZE}
              channels={STORED_CHANNELS}
              onFrames={(frames) => void addImages(c.id, frames)}
              onClose={() => setRecordingFor(null)}
            />
          )}
        </Fragment>
      ))}
      <button
        type="button"
        className="button"
        disabled={locked || !loaded || classes.length >= MAX_CLASSES}
        onClick={() => void addClass()}
      >
        Add class
      </button>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!loaded || total === 0}
          onClick={() => downloadFile("your-images.cnpi", exportImages() as BlobPart, "application/octet-stream")}
        >
          Export images (one file)
        </button>
        <label className="button custom-images__import">
          Import images…
          <input
            type="file"
            className="visually-hidden"
            accept=".cnpi,application/octet-stream"
            aria-label="Import images from an exported file"
            disabled={locked || !loaded}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = ""; // the same file can be chosen again
              if (file) void importImages(file);
            }}
          />
        </label>
      </div>
      <p className="muted small">
        The export holds every class and image (never the share link, which only says it uses your own images);
        importing one replaces the classes here.
      </p>
    </div>
  );
}
