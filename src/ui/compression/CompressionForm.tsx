import type { CompressionSpec } from "../../config/compression.ts";
import { CheckboxField } from "./LabFields.tsx";
import { PruningFields } from "./PruningFields.tsx";
import { QuantizationFields } from "./QuantizationFields.tsx";

/** Props of CompressionForm: the settings in the form, the lab's options and what may be done now. */
export interface CompressionFormProps {
  spec: CompressionSpec;
  /** Re-evaluate the settings as they change. */
  live: boolean;
  /** Time kept variants on every backend, not only the current one. */
  allBackends: boolean;
  /** Also time kept variants in ONNX Runtime. */
  onnxRuntime: boolean;
  /** True when Keep variant, Measure baseline and Run sweep may start (a trained model, no measurement running). */
  canStart: boolean;
  /** True while any job runs (Cancel is enabled). */
  jobRunning: boolean;
  onChange: (spec: CompressionSpec) => void;
  onLiveChange: (live: boolean) => void;
  onAllBackendsChange: (allBackends: boolean) => void;
  onOnnxRuntimeChange: (onnxRuntime: boolean) => void;
  onKeep: () => void;
  onMeasureBaseline: () => void;
  onSweep: () => void;
  onCancel: () => void;
}

/** Settings of the variant (pruning, quantization), the lab's options and the buttons that start or cancel a job. */
export function CompressionForm(props: CompressionFormProps) {
  const { spec, live, allBackends, canStart, jobRunning, onChange } = props;
  return (
    <form className="lab-form" onSubmit={(e) => e.preventDefault()} aria-label="Variant settings">
      <div className="lab-parts">
        <PruningFields pruning={spec.pruning} onChange={(pruning) => onChange({ ...spec, pruning })} />
        <QuantizationFields
          quantization={spec.quantization}
          onChange={(quantization) => onChange({ ...spec, quantization })}
        />
      </div>
      <div className="lab-options">
        <CheckboxField
          label="Live"
          hint="Re-evaluate as settings change"
          checked={live}
          onChange={props.onLiveChange}
        />
        <CheckboxField
          label="Time on every backend"
          hint="for kept variants and the baseline; slow on software GPUs"
          checked={allBackends}
          onChange={props.onAllBackendsChange}
        />
        <CheckboxField
          label="Time on ONNX Runtime too"
          hint="the variant as ONNX: integer kernels for 8-bit weights and activations; downloads 14 MB once"
          checked={props.onnxRuntime}
          onChange={props.onOnnxRuntimeChange}
        />
      </div>
      <div className="run-buttons__row lab-form__buttons">
        <button type="button" className="button button--primary" disabled={!canStart} onClick={props.onKeep}>
          Keep variant
        </button>
        <button type="button" className="button" disabled={!canStart} onClick={props.onMeasureBaseline}>
          Measure baseline
        </button>
        <button type="button" className="button" disabled={!canStart} onClick={props.onSweep}>
          Run sweep
        </button>
        <button type="button" className="button" disabled={!jobRunning} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
