import { LrSchedule } from "../../config/schema.ts";
import { NumberField } from "../form/NumberField.tsx";
import { numberSpec } from "../form/schemaField.ts";
import { SelectField } from "../form/SelectField.tsx";
import { ScheduleSparkline } from "./ScheduleSparkline.tsx";

const KIND_OPTIONS = [
  { value: "constant", label: "Constant" },
  { value: "step", label: "Step decay" },
  { value: "exponential", label: "Exponential" },
  { value: "cosine", label: "Cosine" },
];
const PER_OPTIONS = [
  { value: "epoch", label: "epochs" },
  { value: "step", label: "steps" },
];
const spec = (field: "factor" | "every" | "decay" | "floor" | "warmup") => numberSpec(LrSchedule.shape[field]);

/** Props of ScheduleFields: the schedule, and its curve over the coming run (plain points). */
export interface ScheduleFieldsProps {
  value: LrSchedule;
  baseRate: number;
  curve: readonly { step: number; multiplier: number }[];
  totalSteps: number;
  disabled?: boolean;
  onChange: (value: LrSchedule) => void;
}

/** The learning-rate schedule select, the settings of the chosen kind, a warm-up, and the curve drawn small. */
export function ScheduleFields({ value, baseRate, curve, totalSteps, disabled, onChange }: ScheduleFieldsProps) {
  const set = (patch: Partial<LrSchedule>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="schedule-fields" disabled={disabled}>
      <legend className="visually-hidden">Learning-rate schedule</legend>
      <div className="schedule-fields__row">
        <SelectField
          label="Learning-rate schedule"
          value={value.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => set({ kind: kind as LrSchedule["kind"] })}
        />
        <ScheduleSparkline points={curve} baseRate={baseRate} totalSteps={totalSteps} />
      </div>
      <div className="schedule-fields__settings">
        {value.kind === "step" && (
          <>
            <NumberField
              label="Multiply by"
              value={value.factor}
              spec={spec("factor")}
              onChange={(factor) => set({ factor })}
            />
            <NumberField label="Every" value={value.every} spec={spec("every")} onChange={(every) => set({ every })} />
            <SelectField
              label="Unit"
              value={value.per}
              options={PER_OPTIONS}
              onChange={(per) => set({ per: per as LrSchedule["per"] })}
            />
          </>
        )}
        {value.kind === "exponential" && (
          <NumberField
            label="Multiply per epoch by"
            value={value.decay}
            spec={spec("decay")}
            onChange={(decay) => set({ decay })}
          />
        )}
        {value.kind === "cosine" && (
          <NumberField
            label="Floor (× base rate)"
            value={value.floor}
            spec={spec("floor")}
            onChange={(floor) => set({ floor })}
          />
        )}
        <NumberField
          label="Warm-up steps"
          value={value.warmup}
          spec={spec("warmup")}
          onChange={(warmup) => set({ warmup })}
        />
      </div>
    </fieldset>
  );
}
