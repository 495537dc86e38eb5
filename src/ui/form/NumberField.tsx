import { useEffect, useId, useState, type ReactNode } from "react";
import { setFieldError } from "../../app/fieldErrors.ts";
import type { NumberFieldSpec } from "./schemaField.ts";

/** Props of a NumberField: the current valid value and the schema's range. */
export interface NumberFieldProps {
  label: string;
  value: number;
  spec: NumberFieldSpec;
  /** Called only with values the schema accepts. */
  onChange: (value: number) => void;
  disabled?: boolean;
  /** Where the field is, for the message that blocks Train while it is invalid, e.g. "Layer 3 (Conv2D)". */
  context?: string;
  /** Shown beside the label, e.g. a ConceptNote. */
  note?: ReactNode;
}

function rangeText(spec: NumberFieldSpec): string {
  const kind = spec.isInt ? "A whole number" : "A number";
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} of at least ${spec.min}`;
  if (spec.max !== undefined) return `${kind} up to ${spec.max}`;
  return kind;
}

/** The number a draft spells (NaN for empty or non-numeric text). */
const draftNumber = (text: string) => (text.trim() === "" ? NaN : Number(text));

/** Why the typed `draft` is not accepted, e.g. "Layer 3: Kernel size must be a whole number from 1 to 7"; null when it is. */
export function fieldProblem(label: string, draft: string, spec: NumberFieldSpec, context?: string): string | null {
  const n = draftNumber(draft);
  if (Number.isFinite(n) && spec.accepts(n)) return null;
  const range = rangeText(spec);
  return `${context ? `${context}: ` : ""}${label} must be ${range.charAt(0).toLowerCase()}${range.slice(1)}`;
}

/**
 * Labelled number input; typed text that the schema rejects is marked invalid, kept on screen and not reported
 * to onChange, and registered in fieldErrors (which keeps Train disabled) until it is fixed or the field goes.
 */
export function NumberField({ label, value, spec, onChange, disabled, context, note }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [shownValue, setShownValue] = useState(value);
  // an outside change (preset, reorder) replaces the draft
  if (value !== shownValue) {
    setShownValue(value);
    setDraft(String(value));
  }
  const problem = fieldProblem(label, draft, spec, context);
  const isValid = problem === null;
  useEffect(() => {
    setFieldError(id, problem);
    return () => setFieldError(id, null);
  }, [id, problem]);

  function handleChange(text: string) {
    setDraft(text);
    const next = draftNumber(text);
    if (Number.isFinite(next) && spec.accepts(next) && next !== value) {
      setShownValue(next);
      onChange(next);
    }
  }

  return (
    <div className={isValid ? "field" : "field field--invalid"}>
      {note ? (
        <div className="field__label-row">
          <label htmlFor={id}>{label}</label>
          {note}
        </div>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
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
      {!isValid && (
        <span id={`${id}-hint`} className="field__hint">
          {rangeText(spec)}
        </span>
      )}
    </div>
  );
}
