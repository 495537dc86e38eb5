import { useCallback, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { useCompareStore } from "../../app/compareStore.ts";
import { diffConfigs } from "../../config/configDiff.ts";
import { chartsToPng } from "../../app/chartImage.ts";
import { downloadFile, fileSafe } from "../../app/download.ts";
import { useAppStore } from "../../app/store.ts";
import { metricsToCsv } from "../../core/export/metricsCsv.ts";
import { EMPTY_BATCH_HISTORY } from "../../core/train/batchHistory.ts";
import type { EpochMetrics } from "../../core/train/metrics.ts";
import { CompareLegend } from "./CompareLegend.tsx";
import { comparedExtent, toComparedRuns } from "./compareData.ts";
import { EpochChart } from "./EpochChart.tsx";
import { LossAccuracyChart } from "./LossAccuracyChart.tsx";
import { useElementWidth } from "./useElementWidth.ts";
import { useThrottledValue } from "./useThrottledValue.ts";

// stable empties: a fresh [] per selector call would re-render forever
const NO_EPOCHS: EpochMetrics[] = [];
/** The curves re-render at most this often while metrics stream in (each recharts update costs tens of ms). */
const CHART_REFRESH_MS = 500;

/**
 * The earlier runs chosen in "Previous runs", ready to draw. The selector keeps their records (useShallow), and the
 * newest run's record is not among them, so a metrics update of the current run rebuilds nothing here.
 */
function useComparedRuns() {
  const ids = useCompareStore((s) => s.ids);
  const records = useAppStore(useShallow((s) => ids.flatMap((id) => s.runs.slice(0, -1).filter((r) => r.id === id))));
  const current = useAppStore((s) => s.runs.at(-1)?.config ?? null);
  return useMemo(() => {
    const compared = toComparedRuns(
      records.map((r) => ({
        id: r.id,
        title: r.title,
        batches: r.batches.points,
        epochs: r.epochs,
        differences: current ? diffConfigs(r.config, current) : [],
      })),
    );
    return { compared, extent: comparedExtent(compared) };
  }, [records, current]);
}

/** Curves of the newest run (and of the earlier runs chosen to compare), with the charts as PNG and the metrics as CSV. */
export function ChartsPanel() {
  const { compared, extent } = useComparedRuns();
  const batches = useAppStore((s) => s.runs.at(-1)?.batches.points ?? EMPTY_BATCH_HISTORY.points);
  const epochs = useAppStore((s) => s.runs.at(-1)?.epochs ?? NO_EPOCHS);
  const title = useAppStore((s) => s.runs.at(-1)?.title ?? null);
  const shownBatches = useThrottledValue(batches, CHART_REFRESH_MS);
  const shownEpochs = useThrottledValue(epochs, CHART_REFRESH_MS);
  const charts = useRef<HTMLDivElement>(null);
  // one ResizeObserver sizes both charts: they never measure themselves when new metrics come
  const [measure, width] = useElementWidth<HTMLDivElement>();
  const chartsRef = useCallback(
    (element: HTMLDivElement | null) => {
      charts.current = element;
      measure(element);
    },
    [measure],
  );
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
      <div ref={chartsRef}>
        <LossAccuracyChart batches={shownBatches} width={width} compared={compared} extent={extent} />
        <EpochChart epochs={shownEpochs} width={width} compared={compared} extent={extent} />
        <CompareLegend entries={compared} current={title} />
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
