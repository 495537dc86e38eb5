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
  return { background: diagonal ? `rgba(46, 160, 67, ${alpha})` : `rgba(220, 60, 50, ${alpha})` };
}

/** The confusion matrix on the full test set: every cell is a button that opens its images. */
export function ConfusionMatrix({ matrix, classNames, perClass, previous, open, onOpen }: ConfusionMatrixProps) {
  const short = (name: string) => (name.length > 7 ? `${name.slice(0, 6)}…` : name);
  return (
    <div className="confusion">
      <table className="confusion__table">
        <caption className="muted small">Rows: the true class. Columns: what the model predicted. Click a cell to see its images.</caption>
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">True class</span></th>
            {classNames.map((name) => <th key={name} scope="col" title={name}>{short(name)}</th>)}
            <th scope="col">Accuracy</th>
            {previous && <th scope="col" title={previous.title}>Run before</th>}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={classNames[t]}>
                <th scope="row" title={classNames[t]}>{short(classNames[t])}</th>
                {row.map((count, p) => (
                  <td key={classNames[p]} style={cellStyle(count, total, t === p)}>
                    <button type="button" className={open?.[0] === t && open[1] === p ? "confusion__cell confusion__cell--open" : "confusion__cell"}
                      aria-label={`True ${classNames[t]}, predicted ${classNames[p]}: ${count} images`}
                      aria-pressed={open?.[0] === t && open[1] === p} disabled={count === 0} onClick={() => onOpen(t, p)}>
                      {count}
                    </button>
                  </td>
                ))}
                <td className="confusion__accuracy">{formatPercent(perClass[t])}</td>
                {previous && (
                  <td className="confusion__accuracy">
                    {formatPercent(previous.perClass[t])}{" "}
                    <span className={perClass[t] >= previous.perClass[t] ? "delta delta--up" : "delta delta--down"}>
                      {Number.isFinite(perClass[t] - previous.perClass[t]) ? `${perClass[t] >= previous.perClass[t] ? "+" : "−"}${(Math.abs(perClass[t] - previous.perClass[t]) * 100).toFixed(1)}` : ""}
                    </span>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
