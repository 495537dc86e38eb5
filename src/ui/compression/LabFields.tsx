import { useId } from "react";
import type { NumberFieldSpec } from "../form/schemaField.ts";

/** Fine-tuning epochs: a whole number from 0 to 5 (as CompressionSpec says). */
export const FINE_TUNE_EPOCHS: NumberFieldSpec = {
  min: 0,
  max: 5,
  step: 1,
  isInt: true,
  accepts: (value) => Number.isInteger(value) && value >= 0 && value <= 5,
};

/** Props of a PercentRangeField: a 0–1 fraction edited as whole percents. */
export interface PercentRangeFieldProps {
  label: string;
  /** 0–1. */
  value: number;
  /** Highest percent, e.g. 95. */
  maxPercent: number;
  stepPercent: number;
  onChange: (fraction: number) => void;
  disabled?: boolean;
}

/** Labelled range slider in percent with its value shown beside the label. */
export function PercentRangeField({ label, value, maxPercent, stepPercent, onChange, disabled }: PercentRangeFieldProps) {
  const id = useId();
  const percent = Math.round(value * 100);
  return (
    <div className="field lab-range">
      <div className="lab-range__labels">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="lab-range__value">{percent}%</output>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={maxPercent}
        step={stepPercent}
        value={percent}
        disabled={disabled}
        aria-valuetext={`${percent}%`}
        onChange={(e) => onChange(Number(e.target.value) / 100)}
      />
    </div>
  );
}

/** Props of a CheckboxField. */
export interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** Native checkbox with its label beside it. */
export function CheckboxField({ label, checked, onChange, disabled }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="lab-checkbox">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
