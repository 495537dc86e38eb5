import { useId, useState } from "react";
import type { NumberFieldSpec } from "./schemaField.ts";

/** Props of a NumberField: the current valid value and the schema's range. */
export interface NumberFieldProps {
  label: string;
  value: number;
  spec: NumberFieldSpec;
  /** Called only with values the schema accepts. */
  onChange: (value: number) => void;
  disabled?: boolean;
}

function rangeText(spec: NumberFieldSpec): string {
  const kind = spec.isInt ? "A whole number" : "A number";
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} of at least ${spec.min}`;
  if (spec.max !== undefined) return `${kind} up to ${spec.max}`;
  return kind;
}

/** Labelled number input; typed text that the schema rejects is marked invalid and not reported. */
export function NumberField({ label, value, spec, onChange, disabled }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [shownValue, setShownValue] = useState(value);
  // an outside change (preset, reorder) replaces the draft
  if (value !== shownValue) {
    setShownValue(value);
    setDraft(String(value));
  }
  const parsed = draft.trim() === "" ? NaN : Number(draft);
  const isValid = Number.isFinite(parsed) && spec.accepts(parsed);

  function handleChange(text: string) {
    setDraft(text);
    const next = text.trim() === "" ? NaN : Number(text);
    if (Number.isFinite(next) && spec.accepts(next) && next !== value) {
      setShownValue(next);
      onChange(next);
    }
  }

  return (
    <div className={isValid ? "field" : "field field--invalid"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={spec.isInt ? "numeric" : "decimal"}
        value={draft}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        disabled={disabled}
        aria-invalid={!isValid}
        aria-describedby={isValid ? undefined : `${id}-hint`}
        onChange={(e) => handleChange(e.target.value)}
      />
      {!isValid && <span id={`${id}-hint`} className="field__hint">{rangeText(spec)}</span>}
    </div>
  );
}
