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

/** Table of earlier runs, newest first, so their results stay visible. */
export function PreviousRunsTable({ rows }: { rows: readonly PreviousRunRow[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="runs-table">
        <caption>Previous runs</caption>
        <thead>
          <tr>
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
              <th scope="row">{row.title}</th>
              <td className="num">{row.epochsDone}</td>
              <td className="num">{row.testAccuracy === null ? "–" : formatPercent(row.testAccuracy)}</td>
              <td className="num">{row.examplesPerSec === null ? "–" : formatInt(row.examplesPerSec)}</td>
              <td>{row.ended}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
