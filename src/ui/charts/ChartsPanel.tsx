import { useRef, useState } from "react";
import { chartsToPng } from "../../app/chartImage.ts";
import { downloadFile, fileSafe } from "../../app/download.ts";
import { useAppStore } from "../../app/store.ts";
import { metricsToCsv } from "../../core/export/metricsCsv.ts";
import { EMPTY_BATCH_HISTORY } from "../../core/train/batchHistory.ts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import { EpochChart } from "./EpochChart.tsx";
import { LossAccuracyChart } from "./LossAccuracyChart.tsx";

// stable empties: a fresh [] per selector call would re-render forever
const NO_EPOCHS: EpochMetrics[] = [];

/** Curves of the newest run, with the charts as PNG and the metrics as CSV. */
export function ChartsPanel() {
  const batches = useAppStore((s) => s.runs.at(-1)?.batches.points ?? EMPTY_BATCH_HISTORY.points);
  const epochs = useAppStore((s) => s.runs.at(-1)?.epochs ?? NO_EPOCHS);
  const title = useAppStore((s) => s.runs.at(-1)?.title ?? null);
  const charts = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `cnn-playground-${fileSafe(title ?? "run")}`;
  async function savePng() {
    setError(null);
    try {
      if (charts.current) downloadFile(`${base}.png`, await chartsToPng(charts.current), "image/png");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <section className="panel">
      <h2>Curves</h2>
      {title && <p className="muted">{title}</p>}
      <div ref={charts}>
        <LossAccuracyChart batches={batches} />
        <EpochChart epochs={epochs} />
      </div>
      <div className="button-row">
        <button type="button" className="button" disabled={batches.length === 0} onClick={() => void savePng()}>
          Save charts (PNG)
        </button>
        <button
          type="button"
          className="button"
          disabled={batches.length === 0}
          onClick={() => downloadFile(`${base}.csv`, metricsToCsv(batches, epochs), "text/csv")}
        >
          Download metrics (CSV)
        </button>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
