import { useState } from "react";
import { formatInt, formatPercent } from "../format.ts";

/** One finished or stopped run, flattened for the table. */
export interface PreviousRunRow {
  id: number;
  title: string;
  epochsDone: number;
  testAccuracy: number | null;
  examplesPerSec: number | null;
  /** "completed", "stopped", "diverged", "failed" or "running". */
  ended: string;
}

/** Props of PreviousRunsTable: the rows and what comparing, restoring and clearing do. */
export interface PreviousRunsTableProps {
  rows: readonly PreviousRunRow[];
  /** Ids of the runs ticked to compare. */
  compared: readonly number[];
  onToggleCompare: (id: number) => void;
  /** Sets the page's experiment to the run's. */
  onRestore: (id: number) => void;
  /** True while a run is going: the experiment cannot change then. */
  restoreDisabled: boolean;
  onClear: () => void;
  /** Most runs kept in this browser. */
  maxKept: number;
  /** Why a tick was refused, or what the last action did. */
  notice: string | null;
}

/** Table of earlier runs, newest first, so their results stay visible; tick up to four to overlay their curves. */
export function PreviousRunsTable(props: PreviousRunsTableProps) {
  const { rows, compared, onToggleCompare, onRestore, restoreDisabled, notice } = props;
  if (rows.length === 0) return notice ? <p role="status">{notice}</p> : null;
  return (
    <>
      {/* a stop of its own: on phones the table scrolls sideways, and its buttons may all be disabled (a run or a
          measurement going on), so the keyboard must reach the box itself to scroll it */}
      <div className="table-scroll" role="region" aria-label="Previous runs" tabIndex={0}>
        <table className="runs-table">
          <caption>Previous runs</caption>
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Run</th>
              <th scope="col" className="num">
                Epochs
              </th>
              <th scope="col" className="num">
                Test accuracy
              </th>
              <th scope="col" className="num">
                ex/s
              </th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${row.id}`}
                    checked={compared.includes(row.id)}
                    onChange={() => onToggleCompare(row.id)}
                  />
                </td>
                <th scope="row">
                  <span className="muted">{row.id}.</span> {row.title}{" "}
                  <button
                    type="button"
                    className="button runs-table__restore"
                    aria-label={`Restore run ${row.id}'s experiment`}
                    title="Set the page's experiment to this run's"
                    disabled={restoreDisabled}
                    onClick={() => onRestore(row.id)}
                  >
                    Restore
                  </button>
                </th>
                <td className="num">{row.epochsDone}</td>
                <td className="num">{row.testAccuracy === null ? "–" : formatPercent(row.testAccuracy)}</td>
                <td className="num">{row.examplesPerSec === null ? "–" : formatInt(row.examplesPerSec)}</td>
                <td>{row.ended}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" className={notice ? undefined : "visually-hidden"}>
        {notice}
      </p>
      <ClearRuns count={rows.length} maxKept={props.maxKept} onClear={props.onClear} />
    </>
  );
}

/** "Clear runs", asking first: the earlier runs cannot come back. */
function ClearRuns({ count, maxKept, onClear }: { count: number; maxKept: number; onClear: () => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="button-row">
      <p className="muted">This browser keeps the newest {maxKept} runs, with their curves and settings.</p>
      {asking ? (
        <div role="group" aria-label="Confirm clearing runs" className="button-row">
          <span>
            Delete {count} earlier {count === 1 ? "run" : "runs"} for good?
          </span>
          <button
            type="button"
            className="button"
            onClick={() => {
              setAsking(false);
              onClear();
            }}
          >
            Delete runs
          </button>
          <button type="button" className="button" autoFocus onClick={() => setAsking(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          Clear runs…
        </button>
      )}
    </div>
  );
}
