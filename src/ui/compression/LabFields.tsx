import { useId } from "react";
import type { NumberFieldSpec } from "../form/schemaField.ts";

/** A whole number from `min` to `max`. */
function wholeNumber(min: number, max: number): NumberFieldSpec {
  return {
    min,
    max,
    step: 1,
    isInt: true,
    accepts: (value) => Number.isInteger(value) && value >= min && value <= max,
  };
}

/** Fine-tuning epochs after pruning: 0 to 5 (as CompressionSpec says). */
export const FINE_TUNE_EPOCHS: NumberFieldSpec = wholeNumber(0, 5);
/** Quantization-aware training epochs: 0 to 3 (as CompressionSpec says). */
export const QAT_EPOCHS: NumberFieldSpec = wholeNumber(0, 3);

/** Props of a PercentRangeField: a 0–1 fraction edited as whole percents. */
export interface PercentRangeFieldProps {
  label: string;
  /** 0–1. */
  value: number;
  /** Highest percent, e.g. 95. */
  maxPercent: number;
  stepPercent: number;
  onChange: (percent: number) => void;
  disabled?: boolean;
  /** What the percentage means, shown under the slider and read as its description. */
  hint?: string;
}

/** Labelled range slider in percent with its value shown beside the label; reports the new percent. */
export function PercentRangeField({
  label,
  value,
  maxPercent,
  stepPercent,
  onChange,
  disabled,
  hint,
}: PercentRangeFieldProps) {
  const id = useId();
  const percent = Math.round(value * 100);
  return (
    <div className="field lab-range">
      <div className="lab-range__labels">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="lab-range__value">
          {percent}%
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={maxPercent}
        step={stepPercent}
        value={Math.min(percent, maxPercent)}
        disabled={disabled}
        aria-valuetext={`${percent}%`}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      {hint && (
        <span id={`${id}-hint`} className="lab-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Props of a CheckboxField. */
export interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** A longer explanation beside the label, read as the checkbox's description. */
  hint?: string;
}

/** Native checkbox with its label (and an optional hint) beside it. */
export function CheckboxField({ label, checked, onChange, disabled, hint }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="lab-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="lab-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Props of a SwitchField: an on/off part of the settings. */
export interface SwitchFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}

/** A checkbox with the switch role, styled as a toggle, its label beside it. */
export function SwitchField({ label, checked, onChange, disabled }: SwitchFieldProps) {
  const id = useId();
  return (
    <span className="lab-switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="lab-switch__input"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id} className="lab-switch__label">
        {label}
      </label>
      <span className="lab-switch__state" aria-hidden="true">
        {checked ? "On" : "Off"}
      </span>
    </span>
  );
}
