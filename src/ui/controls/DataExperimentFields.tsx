import { useId } from "react";
import { ExperimentConfig, type Augmentation, type ClassImbalance, type TrainingData } from "../../config/schema.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { NumberField } from "../form/NumberField.tsx";
import { numberSpec } from "../form/schemaField.ts";

const L2_SPEC = numberSpec(ExperimentConfig.shape.l2.unwrap());

/** What the training-data settings are now, as one change. */
export interface DataExperimentChange {
  data: TrainingData;
  /** L2 penalty coefficient, 0 for none. */
  l2: number;
}

/** Props of DataExperimentFields: plain values, no store. */
export interface DataExperimentFieldsProps {
  value: TrainingData;
  /** L2 penalty coefficient, 0 for none. */
  l2: number;
  numClasses: number;
  /** Names of classes 0..numClasses-1. */
  classNames: readonly string[];
  /** Images in the training part before the size setting (after the validation hold-out); 0 while unknown. */
  trainImageCount: number;
  disabled?: boolean;
  onChange: (change: DataExperimentChange) => void;
}

interface RangeFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  /** The value as shown beside the label and read out, e.g. "50% · 27,000 images". */
  valueText: string;
  disabled?: boolean;
  onChange: (value: number) => void;
}

/** Labelled range slider (whole steps) with its value beside the label. */
function RangeField({ label, value, min, max, valueText, disabled, onChange }: RangeFieldProps) {
  const id = useId();
  return (
    <div className="field lab-range">
      <div className="lab-range__labels">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="lab-range__value">
          {valueText}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={1}
        value={value}
        disabled={disabled}
        aria-valuetext={valueText}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </div>
  );
}

/** Native checkbox with its label beside it. */
function Checkbox({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="lab-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A class's checkbox label: its name, or "Class 4" where the name is only the number. */
const classLabel = (name: string, index: number) => (name === String(index) ? `Class ${index}` : name);
const percentOf = (fraction: number) => Math.round(fraction * 100);

/**
 * Experiments on the data itself: training-set size and L2 weight decay (generalization),
 * augmentation, and class imbalance with optional class weights.
 */
export function DataExperimentFields({
  value,
  l2,
  numClasses,
  classNames,
  trainImageCount,
  disabled,
  onChange,
}: DataExperimentFieldsProps) {
  const change = (data: TrainingData, nextL2 = l2) => onChange({ data, l2: nextL2 });
  const setAugment = (patch: Partial<Augmentation>) => change({ ...value, augment: { ...value.augment, ...patch } });
  const setImbalance = (patch: Partial<ClassImbalance>) =>
    change({ ...value, imbalance: { ...value.imbalance, ...patch } });
  const toggleClass = (index: number, on: boolean) => {
    const others = value.imbalance.classes.filter((c) => c !== index);
    setImbalance({ classes: on ? [...others, index].sort((a, b) => a - b) : others });
  };
  const sizePercent = percentOf(value.trainFraction);
  const imageCount = trainImageCount > 0 ? Math.max(1, Math.round(trainImageCount * value.trainFraction)) : null;
  const imbalanceOff = disabled || value.imbalance.classes.length === 0;

  return (
    <div className="lab-form__fieldset">
      <div className="lab-fields">
        <RangeField
          label="Training set size"
          value={sizePercent}
          min={1}
          max={100}
          disabled={disabled}
          valueText={
            imageCount === null ? `${sizePercent}%` : `${sizePercent}% · ${imageCount.toLocaleString("en-US")} images`
          }
          onChange={(percent) => change({ ...value, trainFraction: percent / 100 })}
        />
        <div className="field-with-note">
          <NumberField
            label="L2 weight decay"
            value={l2}
            spec={L2_SPEC}
            disabled={disabled}
            onChange={(next) => change(value, next)}
          />
          <ConceptNote id="l2" />
        </div>
      </div>
      <fieldset className="lab-part" disabled={disabled}>
        <legend className="lab-part__legend">
          Augmentation <ConceptNote id="augmentation" />
        </legend>
        <div className="lab-fields">
          <RangeField
            label="Shift (px)"
            value={value.augment.shift}
            min={0}
            max={6}
            valueText={`±${value.augment.shift} px`}
            onChange={(shift) => setAugment({ shift })}
          />
          <RangeField
            label="Rotation (°)"
            value={value.augment.rotate}
            min={0}
            max={30}
            valueText={`±${value.augment.rotate}°`}
            onChange={(rotate) => setAugment({ rotate })}
          />
          <RangeField
            label="Zoom (%)"
            value={percentOf(value.augment.zoom)}
            min={0}
            max={30}
            valueText={`±${percentOf(value.augment.zoom)}%`}
            onChange={(percent) => setAugment({ zoom: percent / 100 })}
          />
        </div>
      </fieldset>
      <fieldset className="lab-part" disabled={disabled}>
        <legend className="lab-part__legend">Class imbalance</legend>
        <fieldset className="lab-options">
          <legend className="lab-hint">Classes to cut short</legend>
          {classNames.slice(0, numClasses).map((name, index) => (
            <Checkbox
              key={index}
              label={classLabel(name, index)}
              checked={value.imbalance.classes.includes(index)}
              onChange={(on) => toggleClass(index, on)}
            />
          ))}
        </fieldset>
        <div className="lab-fields">
          <RangeField
            label="Keep fraction"
            value={percentOf(value.imbalance.fraction)}
            min={1}
            max={100}
            disabled={imbalanceOff}
            valueText={`${percentOf(value.imbalance.fraction)}% of their images`}
            onChange={(percent) => setImbalance({ fraction: percent / 100 })}
          />
          <div className="lab-checkboxes">
            <Checkbox
              label="Class weights"
              checked={value.imbalance.classWeights}
              onChange={(classWeights) => setImbalance({ classWeights })}
            />
          </div>
        </div>
      </fieldset>
      <p className="lab-hint">
        Watch the gap between the training and validation curves (overfitting), and the per-class accuracy in the
        Confusion matrix panel (what imbalance and class weights do to the classes cut short).
      </p>
    </div>
  );
}
