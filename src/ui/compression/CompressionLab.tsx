import { useId, useMemo } from "react";
import { removeVariant, runVariant } from "../../app/compressionActions.ts";
import { setCompressionSpec, useCompressionStore } from "../../app/compressionStore.ts";
import { useAppStore } from "../../app/store.ts";
import { AccuracyLatencyChart, AccuracySparsityChart } from "./AccuracyCharts.tsx";
import { CompressionForm } from "./CompressionForm.tsx";
import { LARGE_BATCH, largeBatchLatency, shortNames, toLatencyPoints, toLayerBars, toSizeBars, toSparsityPoints } from "./compressionData.ts";
import { JobProgress } from "./JobProgress.tsx";
import { LayerSparsityChart, ModelSizeChart } from "./SizeCharts.tsx";
import { VariantsTable } from "./VariantsTable.tsx";

/** The compression lab: derive pruned or quantized variants of the trained model and compare what was measured. */
export function CompressionLab() {
  const headingId = useId();
  const hasModel = useAppStore((s) => s.status === "idle" && s.runs.at(-1)?.testAccuracy != null);
  const spec = useCompressionStore((s) => s.spec);
  const reports = useCompressionStore((s) => s.reports);
  const job = useCompressionStore((s) => s.job);
  const error = useCompressionStore((s) => s.error);
  const canMeasure = hasModel && job === null;

  const charts = useMemo(() => {
    if (reports.length === 0) return null;
    const last = reports[reports.length - 1];
    const lastName = shortNames(reports).at(-1) ?? "";
    return {
      latency: toLatencyPoints(reports),
      batch: reports.map(largeBatchLatency).find((l) => l !== undefined)?.batch ?? LARGE_BATCH,
      sizes: toSizeBars(reports),
      sparsity: toSparsityPoints(reports),
      layerVariant: last.spec === null ? last.label : `${lastName} (${last.label})`,
      layers: toLayerBars(last.layerSparsity),
    };
  }, [reports]);

  return (
    <section className="panel lab" aria-labelledby={headingId}>
      <h2 id={headingId}>Compression lab</h2>
      {!hasModel && (
        <p className="muted">Train a model first (a stopped run counts): the lab compresses the trained weights and measures every variant.</p>
      )}
      <CompressionForm
        spec={spec}
        enabled={hasModel}
        canMeasure={canMeasure}
        onChange={setCompressionSpec}
        onMeasure={() => void runVariant(spec)}
        onMeasureBaseline={() => void runVariant(null)}
      />
      {job && <JobProgress label={job.label} stage={job.progress.stage} fraction={job.progress.fraction} />}
      {error && <p className="alert" role="alert">{error}</p>}
      <VariantsTable reports={reports} onRemove={removeVariant} />
      {charts && (
        <div className="lab-charts">
          <AccuracyLatencyChart points={charts.latency} batch={charts.batch} />
          <ModelSizeChart bars={charts.sizes} />
          <AccuracySparsityChart points={charts.sparsity} />
          <LayerSparsityChart variant={charts.layerVariant} layers={charts.layers} />
        </div>
      )}
    </section>
  );
}
