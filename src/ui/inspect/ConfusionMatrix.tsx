import { formatPercent } from "./inspectFormat.ts";

/** Props of ConfusionMatrix: counts (rows: true class, columns: predicted), per-class accuracy, the open cell. */
export interface ConfusionMatrixProps {
  matrix: number[][];
  classNames: readonly string[];
  perClass: number[];
  /** The same model kind's per-class accuracy in the run before (to see what a data change did), or null. */
  previous: { title: string; perClass: number[] } | null;
  open: [number, number] | null;
  onOpen(trueClass: number, predictedClass: number): void;
}

/** Cell shade: the share of the true class's images that landed in the cell (diagonal green, errors red). */
function cellStyle(count: number, rowTotal: number, diagonal: boolean) {
  const share = rowTotal > 0 ? count / rowTotal : 0;
  const alpha = count === 0 ? 0 : diagonal ? 0.15 + 0.6 * share : Math.min(0.85, 0.12 + 4 * share);
  return { background: `rgb(var(${diagonal ? "--confusion-right" : "--confusion-wrong"}) / ${alpha})` };
}

/** Column headers turn sideways when a class name is longer than this (Fashion-MNIST's), so the matrix fits its column. */
const UPRIGHT_NAME_LENGTH = 3;

/** The change of one class's accuracy against the run before, e.g. "+1.2" or "−0.4" (points); empty when unknown. */
function deltaText(now: number, before: number): string {
  const delta = now - before;
  if (!Number.isFinite(delta)) return "";
  return `${delta >= 0 ? "+" : "−"}${(Math.abs(delta) * 100).toFixed(1)}`;
}

/**
 * The confusion matrix on the full test set: every cell is a button that opens its images. Class names are shown
 * whole: long ones turn the column headers sideways; where the column is still too narrow (phones) the matrix
 * scrolls sideways with the row headers kept in view.
 */
export function ConfusionMatrix({ matrix, classNames, perClass, previous, open, onOpen }: ConfusionMatrixProps) {
  const sideways = classNames.some((name) => name.length > UPRIGHT_NAME_LENGTH);
  const columnHeader = (text: string, title?: string) => (
    <th scope="col" title={title}>
      <span className="confusion__col-name">{text}</span>
    </th>
  );
  return (
    <div className="confusion">
      <div className="confusion__scroll">
        <table className={sideways ? "confusion__table confusion__table--sideways" : "confusion__table"}>
          <caption className="visually-hidden">
            Rows: the true class. Columns: what the model predicted. Click a cell to see its images.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="confusion__corner">
                <span className="visually-hidden">True class</span>
              </th>
              {classNames.map((name) => (
                <th key={name} scope="col">
                  <span className="confusion__col-name">{name}</span>
                </th>
              ))}
              {columnHeader("Accuracy")}
              {previous && columnHeader("Run before", previous.title)}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, t) => {
              const total = row.reduce((a, b) => a + b, 0);
              return (
                <tr key={classNames[t]}>
                  <th scope="row" className="confusion__row-name">
                    {classNames[t]}
                  </th>
                  {row.map((count, p) => (
                    <td key={classNames[p]} style={cellStyle(count, total, t === p)}>
                      <button
                        type="button"
                        className={
                          open?.[0] === t && open[1] === p ? "confusion__cell confusion__cell--open" : "confusion__cell"
                        }
                        aria-label={`True ${classNames[t]}, predicted ${classNames[p]}: ${count} images`}
                        aria-pressed={open?.[0] === t && open[1] === p}
                        disabled={count === 0}
                        onClick={() => onOpen(t, p)}
                      >
                        {count}
                      </button>
                    </td>
                  ))}
                  <td className="confusion__accuracy">{formatPercent(perClass[t])}</td>
                  {previous && (
                    <td className="confusion__accuracy">
                      {formatPercent(previous.perClass[t])}{" "}
                      <span className={perClass[t] >= previous.perClass[t] ? "delta delta--up" : "delta delta--down"}>
                        {deltaText(perClass[t], previous.perClass[t])}
                      </span>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {/* the caption again, outside the scrolling part so it wraps to the column (screen readers have the caption) */}
      <p className="muted small confusion__caption" aria-hidden="true">
        Rows: the true class. Columns: what the model predicted. Click a cell to see its images.
      </p>
    </div>
  );
}
