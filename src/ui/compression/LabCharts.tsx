import { memo } from "react";
import { AccuracyBitsChart, AccuracyLatencyChart, AccuracySparsityChart } from "./AccuracyCharts.tsx";
import type { BitsPoint, LatencyPoint, LayerBar, SensitivitySeries, SizeBar, SparsityPoint } from "./chartPoints.ts";
import type { LatencyRuntime } from "./compressionData.ts";
import { LayerSensitivityChart, LayerSparsityChart, ModelSizeChart } from "./SizeCharts.tsx";

/** The points of every lab chart (plain arrays), as CompressionLab computes them. */
export interface LabChartData {
  latency: LatencyPoint[];
  /** The backend the latency chart's points were timed on. */
  backend: string | undefined;
  /** tfjs's backend, for the runtime choice. */
  tfjsBackend: string | undefined;
  sparsity: SparsityPoint[];
  sweepSparsity: SparsityPoint[];
  bits: BitsPoint[];
  sweepBits: BitsPoint[];
  sizes: SizeBar[];
  layerTitle: string;
  layers: LayerBar[];
  sensitivity: SensitivitySeries[] | null;
}

/** Props of LabCharts. */
export interface LabChartsProps {
  charts: LabChartData;
  /** Whether ONNX Runtime timed any row (the latency chart may show its timing then). */
  onnxTimed: boolean;
  runtime: LatencyRuntime;
  runtimeId: string;
  onRuntimeChange: (runtime: LatencyRuntime) => void;
  /** The sweep was cancelled part way (its sensitivity chart says so). */
  sweepCancelled: boolean | undefined;
}

/**
 * The lab's charts. Memoized: drawing them is the lab's slowest render, and a change of the form's settings alone
 * leaves their points as they were.
 */
export const LabCharts = memo(function LabCharts({
  charts,
  onnxTimed,
  runtime,
  runtimeId,
  onRuntimeChange,
  sweepCancelled,
}: LabChartsProps) {
  return (
    <div className="lab-charts">
      <div className="lab-chart-block">
        {onnxTimed && (
          <div className="field field--inline">
            <label htmlFor={runtimeId}>Latency runtime</label>
            <select id={runtimeId} value={runtime} onChange={(e) => onRuntimeChange(e.target.value as LatencyRuntime)}>
              <option value="tfjs">tfjs ({charts.tfjsBackend ?? "current backend"})</option>
              <option value="onnx">ONNX Runtime (int8 variants: their own accuracy)</option>
            </select>
          </div>
        )}
        <AccuracyLatencyChart points={charts.latency} backend={charts.backend} />
      </div>
      <AccuracySparsityChart points={charts.sparsity} sweep={charts.sweepSparsity} />
      <AccuracyBitsChart points={charts.bits} sweep={charts.sweepBits} />
      <ModelSizeChart bars={charts.sizes} />
      <LayerSparsityChart variant={charts.layerTitle} layers={charts.layers} />
      {charts.sensitivity && <LayerSensitivityChart series={charts.sensitivity} partial={sweepCancelled} />}
    </div>
  );
});
