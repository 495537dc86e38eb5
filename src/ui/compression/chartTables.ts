// The lab charts' values as table rows (ChartTable): what each chart draws, in text.
import { formatBytes, formatPercent } from "../format.ts";
import type { BitsPoint, LatencyPoint, LayerBar, SensitivitySeries, SizeBar, SparsityPoint } from "./chartPoints.ts";
import { formatMs } from "./compressionData.ts";

/** A chart's table: its column headers and one row of text per point (the first cell names the point). */
export interface LabTable {
  columns: readonly string[];
  rows: string[][];
  /** Leading columns of words (name, settings), left-aligned. */
  textColumns?: number;
}

const ms = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : `${formatMs(v)} ms`);

export function latencyTable(points: readonly LatencyPoint[]): LabTable {
  return {
    textColumns: 2,
    columns: ["Variant", "Settings", "Accuracy", "Size (packed)", "Latency p50", "Latency p95"],
    rows: points.map((p) => [
      p.name,
      p.label,
      formatPercent(p.accuracy),
      p.sizeBytes === undefined ? "–" : formatBytes(p.sizeBytes),
      ms(p.latencyMs),
      ms(p.p95Ms),
    ]),
  };
}

export function sparsityTable(points: readonly SparsityPoint[]): LabTable {
  return {
    textColumns: 2,
    columns: ["Point", "Settings", "Accuracy", "Zeros in the prunable kernels"],
    rows: points.map((p) => [p.name, p.label, formatPercent(p.accuracy), formatPercent(p.sparsity)]),
  };
}

export function bitsTable(points: readonly BitsPoint[]): LabTable {
  return {
    textColumns: 2,
    columns: ["Point", "Settings", "Accuracy", "Bits per weight"],
    rows: points.map((p) => [p.name, p.label, formatPercent(p.accuracy), String(p.bits)]),
  };
}

export function sizeTable(bars: readonly SizeBar[]): LabTable {
  return {
    textColumns: 2,
    columns: ["Variant", "Settings", "float32", "Packed", "gzip of packed"],
    rows: bars.map((b) => [b.name, b.label, formatBytes(b.float32), formatBytes(b.packed), formatBytes(b.gzip)]),
  };
}

export function layerTable(layers: readonly LayerBar[]): LabTable {
  return { columns: ["Layer", "Zeros"], rows: layers.map((l) => [l.layer, formatPercent(l.sparsity)]) };
}

export function sensitivityTable(series: readonly SensitivitySeries[]): LabTable {
  return {
    columns: ["Layer", "Zeros in that layer", "Accuracy"],
    rows: series.flatMap((s) => s.points.map((p) => [s.layer, formatPercent(p.sparsity), formatPercent(p.accuracy)])),
  };
}
