import type { CompressionSpec, WeightFormatSpec } from "../../config/compression.ts";
import { SelectField, type SelectOption } from "../form/SelectField.tsx";
import { PruningFields } from "./PruningFields.tsx";

const WEIGHT_OPTIONS: readonly SelectOption[] = [
  { value: "float32", label: "float32" },
  { value: "float16", label: "float16" },
  { value: "int8", label: "int8" },
  { value: "int4", label: "int4" },
  { value: "int2", label: "int2" },
];
const GRANULARITY_OPTIONS: readonly SelectOption[] = [
  { value: "per-tensor", label: "Per tensor (affine)" },
  { value: "per-channel", label: "Per channel (symmetric)" },
];
const ACTIVATION_OPTIONS: readonly SelectOption[] = [
  { value: "float32", label: "float32" },
  { value: "int8", label: "int8 (simulated)" },
];

/** Value of the Weights select, e.g. { kind: "int", bits: 4 } → "int4". */
export function weightsValue(weights: WeightFormatSpec): string {
  return weights.kind === "int" ? `int${weights.bits}` : weights.kind;
}

/** Weight format of a Weights select value; an integer format keeps the current granularity. */
export function weightsOfValue(value: string, current: WeightFormatSpec): WeightFormatSpec {
  if (value === "float16") return { kind: "float16" };
  const bits = value === "int8" ? 8 : value === "int4" ? 4 : value === "int2" ? 2 : null;
  if (bits === null) return { kind: "float32" };
  return { kind: "int", bits, granularity: current.kind === "int" ? current.granularity : "per-channel" };
}

/** Props of CompressionForm: the spec in the form and what may be done now. */
export interface CompressionFormProps {
  spec: CompressionSpec;
  /** False when there is no trained model to compress. */
  enabled: boolean;
  /** True when the buttons may start a job (a trained model and no job running). */
  canMeasure: boolean;
  onChange: (spec: CompressionSpec) => void;
  onMeasure: () => void;
  onMeasureBaseline: () => void;
}

/** Settings of the next variant (pruning, weight format, activations) and the buttons that measure it. */
export function CompressionForm({ spec, enabled, canMeasure, onChange, onMeasure, onMeasureBaseline }: CompressionFormProps) {
  const disabled = !enabled;
  const weights = spec.weights;
  return (
    <form className="lab-form" onSubmit={(e) => e.preventDefault()} aria-label="Variant settings">
      <fieldset className="lab-form__fieldset" disabled={disabled}>
        <legend className="visually-hidden">Variant settings</legend>
        <div className="lab-fields">
          <PruningFields pruning={spec.pruning} disabled={disabled} onChange={(pruning) => onChange({ ...spec, pruning })} />
        </div>
        <div className="lab-fields">
          <SelectField label="Weights" value={weightsValue(weights)} options={WEIGHT_OPTIONS} disabled={disabled}
            onChange={(value) => onChange({ ...spec, weights: weightsOfValue(value, weights) })} />
          {weights.kind === "int" && (
            <SelectField label="Granularity" value={weights.granularity} options={GRANULARITY_OPTIONS} disabled={disabled}
              onChange={(g) => onChange({ ...spec, weights: { ...weights, granularity: g === "per-tensor" ? "per-tensor" : "per-channel" } })} />
          )}
          <SelectField label="Activations" value={spec.activations} options={ACTIVATION_OPTIONS} disabled={disabled}
            onChange={(a) => onChange({ ...spec, activations: a === "int8" ? "int8" : "float32" })} />
        </div>
      </fieldset>
      <div className="run-buttons__row lab-form__buttons">
        <button type="button" className="button button--primary" disabled={!canMeasure} onClick={onMeasure}>Measure variant</button>
        <button type="button" className="button" disabled={!canMeasure} onClick={onMeasureBaseline}>Measure baseline</button>
      </div>
    </form>
  );
}
