import type { BackendLatency, VariantReport } from "../../core/compress/report.ts";
import { formatInt, formatPercent } from "../format.ts";
import {
  LARGE_BATCH,
  backendText,
  currentLatency,
  firstRunText,
  formatDeltaPoints,
  formatKB,
  largeBatchStats,
  otherLatencies,
  p50p95Text,
  runsNote,
  runsText,
  smallBatchStats,
  type LabRow,
  type TimedStats,
} from "./compressionData.ts";
import type { EstimateView } from "./estimateData.ts";

/** Props of VariantsTable: the rows (baseline, kept variants, then the live settings) and what removing a variant does. */
export interface VariantsTableProps {
  rows: readonly LabRow[];
  /** The live settings' first estimate (1,000 images), shown last until the full live row replaces it. */
  estimate?: EstimateView | null;
  onRemove: (id: number) => void;
}

type StatsOf = (latency: BackendLatency | undefined) => TimedStats | undefined;

/** p50 / p95 of one backend at one batch, with "(N runs)" when cut short. */
function Figures({ stats }: { stats: TimedStats | undefined }) {
  if (!stats) return <>–</>;
  const runs = runsNote(stats);
  return (
    <>
      {p50p95Text(stats)}
      {runs && <span className="lab-runs"> {runs}</span>}
    </>
  );
}

/** One batch's latency: the current backend first (its first run apart), then every other backend on its own line. */
function LatencyCell({
  report,
  pick,
  live,
  withNotes,
}: {
  report: VariantReport;
  pick: StatsOf;
  live: boolean;
  withNotes: boolean;
}) {
  const current = currentLatency(report);
  const stats = pick(current);
  return (
    <td className="num lab-latency">
      <span className="lab-latency__main">
        <Figures stats={stats} />
      </span>
      {stats && <span className="lab-small">{firstRunText(stats)}</span>}
      {!stats && live && <span className="lab-small">not timed live</span>}
      {withNotes && current?.note && <span className="lab-small lab-latency__note">{current.note}</span>}
      {otherLatencies(report).map((other) => (
        <span key={other.backend} className="lab-latency__other">
          {other.backend}: <Figures stats={pick(other)} />
          {withNotes && other.note && <span className="lab-small lab-latency__note">{other.note}</span>}
        </span>
      ))}
    </td>
  );
}

/** Where and how the latency was timed, what only simulates and what truly runs smaller. */
function TimedOn({ report }: { report: VariantReport }) {
  const current = currentLatency(report);
  return (
    <td className="lab-how">
      <span>{current ? backendText(current) : "Not timed"}</span>
      {current && <span className="lab-small">{runsText(current)}</span>}
      {otherLatencies(report).map((other) => (
        <span key={other.backend} className="lab-small">
          also {backendText(other)}
        </span>
      ))}
      {report.simulated.map((text) => (
        <span key={text} className="lab-note lab-note--simulated">
          Simulated: {text}
        </span>
      ))}
      {report.real.map((text) => (
        <span key={text} className="lab-note lab-note--real">
          {text}
        </span>
      ))}
      <span className="lab-small">Accuracy on {formatInt(report.testCount)} test images.</span>
      {report.onnxRuntime && (
        <span className="lab-small">
          ONNX file timed: {formatKB(report.onnxRuntime.fileBytes)} KB
          {report.onnxRuntime.int8Accuracy !== null ? ", integer arithmetic: its accuracy is its own" : ""}.
        </span>
      )}
    </td>
  );
}

/** The row's header cell: its tag and settings; the live row says so. */
function RowHeader({ row }: { row: LabRow }) {
  if (row.kind === "baseline") return <th scope="row">{row.report.label}</th>;
  if (row.kind === "current") {
    return (
      <th scope="row">
        <span className="lab-tag lab-tag--current">Current settings (live)</span>{" "}
        <span className="lab-row-label">{row.report.label}</span>
      </th>
    );
  }
  return (
    <th scope="row">
      <span className="lab-tag">{row.name}</span> <span className="lab-row-label">{row.report.label}</span>
    </th>
  );
}

const rowClass = { baseline: "lab-table__baseline", variant: undefined, current: "lab-table__current" } as const;

/**
 * The live settings' first estimate: accuracy on the fixed subset with its interval and the delta against the
 * baseline on the same images, the exact counts, a short batch-1 timing; sizes and batch 256 come with the refinement.
 * Every cell says in words that it is an estimate (not colour alone).
 */
function EstimateRow({ view }: { view: EstimateView }) {
  return (
    <tr aria-label={view.rowName} className="lab-table__current lab-table__estimate">
      <th scope="row">
        <span className="lab-tag lab-tag--current">Current settings (estimate)</span>{" "}
        <span className="lab-row-label">{view.label}</span>
      </th>
      <td className="num">
        <span className="lab-estimate">≈ {view.accuracyText}</span>
        {view.deltaText && (
          <span className="lab-delta">
            {view.deltaText}
            <span className="visually-hidden"> against the baseline on the same images</span>
          </span>
        )}
        <span className="lab-small lab-estimate__summary">{view.summaryText}</span>
      </td>
      <td className="num lab-pending" colSpan={3}>
        measuring…
      </td>
      <td className="num">
        {formatInt(view.nonZeroParams)} / {formatInt(view.totalParams)}
      </td>
      <td className="num">{formatInt(view.macs)}</td>
      <td className="num lab-latency">
        <span className="lab-latency__main">
          <Figures stats={view.latency} />
        </span>
        <span className="lab-small">{view.latency ? "estimate: short run" : "timing…"}</span>
      </td>
      <td className="num lab-pending">timing…</td>
      <td className="lab-how">
        <span>{view.backend}</span>
        {view.runsText && <span className="lab-small">{view.runsText}</span>}
        <span className="lab-small">Estimate. {view.intervalText}</span>
        {view.baselineText && <span className="lab-small">{view.baselineText}</span>}
        <span className="lab-small" role="status">
          {view.refineText}
        </span>
      </td>
      <td />
    </tr>
  );
}

/** One row per measured model: accuracy, sizes, parameters, MACs, latency and where it was timed. */
export function VariantsTable({ rows, estimate = null, onRemove }: VariantsTableProps) {
  if (rows.length === 0 && !estimate) return null;
  const largeBatch =
    rows.map((r) => largeBatchStats(currentLatency(r.report))).find((s) => s !== undefined)?.batch ?? LARGE_BATCH;
  // the wide table scrolls sideways on a phone: the scroller is a named Tab stop, so a keyboard can scroll it
  // even when no row has a Remove button to focus
  return (
    <div className="table-scroll" role="region" aria-label="Variants, measured" tabIndex={0}>
      <table className="runs-table lab-table">
        <caption>Variants, measured</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Variant
            </th>
            <th scope="col" rowSpan={2} className="num">
              Test accuracy
            </th>
            <th scope="colgroup" colSpan={3} className="lab-table__group">
              Size (KB)
            </th>
            <th scope="col" rowSpan={2} className="num">
              Non-zero params / total
            </th>
            <th scope="col" rowSpan={2} className="num">
              MACs
            </th>
            <th scope="colgroup" colSpan={2} className="lab-table__group">
              Latency, ms (p50 / p95)
            </th>
            <th scope="col" rowSpan={2}>
              Timed on
            </th>
            <th scope="col" rowSpan={2}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
          <tr>
            <th scope="col" className="num">
              float32
            </th>
            <th scope="col" className="num">
              packed
            </th>
            <th scope="col" className="num">
              gzip of packed
            </th>
            <th scope="col" className="num">
              Batch 1
            </th>
            <th scope="col" className="num">
              Batch {largeBatch}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const r = row.report;
            return (
              <tr key={`${row.kind}-${r.id}`} aria-label={row.rowName} className={rowClass[row.kind]}>
                <RowHeader row={row} />
                <td className="num">
                  {formatPercent(r.accuracy)}
                  {row.kind !== "baseline" && <span className="lab-delta">{formatDeltaPoints(r.accuracyDelta)}</span>}
                  {row.kind === "baseline" && estimate?.baselineText && (
                    <span className="lab-small lab-subset">
                      {formatPercent(r.subset.accuracy)} on the estimate&apos;s {formatInt(r.subset.count)} images
                    </span>
                  )}
                  {r.onnxRuntime?.int8Accuracy != null && (
                    <span className="lab-small lab-latency__other">
                      real int8 (ONNX Runtime): {formatPercent(r.onnxRuntime.int8Accuracy)}
                    </span>
                  )}
                </td>
                <td className="num">{formatKB(r.sizes.float32Bytes)}</td>
                <td className="num">{formatKB(r.sizes.packedBytes)}</td>
                <td className="num">{formatKB(r.sizes.packedGzipBytes)}</td>
                <td className="num">
                  {formatInt(r.nonZeroParams)} / {formatInt(r.totalParams)}
                </td>
                <td className="num">{formatInt(r.macs)}</td>
                <LatencyCell report={r} pick={smallBatchStats} live={row.kind === "current"} withNotes={false} />
                <LatencyCell report={r} pick={largeBatchStats} live={row.kind === "current"} withNotes />
                <TimedOn report={r} />
                <td>
                  {row.kind === "variant" && (
                    <button
                      type="button"
                      className="button lab-remove"
                      aria-label={`Remove variant ${row.name.slice(1)}`}
                      title={`Remove ${r.label}`}
                      onClick={() => onRemove(r.id)}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {estimate && <EstimateRow view={estimate} />}
        </tbody>
      </table>
    </div>
  );
}
