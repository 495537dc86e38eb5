import { useDeferredValue, useId, useMemo, useState } from "react";
import {
  cancelJob,
  measureVariant,
  removeVariant,
  runSweep,
  setAllBackends,
  setOnnxRuntime,
  setCompressionSpec,
  setLive,
} from "../../app/compressionActions.ts";
import { useCompressionStore } from "../../app/compressionStore.ts";
import { isTrained, useAppStore } from "../../app/store.ts";
import {
  layerSparsitySource,
  sweepBitsPoints,
  sweepPointCount,
  sweepSparsityPoints,
  toBitsPoints,
  toLatencyPoints,
  toLayerBars,
  toSensitivitySeries,
  toSizeBars,
  toSparsityPoints,
} from "./chartPoints.ts";
import { CompressionForm } from "./CompressionForm.tsx";
import { currentLatency, labRows, runtimeLatency, type LatencyRuntime } from "./compressionData.ts";
import { JobProgress } from "./JobProgress.tsx";
import { LabCharts, type LabChartData } from "./LabCharts.tsx";
import { VariantsTable } from "./VariantsTable.tsx";
import { estimatePoints, estimateView } from "./estimateData.ts";

/**
 * The compression lab: prune and/or quantize the trained model, see the form's settings evaluated live,
 * keep fully measured variants, sweep sparsity and bits, and compare what was measured.
 */
export function CompressionLab() {
  const headingId = useId();
  const hasModel = useAppStore(isTrained);
  const spec = useCompressionStore((s) => s.spec);
  const live = useCompressionStore((s) => s.live);
  const allBackends = useCompressionStore((s) => s.allBackends);
  const onnxRuntime = useCompressionStore((s) => s.onnxRuntime);
  const reports = useCompressionStore((s) => s.reports);
  const current = useCompressionStore((s) => s.current);
  const estimate = useCompressionStore((s) => s.estimate);
  const sweep = useCompressionStore((s) => s.sweep);
  const job = useCompressionStore((s) => s.job);
  const error = useCompressionStore((s) => s.error);
  // as canCompress(), but reactive: a live re-evaluation gives way to a measurement or a sweep
  const canStart = hasModel && (job === null || job.kind === "live");

  const rows = useMemo(() => labRows(reports, current), [reports, current]);
  const baseline = reports.find((r) => r.spec === null);
  const refining = job?.kind === "live";
  const estimated = useMemo(
    () => (estimate ? estimateView(estimate, baseline, refining) : null),
    [estimate, baseline, refining],
  );
  const [chosenRuntime, setRuntime] = useState<LatencyRuntime>("tfjs");
  const onnxTimed = rows.some((r) => runtimeLatency(r.report, "onnx") !== undefined);
  const runtime: LatencyRuntime = onnxTimed ? chosenRuntime : "tfjs";
  const runtimeId = useId();
  const charts = useMemo((): LabChartData => {
    const layers = layerSparsitySource(rows);
    const timed = rows.map((r) => runtimeLatency(r.report, runtime)).find((l) => l !== undefined);
    // the estimate (and the baseline on the same images) with error bars; its short timing is tfjs's
    const guesses = estimatePoints(estimate, baseline);
    return {
      latency: [
        ...toLatencyPoints(rows, runtime),
        ...(runtime === "tfjs" ? guesses.filter((p) => Number.isFinite(p.latencyMs)) : []),
      ],
      backend: timed?.backend,
      tfjsBackend: rows.map((r) => currentLatency(r.report)).find((l) => l !== undefined)?.backend,
      sparsity: [...toSparsityPoints(rows), ...guesses],
      sweepSparsity: sweepSparsityPoints(sweep),
      bits: [...toBitsPoints(rows), ...guesses],
      sweepBits: sweepBitsPoints(sweep),
      sizes: toSizeBars(rows),
      layerTitle: layers?.title ?? "",
      layers: layers ? toLayerBars(layers.report.layerSparsity) : [],
      sensitivity: sweep ? toSensitivitySeries(sweep.sensitivity) : null,
    };
  }, [rows, sweep, runtime, estimate, baseline]);
  // the table (and an estimate's row) is drawn first; the charts follow in a deferred render, and a change of the
  // form's settings alone does not draw them again (LabCharts is memoized)
  const shownCharts = useDeferredValue(charts);

  return (
    <section className="panel lab" aria-labelledby={headingId}>
      <h2 id={headingId}>Compression lab</h2>
      {!hasModel && (
        <p className="muted">
          Train a model first (a stopped run counts): the lab compresses the trained weights and measures every variant.
        </p>
      )}
      <CompressionForm
        spec={spec}
        live={live}
        allBackends={allBackends}
        onnxRuntime={onnxRuntime}
        canStart={canStart}
        jobRunning={job !== null}
        onChange={setCompressionSpec}
        onLiveChange={setLive}
        onAllBackendsChange={setAllBackends}
        onOnnxRuntimeChange={setOnnxRuntime}
        onKeep={() => void measureVariant(spec)}
        onMeasureBaseline={() => void measureVariant(null)}
        onSweep={() => void runSweep()}
        onCancel={() => void cancelJob()}
      />
      {job && (
        <JobProgress
          label={job.label}
          stage={job.progress.stage}
          detail={job.progress.detail}
          fraction={job.progress.fraction}
          small={job.kind === "live"}
        />
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {sweep?.cancelled && (
        <p className="muted small">
          The sweep was cancelled after {sweepPointCount(sweep)} of {sweep.plannedPoints} points; its curves show the
          points measured before.
        </p>
      )}
      <VariantsTable rows={rows} estimate={estimated} onRemove={removeVariant} />
      {(rows.length > 0 || estimate || sweep) && (
        <LabCharts
          charts={shownCharts}
          onnxTimed={onnxTimed}
          runtime={runtime}
          runtimeId={runtimeId}
          onRuntimeChange={setRuntime}
          sweepCancelled={sweep?.cancelled}
        />
      )}
    </section>
  );
}
