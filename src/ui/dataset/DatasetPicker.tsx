import { chooseDataset } from "../../app/actions.ts";
import { isRunActive, useAppStore } from "../../app/store.ts";
import { usePreview } from "../../app/usePreview.ts";
import { DatasetId } from "../../config/schema.ts";
import { DATASETS } from "../../core/data/datasets.ts";
import { SelectField } from "../form/SelectField.tsx";
import { formatInt } from "../format.ts";
import { PreviewGrid } from "./PreviewGrid.tsx";
import { CustomImagesPanel } from "./CustomImagesPanel.tsx";
import { useDatasetInfo } from "../../app/customImages/useDatasetInfo.ts";

const DATASET_OPTIONS = DatasetId.options.map((id) => ({ value: id, label: DATASETS[id].label }));

/** Dataset panel: picker, download progress, counts and a grid of sample images. */
export function DatasetPicker() {
  const datasetId = useAppStore((s) => s.config.datasetId);
  const dataset = useAppStore((s) => s.dataset);
  const isLocked = useAppStore(isRunActive);
  const { preview, error: previewError } = usePreview(datasetId);
  const info = useDatasetInfo(datasetId);
  const custom = datasetId === "custom";
  return (
    <section className="panel">
      <h2>Dataset</h2>
      <SelectField
        label="Dataset"
        value={datasetId}
        options={DATASET_OPTIONS}
        disabled={isLocked}
        onChange={(value) => void chooseDataset(DatasetId.parse(value))}
      />
      {(dataset.state === "loading" || (dataset.state === "ready" && dataset.progress < 1)) && (
        <div className="dataset-progress">
          <label htmlFor="dataset-progress">
            {dataset.state === "loading"
              ? `Loading ${info.label}… ${Math.floor(dataset.progress * 100)}%`
              : `Loading ${info.label}… ${Math.floor(dataset.progress * 100)}%: training can start on the ${formatInt(dataset.trainArrived ?? dataset.trainCount)} training images in so far`}
          </label>
          <progress id="dataset-progress" value={dataset.progress} max={1} />
        </div>
      )}
      {dataset.error && (
        <p className="alert" role="alert">
          {dataset.error}
        </p>
      )}
      {custom && <CustomImagesPanel />}
      {dataset.state === "ready" && !custom && (
        <p className="muted">
          {formatInt(dataset.trainCount)} training images · {formatInt(dataset.testCount)} test images
        </p>
      )}
      {preview && !custom && (
        <PreviewGrid
          images={preview.images}
          count={preview.count}
          rows={preview.rows}
          cols={preview.cols}
          channels={preview.channels}
          classNames={info.classNames}
        />
      )}
      {previewError && <p className="muted">Sample images unavailable: {previewError}</p>}
    </section>
  );
}
