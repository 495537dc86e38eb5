import { useId, type ReactNode } from "react";

/** One choice of a SelectField. */
export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Props of a SelectField. */
export interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  disabled?: boolean;
  /** Shown beside the label, e.g. a ConceptNote. */
  note?: ReactNode;
}

/** Labelled native select. */
export function SelectField({ label, value, options, onChange, disabled, note }: SelectFieldProps) {
  const id = useId();
  const labelElement = <label htmlFor={id}>{label}</label>;
  return (
    <div className="field">
      {note ? (
        <div className="field__label-row">
          {labelElement}
          {note}
        </div>
      ) : (
        labelElement
      )}
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
