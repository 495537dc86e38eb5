import { beforeEach, describe, expect, it } from "vitest";
import { Conv2DLayer, ExperimentConfig } from "../config/schema.ts";
import { numberSpec } from "../ui/form/schemaField.ts";
import { fieldProblem } from "../ui/form/NumberField.tsx";
import { blockedReason } from "../ui/controls/TrainingControls.tsx";
import { fieldErrorsReason, setFieldError, useFieldErrors } from "./fieldErrors.ts";

const KERNEL = numberSpec(Conv2DLayer.shape.kernelSize);
const BATCH = numberSpec(ExperimentConfig.shape.batchSize);
const READY = { dataset: { state: "ready", progress: 1, error: null, trainCount: 60_000, testCount: 10_000 } } as const;

describe("a field's problem (NumberField)", () => {
  it("names the field, where it is and its range for typed text the schema rejects", () => {
    expect(fieldProblem("Kernel size", "30", KERNEL, "Layer 1 (Conv2D)")).toBe(
      "Layer 1 (Conv2D): Kernel size must be a whole number from 1 to 7",
    );
    expect(fieldProblem("Batch size", "0", BATCH)).toBe("Batch size must be a whole number from 1 to 1024");
    expect(fieldProblem("Batch size", "", BATCH)).toBe("Batch size must be a whole number from 1 to 1024");
    expect(fieldProblem("Batch size", "6.5", BATCH)).not.toBeNull();
  });

  it("is null for text the schema accepts", () => {
    expect(fieldProblem("Kernel size", "7", KERNEL, "Layer 1 (Conv2D)")).toBeNull();
    expect(fieldProblem("Batch size", " 64 ", BATCH)).toBeNull();
  });
});

describe("the registry of invalid fields", () => {
  beforeEach(() => useFieldErrors.setState({ errors: {} }));

  it("holds one message per field until the field is fixed or goes", () => {
    expect(fieldErrorsReason(useFieldErrors.getState().errors)).toBeNull();
    setFieldError("a", "Layer 1 (Conv2D): Kernel size must be a whole number from 1 to 7");
    expect(fieldErrorsReason(useFieldErrors.getState().errors)).toBe(
      "Fix the highlighted field: Layer 1 (Conv2D): Kernel size must be a whole number from 1 to 7",
    );
    setFieldError("b", "Batch size must be a whole number from 1 to 1024");
    expect(fieldErrorsReason(useFieldErrors.getState().errors)).toBe(
      "Fix the 2 highlighted fields: " +
        "Layer 1 (Conv2D): Kernel size must be a whole number from 1 to 7; Batch size must be a whole number from 1 to 1024",
    );
    setFieldError("a", null);
    setFieldError("b", null);
    expect(useFieldErrors.getState().errors).toEqual({});
  });

  it("does not notify when nothing changes", () => {
    setFieldError("a", "x");
    const before = useFieldErrors.getState().errors;
    setFieldError("a", "x");
    setFieldError("c", null);
    expect(useFieldErrors.getState().errors).toBe(before);
  });
});

describe("Train's blocked reason", () => {
  beforeEach(() => useFieldErrors.setState({ errors: {} }));

  it("blocks Train while a field holds an invalid value, before the model, memory and dataset reasons", () => {
    expect(blockedReason(READY, null, null)).toBeNull();
    setFieldError("kernel", fieldProblem("Kernel size", "30", KERNEL, "Layer 1 (Conv2D)"));
    const fields = fieldErrorsReason(useFieldErrors.getState().errors);
    expect(blockedReason(READY, null, null, fields)).toBe(
      "Fix the highlighted field: Layer 1 (Conv2D): Kernel size must be a whole number from 1 to 7",
    );
    expect(blockedReason(READY, "Dense needs a flat input", "Too big", fields)).toBe(fields);
  });

  it("keeps the model, memory-budget and dataset reasons when every field is valid", () => {
    expect(blockedReason(READY, "Dense needs a flat input", null, null)).toBe(
      "Fix the model first: Dense needs a flat input",
    );
    expect(blockedReason(READY, null, "One training step needs 3.1 GiB", null)).toBe("One training step needs 3.1 GiB");
    expect(blockedReason({ dataset: { ...READY.dataset, state: "loading" } }, null, null, null)).toBe(
      "Loading dataset…",
    );
  });
});
