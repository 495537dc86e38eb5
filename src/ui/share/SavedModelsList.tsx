import type { SavedModelRow } from "../../app/modelStore.ts";

/** Props of SavedModelsList: plain rows and what a button does. */
export interface SavedModelsListProps {
  rows: SavedModelRow[];
  disabled: boolean;
  onLoad: (name: string) => void;
  onDelete: (name: string) => void;
  /** Names of the models deleted in this session that Undo can still save back, newest first. */
  deleted: readonly string[];
  onUndo: (name: string) => void;
}

const when = (ms: number) => new Date(ms).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** The models saved in this browser, each with Load and Delete; then the ones deleted in this session, each with Undo. */
export function SavedModelsList({ rows, disabled, onLoad, onDelete, deleted, onUndo }: SavedModelsListProps) {
  return (
    <div className="saved-models">
      <h3 id="saved-models-heading">Saved models</h3>
      {rows.length === 0 && <p className="muted small">None yet: train a model, name it and press Save model.</p>}
      <ul className="saved-models__list" aria-labelledby="saved-models-heading">
        {rows.map((row) => (
          <li key={row.name} className="saved-models__row">
            <div className="saved-models__text">
              <strong>{row.name}</strong>
              <span className="muted small">
                {row.problem ??
                  `${row.kind} · ${row.testAccuracy == null ? "no test accuracy" : `${(row.testAccuracy * 100).toFixed(2)}%`} · ${(row.sizeBytes / 1024).toFixed(1)} KB · ${when(row.savedAt)}`}
              </span>
            </div>
            <div className="saved-models__buttons">
              <button
                type="button"
                className="button"
                disabled={disabled || row.problem !== null}
                onClick={() => onLoad(row.name)}
                aria-label={`Load ${row.name}`}
              >
                Load
              </button>
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => onDelete(row.name)}
                aria-label={`Delete ${row.name}`}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      {deleted.map((name) => (
        <p key={name} className="small saved-models__deleted">
          Deleted “{name}”.{" "}
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => onUndo(name)}
            aria-label={`Undo deleting ${name}`}
          >
            Undo
          </button>
        </p>
      ))}
    </div>
  );
}
