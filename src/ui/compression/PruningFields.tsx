import type { PruningSpec } from "../../config/compression.ts";
import { NumberField } from "../form/NumberField.tsx";
import { SelectField, type SelectOption } from "../form/SelectField.tsx";
import { CheckboxField, FINE_TUNE_EPOCHS, PercentRangeField } from "./LabFields.tsx";

const PRUNING_OPTIONS: readonly SelectOption[] = [
  { value: "none", label: "None" },
  { value: "magnitude", label: "Magnitude (unstructured)" },
  { value: "filters", label: "Filters (structured)" },
];
const SCOPE_OPTIONS: readonly SelectOption[] = [
  { value: "layer", label: "Per layer" },
  { value: "global", label: "Global threshold" },
];
const SCHEDULE_OPTIONS: readonly SelectOption[] = [
  { value: "one-shot", label: "One-shot" },
  { value: "polynomial", label: "Polynomial (Zhu & Gupta)" },
];

/** The pruning that a newly chosen kind starts from; the fine-tuning epochs carry over. */
export function pruningOfKind(kind: string, current: PruningSpec): PruningSpec {
  const fineTuneEpochs = current.kind === "none" ? 0 : current.fineTuneEpochs;
  if (kind === "magnitude") {
    return current.kind === "magnitude" ? current
      : { kind: "magnitude", sparsity: 0.8, scope: "layer", includeBiases: false, includeHead: false, schedule: "one-shot", fineTuneEpochs };
  }
  if (kind === "filters") return current.kind === "filters" ? current : { kind: "filters", fraction: 0.5, fineTuneEpochs };
  return { kind: "none" };
}

/** Props of PruningFields: the pruning part of the spec. */
export interface PruningFieldsProps {
  pruning: PruningSpec;
  onChange: (pruning: PruningSpec) => void;
  disabled: boolean;
}

/** Pruning kind and, for magnitude or filter pruning, its settings. */
export function PruningFields({ pruning, onChange, disabled }: PruningFieldsProps) {
  return (
    <>
      <SelectField label="Pruning" value={pruning.kind} options={PRUNING_OPTIONS} disabled={disabled} onChange={(kind) => onChange(pruningOfKind(kind, pruning))} />
      {pruning.kind === "magnitude" && (
        <>
          <PercentRangeField label="Target sparsity" value={pruning.sparsity} maxPercent={95} stepPercent={5} disabled={disabled}
            onChange={(sparsity) => onChange({ ...pruning, sparsity })} />
          <SelectField label="Scope" value={pruning.scope} options={SCOPE_OPTIONS} disabled={disabled}
            onChange={(scope) => onChange({ ...pruning, scope: scope === "global" ? "global" : "layer" })} />
          <SelectField label="Schedule" value={pruning.schedule} options={SCHEDULE_OPTIONS} disabled={disabled}
            onChange={(schedule) => onChange({ ...pruning, schedule: schedule === "polynomial" ? "polynomial" : "one-shot" })} />
          <NumberField label="Fine-tune epochs" value={pruning.fineTuneEpochs} spec={FINE_TUNE_EPOCHS} disabled={disabled}
            onChange={(fineTuneEpochs) => onChange({ ...pruning, fineTuneEpochs })} />
          <div className="lab-checkboxes">
            <CheckboxField label="Prune biases" checked={pruning.includeBiases} disabled={disabled}
              onChange={(includeBiases) => onChange({ ...pruning, includeBiases })} />
            <CheckboxField label="Prune the classifier head" checked={pruning.includeHead} disabled={disabled}
              onChange={(includeHead) => onChange({ ...pruning, includeHead })} />
          </div>
        </>
      )}
      {pruning.kind === "filters" && (
        <>
          <PercentRangeField label="Filters removed" value={pruning.fraction} maxPercent={90} stepPercent={10} disabled={disabled}
            onChange={(fraction) => onChange({ ...pruning, fraction })} />
          <NumberField label="Fine-tune epochs" value={pruning.fineTuneEpochs} spec={FINE_TUNE_EPOCHS} disabled={disabled}
            onChange={(fineTuneEpochs) => onChange({ ...pruning, fineTuneEpochs })} />
        </>
      )}
    </>
  );
}
