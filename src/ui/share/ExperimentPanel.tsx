import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useCompressionStore } from "../../app/compressionStore.ts";
import {
  deleteSavedModel,
  exportCode,
  exportModel,
  exportOnnx,
  importModel,
  loadSavedModel,
  refreshSavedModels,
  saveModel,
  undoDelete,
  useDeletedModels,
} from "../../app/modelActions.ts";
import { useModelStore } from "../../app/modelStore.ts";
import { isTrained, useAppStore } from "../../app/store.ts";
import { shareLink } from "../../app/urlSync.ts";
import type { Classroom } from "../../config/classroom.ts";
import { ChallengeFields } from "./ChallengeFields.tsx";
import { ClassroomFields } from "./ClassroomFields.tsx";
import { SavedModelsList } from "./SavedModelsList.tsx";
import { ShareButton } from "./ShareButton.tsx";

const BASELINE = "baseline";

const setClassroom = (classroom: Classroom) => useAppStore.setState({ classroom });

/** Share the experiment as a link, save models in this browser, export them (tfjs, Keras, PyTorch) and import them. */
export function ExperimentPanel() {
  const nameId = useId();
  const variantId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const classroom = useAppStore((s) => s.classroom);
  // a page opened hidden or locked offers no control that undoes it (the teacher keeps a link without the flags)
  const fromLink = useAppStore((s) => s.classroomFromLink);
  const canUseModel = useAppStore(isTrained);
  const usesOwnImages = useAppStore((s) => s.config.datasetId === "custom");
  const defaultName = useAppStore((s) => s.runs.at(-1)?.title ?? "My model");
  const reports = useCompressionStore((s) => s.reports);
  const kept = useMemo(() => reports.filter((r) => r.spec !== null), [reports]);
  const { saved, busy, message, error } = useModelStore();
  const [name, setName] = useState("");
  const [variant, setVariant] = useState(BASELINE);
  // the model and name a Save was refused for (the name is in use): the button then reads Replace, and a click replaces
  const [refused, setRefused] = useState<string | null>(null);
  const deleted = useDeletedModels((s) => s.deleted);
  const deletedNames = useMemo(() => deleted.map((d) => d.name), [deleted]);
  useEffect(() => {
    void refreshSavedModels();
  }, []);
  const chosen = kept.find((r) => String(r.id) === variant);
  const spec = chosen?.spec ?? null;
  const modelName = (name.trim() || `${defaultName}${chosen ? ` · ${chosen.label}` : ""}`).trim();
  const saveKey = `${chosen ? variant : BASELINE}\n${modelName}`;
  const replacing = refused === saveKey;
  const save = async () => {
    const outcome = await saveModel(modelName, spec, replacing);
    setRefused(outcome === "name in use" ? saveKey : null);
  };
  return (
    <section className="panel experiment-panel" aria-labelledby={`${nameId}-h`}>
      <h2 id={`${nameId}-h`}>Share, save and export</h2>
      <div className="experiment-panel__grid">
        <div>
          <h3>Share</h3>
          <p className="muted small">
            The link holds the dataset, layers, training settings, seed, compression settings and backend
            {fromLink ? ", and keeps what this page's link hides, locks and challenges" : ""}.
            {usesOwnImages &&
              " This experiment uses your own images: they stay in this browser and are not in the link."}
          </p>
          <ShareButton getLink={shareLink} />
          {!fromLink && (
            <>
              <ClassroomFields classroom={classroom} onChange={setClassroom} />
              <ChallengeFields goal={classroom.goal} onChange={(goal) => setClassroom({ ...classroom, goal })} />
            </>
          )}
        </div>
        <div>
          <h3>Model</h3>
          <div className="field">
            <label htmlFor={variantId}>Which model</label>
            <select id={variantId} value={chosen ? variant : BASELINE} onChange={(e) => setVariant(e.target.value)}>
              <option value={BASELINE}>Trained model (baseline)</option>
              {kept.map((r) => (
                <option key={r.id} value={String(r.id)}>{`Variant V${r.id}: ${r.label}`}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={nameId}>Name</label>
            <input
              id={nameId}
              type="text"
              maxLength={80}
              value={name}
              placeholder={modelName}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={!canUseModel || busy !== null}
              onClick={() => void save()}
            >
              {replacing ? `Replace “${modelName}”` : "Save model"}
            </button>
            <button
              type="button"
              className="button"
              disabled={!canUseModel || busy !== null}
              onClick={() => void exportModel(spec)}
            >
              Export model
            </button>
            <button
              type="button"
              className="button"
              disabled={!canUseModel || busy !== null}
              title="One .onnx file for ONNX Runtime, Netron and other tools"
              onClick={() => void exportOnnx(spec, name || modelName)}
            >
              Export ONNX
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => fileInput.current?.click()}
            >
              Import model
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,.bin,application/json,application/octet-stream"
              multiple
              hidden
              aria-label="Model files to import (model.json and weights.bin)"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = "";
                if (files.length) void importModel(files);
              }}
            />
          </div>
          <div className="button-row">
            <button type="button" className="button" onClick={() => void exportCode("keras")}>
              Export Keras code
            </button>
            <button type="button" className="button" onClick={() => void exportCode("pytorch")}>
              Export PyTorch code
            </button>
          </div>
          {!canUseModel && (
            <p className="muted small">
              Save and Export need a trained model; Import and the code exports work any time.
            </p>
          )}
          <p className="small" role="status" aria-live="polite">
            {busy ?? message ?? ""}
          </p>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
        </div>
      </div>
      <SavedModelsList
        rows={saved}
        disabled={busy !== null}
        onLoad={(n) => void loadSavedModel(n)}
        onDelete={(n) => void deleteSavedModel(n)}
        deleted={deletedNames}
        onUndo={(n) => void undoDelete(n)}
      />
    </section>
  );
}
