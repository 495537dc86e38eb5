import type { PruningSpec } from "../../config/compression.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { NumberField } from "../form/NumberField.tsx";
import { SelectField, type SelectOption } from "../form/SelectField.tsx";
import { MAX_SPARSITY_PERCENT, withPruningMethod, withSparsityPercent } from "./compressionData.ts";
import { CheckboxField, FINE_TUNE_EPOCHS, PercentRangeField, SwitchField } from "./LabFields.tsx";

const METHOD_OPTIONS: readonly SelectOption[] = [
  { value: "magnitude", label: "Magnitude" },
  { value: "filters", label: "Filters" },
];
const SCOPE_OPTIONS: readonly SelectOption[] = [
  { value: "layer", label: "Per layer" },
  { value: "global", label: "Global threshold" },
];
const SCHEDULE_OPTIONS: readonly SelectOption[] = [
  { value: "one-shot", label: "One-shot" },
  { value: "polynomial", label: "Polynomial (Zhu & Gupta)" },
];

const SPARSITY_HINT = {
  magnitude: "Fraction of the prunable weights set to zero (unstructured).",
  filters: "Fraction of each layer's filters removed; the model is rebuilt smaller.",
} as const;

/** Props of PruningFields: the pruning part of the spec. */
export interface PruningFieldsProps {
  pruning: PruningSpec;
  onChange: (pruning: PruningSpec) => void;
  /** Disables every field, the switch included (no trained model, say). */
  disabled?: boolean;
}

/**
 * The pruning switch and its settings. Switched off, the settings stay visible but disabled; the
 * magnitude-only settings are disabled for filter pruning.
 */
export function PruningFields({ pruning, onChange, disabled = false }: PruningFieldsProps) {
  const off = disabled || !pruning.enabled;
  const magnitudeOff = off || pruning.method !== "magnitude";
  return (
    <fieldset className="lab-part">
      <legend className="lab-part__legend">
        <SwitchField
          label="Pruning"
          checked={pruning.enabled}
          disabled={disabled}
          onChange={(enabled) => onChange({ ...pruning, enabled })}
        />
      </legend>
      <div className="lab-fields">
        <SelectField
          label="Pruning method"
          value={pruning.method}
          options={METHOD_OPTIONS}
          disabled={off}
          note={
            pruning.method === "filters" ? (
              <ConceptNote key="filters" id="filterPruning" />
            ) : (
              <ConceptNote key="magnitude" id="magnitudePruning" />
            )
          }
          onChange={(method) => onChange(withPruningMethod(pruning, method))}
        />
        <PercentRangeField
          label="Sparsity"
          value={pruning.sparsity}
          maxPercent={MAX_SPARSITY_PERCENT[pruning.method]}
          stepPercent={5}
          disabled={off}
          hint={SPARSITY_HINT[pruning.method]}
          onChange={(percent) => onChange(withSparsityPercent(pruning, percent))}
        />
        <NumberField
          label="Fine-tune epochs"
          value={pruning.fineTuneEpochs}
          spec={FINE_TUNE_EPOCHS}
          disabled={off}
          onChange={(fineTuneEpochs) => onChange({ ...pruning, fineTuneEpochs })}
        />
        <SelectField
          label="Scope"
          value={pruning.scope}
          options={SCOPE_OPTIONS}
          disabled={magnitudeOff}
          onChange={(scope) => onChange({ ...pruning, scope: scope === "global" ? "global" : "layer" })}
        />
        <SelectField
          label="Schedule"
          value={pruning.schedule}
          options={SCHEDULE_OPTIONS}
          disabled={magnitudeOff}
          note={<ConceptNote id="pruningSchedule" />}
          onChange={(schedule) =>
            onChange({ ...pruning, schedule: schedule === "polynomial" ? "polynomial" : "one-shot" })
          }
        />
        <div className="lab-checkboxes">
          <CheckboxField
            label="Prune biases"
            checked={pruning.includeBiases}
            disabled={magnitudeOff}
            onChange={(includeBiases) => onChange({ ...pruning, includeBiases })}
          />
          <CheckboxField
            label="Prune the classifier head"
            checked={pruning.includeHead}
            disabled={magnitudeOff}
            onChange={(includeHead) => onChange({ ...pruning, includeHead })}
          />
        </div>
      </div>
      {pruning.method === "filters" && (
        <p className="lab-hint">Scope, schedule, biases and head apply to magnitude pruning only.</p>
      )}
    </fieldset>
  );
}
