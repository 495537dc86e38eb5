import type { LatencyStats } from "../../core/compress/measure.ts";
import type { VariantReport } from "../../core/compress/report.ts";
import { formatBytes, formatInt, formatPercent } from "../format.ts";
import { formatDeltaPoints, formatMs, largeBatchLatency, shortNames, smallBatchLatency } from "./compressionData.ts";

/** Props of VariantsTable: the reports, baseline first, and what removing a variant does. */
export interface VariantsTableProps {
  reports: readonly VariantReport[];
  onRemove: (id: number) => void;
}

function LatencyCells({ stats }: { stats: LatencyStats | undefined }) {
  if (!stats) return (<><td className="num">–</td><td className="num">–</td></>);
  return (
    <>
      <td className="num">{formatMs(stats.p50Ms)}</td>
      <td className="num">{formatMs(stats.p95Ms)}</td>
    </>
  );
}

/** "10 warm-up + 50 timed runs, each flushed with await data(); first run 41.2 ms (batch 1), 230 ms (batch 256) apart". */
export function timingText(latency: readonly LatencyStats[]): string {
  if (latency.length === 0) return "Not timed.";
  const first = latency.map((l) => `${formatMs(l.firstMs)} ms${latency.length > 1 ? ` (batch ${l.batch})` : ""}`).join(", ");
  return `${latency[0].warmupRuns} warm-up + ${latency[0].timedRuns} timed runs, each flushed with await data(); first run ${first} apart`;
}

function HowMeasured({ report }: { report: VariantReport }) {
  return (
    <td className="lab-how">
      <span>{report.backend}</span>
      <span>{timingText(report.latency)}</span>
      <span>Accuracy on {formatInt(report.testCount)} test images.</span>
      {report.simulated.map((text) => <span key={text} className="lab-note lab-note--simulated">{text}</span>)}
      {report.real.map((text) => <span key={text} className="lab-note lab-note--real">{text}</span>)}
    </td>
  );
}

/** One row per measured model: accuracy, parameters, MACs, sizes, latency and how it was measured. */
export function VariantsTable({ reports, onRemove }: VariantsTableProps) {
  if (reports.length === 0) return null;
  const names = shortNames(reports);
  const large = reports.map(largeBatchLatency).find((l) => l !== undefined);
  const largeBatch = large?.batch ?? 256;
  return (
    <div className="table-scroll">
      <table className="runs-table lab-table">
        <caption>Variants, measured</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>Variant</th>
            <th scope="col" rowSpan={2} className="num">Test accuracy</th>
            <th scope="col" rowSpan={2} className="num">Non-zero params / total</th>
            <th scope="col" rowSpan={2} className="num">MACs</th>
            <th scope="colgroup" colSpan={3} className="lab-table__group">Size</th>
            <th scope="colgroup" colSpan={2} className="lab-table__group">Batch 1 latency (ms)</th>
            <th scope="colgroup" colSpan={2} className="lab-table__group">Batch {largeBatch} latency (ms)</th>
            <th scope="col" rowSpan={2}>How measured</th>
            <th scope="col" rowSpan={2}><span className="visually-hidden">Actions</span></th>
          </tr>
          <tr>
            <th scope="col" className="num">float32</th>
            <th scope="col" className="num">packed</th>
            <th scope="col" className="num">gzip of packed</th>
            <th scope="col" className="num">p50</th>
            <th scope="col" className="num">p95</th>
            <th scope="col" className="num">p50</th>
            <th scope="col" className="num">p95</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r, i) => (
            <tr key={r.id} className={r.spec === null ? "lab-table__baseline" : undefined}>
              <th scope="row">
                {r.spec === null ? r.label : <><span className="lab-tag">{names[i]}</span> {r.label}</>}
              </th>
              <td className="num">
                {formatPercent(r.accuracy)}
                {r.spec !== null && <span className="lab-delta">{formatDeltaPoints(r.accuracyDelta)}</span>}
              </td>
              <td className="num">{formatInt(r.nonZeroParams)} / {formatInt(r.totalParams)}</td>
              <td className="num">{formatInt(r.macs)}</td>
              <td className="num">{formatBytes(r.sizes.float32Bytes)}</td>
              <td className="num">{formatBytes(r.sizes.packedBytes)}</td>
              <td className="num">{formatBytes(r.sizes.packedGzipBytes)}</td>
              <LatencyCells stats={smallBatchLatency(r)} />
              <LatencyCells stats={largeBatchLatency(r)} />
              <HowMeasured report={r} />
              <td>
                {r.spec !== null && (
                  <button type="button" className="button lab-remove" aria-label={`Remove variant ${names[i].slice(1)}`} onClick={() => onRemove(r.id)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
