import { useMemo } from "react";
import { useDatasetInfo } from "../../app/customImages/useDatasetInfo.ts";
import { pauseTraining, resetModel, resumeTraining, startTraining, stopTraining } from "../../app/actions.ts";
import { isRunActive, nextRunContinues, updateConfig, useAppStore, type AppState } from "../../app/store.ts";
import { useFieldErrorsReason } from "../../app/fieldErrors.ts";
import { useModelStats } from "../../app/useModelStats.ts";
import {
  ExperimentConfig,
  TRAINING_FIELDS,
  isConstantSchedule,
  isDefaultTrainingData,
  scheduleOf,
  trainingDataOf,
  type LrSchedule,
} from "../../config/schema.ts";
import { scheduleCurve, scheduleRun } from "../../core/train/lrSchedule.ts";
import { ScheduleFields } from "./ScheduleFields.tsx";
import { checkMemoryBudget } from "../../core/model/memoryBudget.ts";
import { DataExperimentFields, type DataExperimentChange } from "./DataExperimentFields.tsx";
import { NumberField } from "../form/NumberField.tsx";
import { objectFields, optionsWithLabels } from "../form/schemaField.ts";
import { SelectField } from "../form/SelectField.tsx";
import { RunButtons } from "./RunButtons.tsx";
import { RunProgress } from "./RunProgress.tsx";
import { NextRunNote } from "./NextRunNote.tsx";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { StepReport } from "./StepReport.tsx";
import { useStepStore } from "../../app/stepStore.ts";
import { stepTraining } from "../../app/stepActions.ts";

// Optimizer, Learning rate, Batch size, Epochs, Validation fraction, Seed: labels and ranges from the schema
const FIELDS = objectFields(ExperimentConfig).filter((field) =>
  (TRAINING_FIELDS as readonly string[]).includes(field.key),
);

/** The "?" beside the fields that have a concept note. */
function noteOf(key: string) {
  if (key === "optimizer" || key === "learningRate" || key === "batchSize") return <ConceptNote id={key} />;
  return undefined;
}

/**
 * Why Train is disabled: a field whose typed value is invalid (fieldErrorsReason), a broken model, a step that would
 * not fit the memory budget, or the dataset; null when it is not.
 */
export function blockedReason(
  state: Pick<AppState, "dataset">,
  modelError: string | null,
  memoryError: string | null,
  fieldError: string | null = null,
): string | null {
  if (fieldError) return fieldError;
  if (modelError) return `Fix the model first: ${modelError}`;
  if (memoryError) return memoryError;
  if (state.dataset.state === "error") return "The dataset did not load.";
  if (state.dataset.state !== "ready") return "Loading dataset…";
  return null;
}

/** Stores the training-data settings; the defaults are stored as absent, so they add nothing to the link. */
function setDataExperiment({ data, l2 }: DataExperimentChange): void {
  updateConfig({ data: isDefaultTrainingData(data) ? undefined : data, l2: l2 === 0 ? undefined : l2 });
}

/** Stores the schedule; the constant one without warm-up is stored as absent, so old links stay as they were. */
function setSchedule(schedule: LrSchedule): void {
  updateConfig({ schedule: isConstantSchedule(schedule) ? undefined : schedule });
}

/** Images in the training part after the validation hold-out (as splitValidation rounds it). */
const trainPartCount = (trainCount: number, validationFraction: number) =>
  trainCount - Math.round(trainCount * validationFraction);

/** Training panel: hyperparameters, run buttons, progress and live throughput. */
export function TrainingControls() {
  const config = useAppStore((s) => s.config);
  const dataset = useAppStore((s) => s.dataset);
  const status = useAppStore((s) => s.status);
  const nextRun = useAppStore((s) => (s.runs.length === 0 || isRunActive(s) ? null : nextRunContinues(s)));
  const preparingStep = useAppStore((s) => s.preparingStep);
  // the newest batch's epoch across the whole run record (a continued run counts on from its earlier epochs)
  const runEpochIndex = useAppStore((s) => s.runs.at(-1)?.batches.points.at(-1)?.epochIndex ?? null);
  const notice = useAppStore((s) => s.runNotice);
  const progress = useAppStore((s) => s.runs.at(-1)?.progress ?? null);
  const isLocked = useAppStore(isRunActive);
  const stepping = useStepStore((s) => s.stepping);
  const stepReport = useStepStore((s) => s.report);
  const stats = useModelStats(config.layers, config.datasetId);
  const fieldError = useFieldErrorsReason();
  const info = useDatasetInfo(config.datasetId);
  // the memory budget reads the dataset's input shape, which follows the person's own classes
  const memoryError = useMemo(() => checkMemoryBudget(config), [config, info.inputShape]); // eslint-disable-line react-hooks/exhaustive-deps
  const values = config as unknown as Record<string, number | string>;
  const schedule = scheduleOf(config);
  // the run's steps as the trainer counts them; a class imbalance shortens an epoch a little more than this shows
  const part = trainPartCount(
    dataset.state === "ready" ? dataset.trainCount : info.trainCount,
    config.validationFraction,
  );
  const run = scheduleRun(
    Math.max(1, Math.round(part * trainingDataOf(config).trainFraction)),
    config.batchSize,
    config.epochs,
  );

  return (
    <section className="panel">
      <h2>Training</h2>
      <fieldset className="training-fields" disabled={isLocked}>
        <legend className="visually-hidden">Training settings</legend>
        {FIELDS.map((field) =>
          field.type === "number" ? (
            <NumberField
              key={field.key}
              label={field.label}
              value={values[field.key] as number}
              spec={field.spec}
              note={noteOf(field.key)}
              onChange={(value) => updateConfig({ [field.key]: value })}
            />
          ) : (
            <SelectField
              key={field.key}
              label={field.label}
              value={values[field.key] as string}
              options={optionsWithLabels(field.options)}
              note={noteOf(field.key)}
              onChange={(value) => updateConfig({ [field.key]: value })}
            />
          ),
        )}
      </fieldset>
      <ScheduleFields
        value={schedule}
        baseRate={config.learningRate}
        curve={scheduleCurve(schedule, run)}
        totalSteps={run.totalSteps}
        disabled={isLocked}
        onChange={setSchedule}
      />
      <details className="data-experiments">
        <summary>
          Training data: size, augmentation, class imbalance, L2
          {(!isDefaultTrainingData(trainingDataOf(config)) || (config.l2 ?? 0) > 0) && (
            <span className="muted small"> (changed)</span>
          )}
        </summary>
        <DataExperimentFields
          value={trainingDataOf(config)}
          l2={config.l2 ?? 0}
          numClasses={info.numClasses}
          classNames={info.classNames}
          trainImageCount={
            dataset.state === "ready" ? trainPartCount(dataset.trainCount, config.validationFraction) : 0
          }
          disabled={isLocked}
          onChange={setDataExperiment}
        />
      </details>
      <RunButtons
        status={status}
        trainBlockedReason={blockedReason({ dataset }, stats.error?.message ?? null, memoryError, fieldError)}
        onTrain={() => void startTraining()}
        onPause={() => void pauseTraining()}
        onResume={() => void resumeTraining()}
        onStop={() => void stopTraining()}
        onReset={() => void resetModel()}
        onStep={() => void stepTraining()}
        stepping={stepping}
      />
      <NextRunNote continues={nextRun} />
      <RunProgress
        status={status}
        preparingStep={preparingStep}
        progress={progress}
        runEpochIndex={runEpochIndex}
        notice={notice}
        download={
          dataset.state === "ready" && dataset.progress < 1
            ? {
                arrived: dataset.trainArrived ?? dataset.trainCount,
                total: dataset.trainCount,
                fraction: dataset.progress,
              }
            : null
        }
      />
      {stepReport && (
        <StepReport
          batchNumber={status === "paused" && progress ? progress.batchIndex : null}
          loss={stepReport.batch?.loss ?? null}
          accuracy={stepReport.batch?.accuracy ?? null}
          norms={stepReport.norms}
          filters={stepReport.filters}
        />
      )}
    </section>
  );
}
