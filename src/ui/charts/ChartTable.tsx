import { useState } from "react";

/** Props of ChartTable: a chart's values as plain rows of text, one string per column. */
export interface ChartTableProps {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** Said under the caption, e.g. which points the table keeps. */
  note?: string;
  /** How many leading columns hold words (left-aligned); the rest are numbers. The first names the row. */
  textColumns?: number;
}

/**
 * "Values as a table": a chart's values as an HTML table, for a screen reader or anyone who prefers numbers to a
 * picture. Closed by default; its rows are rendered only while it is open (the per-batch chart changes every half second).
 */
export function ChartTable({ caption, columns, rows, note, textColumns = 1 }: ChartTableProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Values as a table</summary>
      {open && (
        <div className="table-scroll">
          <table className="runs-table">
            <caption>
              {caption}
              {note && <span className="chart-table__note"> ({note})</span>}
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={columns.length}>No values yet.</td>
                </tr>
              ) : (
                rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={j} className={j < textColumns ? undefined : "num"}>
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
