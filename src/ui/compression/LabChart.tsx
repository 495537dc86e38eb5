import type { ReactNode } from "react";
import { ChartTable } from "../charts/ChartTable.tsx";
import type { LabTable } from "./chartTables.ts";

/** Props of LabChart: the frame every lab chart shares. */
export interface LabChartProps {
  /** Visible title and the group's accessible name, e.g. "Accuracy vs latency". */
  title: string;
  /** A note after the title, e.g. "batch 1, p50, WASM". */
  subtitle?: string;
  /** Text for screen readers: what the chart shows, point by point. */
  summary: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  children: ReactNode;
  /** The chart's values, offered as a table under it. */
  table?: LabTable;
}

/**
 * A chart in a labelled group: title, a visually hidden summary, then the chart or an empty note. A div, not a
 * figure: a figure may not take the group role, and the group is what names the chart and its summary together.
 */
export function LabChart({ title, subtitle, summary, empty, children, table }: LabChartProps) {
  return (
    <div className="chart lab-chart" role="group" aria-label={title}>
      <div className="chart__title">
        {title}
        {subtitle && <span className="lab-chart__subtitle"> ({subtitle})</span>}
      </div>
      <p className="visually-hidden">{summary}</p>
      {empty ? <p className="chart__empty">{empty}</p> : children}
      {table && !empty && <ChartTable caption={title} {...table} />}
    </div>
  );
}
