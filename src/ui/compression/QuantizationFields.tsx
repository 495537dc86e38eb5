import type { QuantizationSpec } from "../../config/compression.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { NumberField } from "../form/NumberField.tsx";
import { SelectField, type SelectOption } from "../form/SelectField.tsx";
import { withWeightBits } from "./compressionData.ts";
import { CheckboxField, QAT_EPOCHS, SwitchField } from "./LabFields.tsx";

const BITS_OPTIONS: readonly SelectOption[] = [
  { value: "16", label: "16 (float16)" },
  { value: "8", label: "8" },
  { value: "4", label: "4" },
  { value: "2", label: "2" },
];
const GRANULARITY_OPTIONS: readonly SelectOption[] = [
  { value: "per-tensor", label: "Per tensor" },
  { value: "per-channel", label: "Per channel" },
];

/** Props of QuantizationFields: the quantization part of the spec. */
export interface QuantizationFieldsProps {
  quantization: QuantizationSpec;
  onChange: (quantization: QuantizationSpec) => void;
  /** Disables every field, the switch included. */
  disabled?: boolean;
}

/**
 * The quantization switch and its settings. Switched off, the settings stay visible but disabled;
 * the granularity is disabled for float16 (it has no scales).
 */
export function QuantizationFields({ quantization, onChange, disabled = false }: QuantizationFieldsProps) {
  const off = disabled || !quantization.enabled;
  const isFloat16 = quantization.weightBits === 16;
  return (
    <fieldset className="lab-part">
      <legend className="lab-part__legend">
        <SwitchField
          label="Quantization"
          checked={quantization.enabled}
          disabled={disabled}
          onChange={(enabled) => onChange({ ...quantization, enabled })}
        />
      </legend>
      <div className="lab-fields">
        <SelectField
          label="Weight bits"
          value={String(quantization.weightBits)}
          options={BITS_OPTIONS}
          disabled={off}
          note={<ConceptNote id="quantization" />}
          onChange={(value) => onChange(withWeightBits(quantization, value))}
        />
        <SelectField
          label="Granularity"
          value={quantization.granularity}
          options={GRANULARITY_OPTIONS}
          disabled={off || isFloat16}
          onChange={(g) =>
            onChange({ ...quantization, granularity: g === "per-tensor" ? "per-tensor" : "per-channel" })
          }
        />
        <NumberField
          label="QAT epochs"
          value={quantization.qatEpochs}
          spec={QAT_EPOCHS}
          disabled={off}
          onChange={(qatEpochs) => onChange({ ...quantization, qatEpochs })}
        />
        <div className="lab-checkboxes">
          <CheckboxField
            label="Quantize activations"
            checked={quantization.activations}
            disabled={off}
            hint="8-bit, calibrated on training images, simulated"
            onChange={(activations) => onChange({ ...quantization, activations })}
          />
        </div>
      </div>
      <p className="lab-hint">
        {isFloat16
          ? "float16 halves every weight; granularity applies to integer bits only."
          : "Per tensor: one affine scale per weight (tfjs converter). Per channel: one symmetric scale per output channel (TFLite int8)."}
      </p>
    </fieldset>
  );
}
