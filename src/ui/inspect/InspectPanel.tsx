import { useEffect, useId, useMemo, type ReactNode } from "react";
import { useDatasetInfo } from "../../app/customImages/useDatasetInfo.ts";
import "../../styles/inspect.css";
import { useCompressionStore } from "../../app/compressionStore.ts";
import {
  classifyDrawing,
  clearDrawing,
  modelChoices,
  openCell,
  selectModel,
  setCompare,
  showRandomTestImage,
  showTestImage,
  startInspecting,
} from "../../app/inspectActions.ts";
import { runBefore, useInspectStore } from "../../app/inspectStore.ts";
import { isRunActive, isTrained, useAppStore } from "../../app/store.ts";
import { useStepStore } from "../../app/stepStore.ts";
import { argmaxRows, confusionMatrix, perClassAccuracy, topConfusions } from "../../core/inspect/confusion.ts";
import { grayscaleRgba } from "../../core/inspect/weightStats.ts";
import { ActivationsView, TestImagePicker } from "./ActivationsView.tsx";
import { ConfusionMatrix } from "./ConfusionMatrix.tsx";
import { DrawingPad } from "./DrawingPad.tsx";
import { FiltersView } from "./FiltersView.tsx";
import { HistogramsView } from "./HistogramsView.tsx";
import { ImageGallery } from "./ImageGallery.tsx";
import { PixelCanvas } from "./PixelCanvas.tsx";
import { PredictionBars } from "./PredictionBars.tsx";
import { SelectField } from "../form/SelectField.tsx";
import { ConceptNote } from "../concepts/ConceptNote.tsx";

let started = false;

/** A labelled region of the inspector (its heading names it for assistive technology and tests). */
function Region({
  title,
  children,
  className = "",
  note,
}: {
  title: string;
  children: ReactNode;
  className?: string;
  note?: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`inspect-region ${className}`} aria-labelledby={id}>
      <div className="chart__header">
        <h3 id={id}>{title}</h3>
        {note}
      </div>
      {children}
    </section>
  );
}

/**
 * Look inside the trained model and its variants: confusion matrix, misclassified images, filters, weight
 * histograms, activation maps, and a digit drawn by hand read by every model at once.
 */
export function InspectPanel() {
  const headingId = useId();
  useEffect(() => {
    if (started) return;
    started = true;
    startInspecting();
  }, []);
  const trained = useAppStore(isTrained);
  const training = useAppStore(isRunActive);
  const datasetId = useAppStore((s) => s.runs.at(-1)?.config.datasetId ?? s.config.datasetId);
  const info = useDatasetInfo(datasetId);
  const s = useInspectStore();
  // the last Step's change per filter, framed while the run stays paused on it (a resumed run moves on)
  const paused = useAppStore((a) => a.status === "paused");
  const stepFilters = useStepStore((t) => t.report?.filters);
  const stepChanges = paused && s.filtersLive ? stepFilters : undefined;
  const reports = useCompressionStore((c) => c.reports);
  const current = useCompressionStore((c) => c.current);
  const choices = useMemo(() => modelChoices(), [reports, current]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectedLabel = choices.find((c) => c.key === s.selected)?.label ?? "Baseline";

  const predictions = s.predictions[s.selected];
  const confusion = useMemo(() => {
    if (!predictions) return null;
    const matrix = confusionMatrix(
      predictions.labels,
      argmaxRows(predictions.probs, predictions.numClasses),
      predictions.numClasses,
    );
    return { matrix, perClass: perClassAccuracy(matrix), top: topConfusions(matrix, 3) };
  }, [predictions]);
  const previous = s.selected === "baseline" ? runBefore(s.perClassHistory) : null;

  const gallery = s.misclassified;

  const side = info.inputShape[0];
  const compareLabel = choices.find((c) => c.key === s.compare)?.label ?? "";

  return (
    <section className="panel inspect" aria-labelledby={headingId}>
      <h2 id={headingId}>Look inside</h2>
      {!trained && !training && (
        <p className="muted">
          Train a model first (a stopped run counts): then see its filters, activations, errors, and what it makes of a
          digit you draw.
        </p>
      )}
      {(trained || training) && (
        <div className="inspect-toolbar">
          <SelectField
            label="Model shown"
            value={s.selected}
            disabled={!trained}
            onChange={(v) => void selectModel(v)}
            options={choices.map((c) => ({ value: c.key, label: c.label }))}
          />
          <span className="muted small" role="status">
            {s.busy
              ? `${s.busy}…`
              : choices.length > 1
                ? ""
                : "Keep variants in the compression lab to compare them here."}
          </span>
        </div>
      )}
      {s.error && (
        <p className="alert" role="alert">
          {s.error}
        </p>
      )}
      <div className="inspect-grid">
        <Region title="Confusion matrix" note={<ConceptNote id="confusionMatrix" />}>
          {confusion ? (
            <>
              <ConfusionMatrix
                matrix={confusion.matrix}
                classNames={info.classNames}
                perClass={confusion.perClass}
                previous={previous}
                open={s.cell}
                onOpen={(t, p) => void openCell(t, p)}
              />
              {confusion.top.length > 0 && (
                <p className="small">
                  Most confused ({selectedLabel}):{" "}
                  {confusion.top
                    .map(
                      (c) =>
                        `${info.classNames[c.trueClass]} taken for ${info.classNames[c.predictedClass]} (${c.count})`,
                    )
                    .join(", ")}
                  .
                </p>
              )}
              {s.cell && (
                <>
                  <p className="small">
                    True {info.classNames[s.cell[0]]}, predicted {info.classNames[s.cell[1]]}: {s.cellTotal} images
                    {s.cellTotal > s.cellImages.length ? `, first ${s.cellImages.length} shown` : ""}.
                  </p>
                  <ImageGallery
                    items={s.cellImages}
                    classNames={info.classNames}
                    side={side}
                    label={`Images: true ${info.classNames[s.cell[0]]}, predicted ${info.classNames[s.cell[1]]}`}
                    onPick={(i) => void showTestImage(i)}
                  />
                </>
              )}
            </>
          ) : (
            <p className="muted small">
              {trained
                ? "Predicting the 10,000 test images…"
                : "Appears after training: every test image's prediction, counted by true and predicted class."}
            </p>
          )}
        </Region>
        <Region title="Misclassified">
          {gallery ? (
            <>
              <p className="small">
                {gallery.flipped
                  ? `${gallery.total} test images where ${selectedLabel} and the baseline disagree (“baseline” is the baseline's prediction).`
                  : `${gallery.total} of ${predictions?.labels.length.toLocaleString("en-US")} test images misclassified; the first ${gallery.items.length}, with the top-3 probabilities.`}
              </p>
              <ImageGallery
                items={gallery.items}
                classNames={info.classNames}
                side={side}
                label={gallery.flipped ? "Flipped predictions" : "Misclassified images"}
                showBaseline={gallery.flipped}
                onPick={(i) => void showTestImage(i)}
              />
            </>
          ) : (
            <p className="muted small">Appears after training.</p>
          )}
        </Region>
        <Region title={datasetId === "mnist" ? "Draw a digit" : "Draw a shape"}>
          <DrawingPad
            subject={datasetId === "mnist" ? "digit" : "shape"}
            disabled={!trained}
            onStroke={(ink, w, h) => void classifyDrawing(ink, w, h)}
            onClear={clearDrawing}
          />
          {!trained && <p className="muted small">Train a model first: then every model reads your drawing.</p>}
          {s.drawing && (
            <div className="drawing-result">
              <figure className="drawing-result__digit">
                <PixelCanvas
                  rgba={grayscaleRgba(s.drawing, 0, 1)}
                  width={28}
                  height={28}
                  size={84}
                  label="Your drawing, as the models see it (28×28)"
                />
                <figcaption className="muted small">As the models see it</figcaption>
              </figure>
              <div className="drawing-result__predictions">
                {s.drawPredictions.map((p) => (
                  <PredictionBars key={p.label} model={p.label} probs={p.probs} classNames={info.classNames} />
                ))}
              </div>
            </div>
          )}
        </Region>
        <Region title="Activations" className="inspect-region--wide">
          <div className="inspect-toolbar">
            <TestImagePicker
              count={info.testCount}
              shownIndex={s.imageIndex}
              disabled={!trained}
              onShow={(i) => void showTestImage(i)}
              onRandom={() => void showRandomTestImage()}
            />
            <SelectField
              label="Beside the baseline"
              value={s.compare}
              disabled={!trained}
              onChange={(v) => void setCompare(v)}
              options={[
                { value: "", label: "Nothing" },
                ...choices.filter((c) => c.key !== "baseline").map((c) => ({ value: c.key, label: c.label })),
              ]}
            />
          </div>
          {s.image && s.activations ? (
            <>
              <p className="small">
                {s.imageIndex >= 0 ? `Test image ${s.imageIndex}` : "Your drawing"}: each layer's output, up to 8
                channels; bright is a large value.
              </p>
              <PixelCanvas
                rgba={grayscaleRgba(s.image, 0, 1)}
                width={side}
                height={side}
                size={84}
                label={s.imageIndex >= 0 ? `Test image ${s.imageIndex}` : "Your drawing"}
              />
              <ActivationsView
                baseline={s.activations.baseline}
                compare={s.activations.compare}
                compareLabel={compareLabel}
              />
            </>
          ) : (
            <p className="muted small">Appears after training, for a test image or your drawing.</p>
          )}
        </Region>
        <Region title="Filters">
          {/* every model has a head kernel: histograms mean the model was read, and no filters then means no conv layer */}
          {s.filters.length > 0 || s.histograms.length > 0 ? (
            <FiltersView kernels={s.filters} live={s.filtersLive} changed={stepChanges} />
          ) : (
            <p className="muted small">
              {trained ? "Reading the filters…" : "Appears when training starts, and changes as it learns."}
            </p>
          )}
        </Region>
        <Region title="Weight histograms">
          {s.histograms.length > 0 ? (
            <>
              <p className="muted small">
                {selectedLabel}: pruning shows as a spike at zero (the green bar), quantization as a few levels.
              </p>
              <HistogramsView histograms={s.histograms} />
            </>
          ) : (
            <p className="muted small">Appears after training.</p>
          )}
        </Region>
      </div>
    </section>
  );
}
