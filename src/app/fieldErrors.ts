// Fields whose typed text the schema rejects. Such a field keeps showing what was typed while the config keeps its
// last valid value, so Train must wait until every field is valid again (see TrainingControls' blockedReason).

import { create } from "zustand";

/** What the registry holds: one message per field with an invalid draft, by the field's id. */
export interface FieldErrorsState {
  errors: Readonly<Record<string, string>>;
}

/** The registry of invalid fields (not persisted: a reload shows the stored, valid values). */
export const useFieldErrors = create<FieldErrorsState>()(() => ({ errors: {} }));

/** Records (message) or clears (null) the problem of the field `id`; a no-op when nothing changes. */
export function setFieldError(id: string, message: string | null): void {
  const errors = useFieldErrors.getState().errors;
  if ((errors[id] ?? null) === message) return;
  const next = { ...errors };
  if (message === null) delete next[id];
  else next[id] = message;
  useFieldErrors.setState({ errors: next });
}

/** Why Train must wait for the fields, e.g. "Fix the highlighted field: Kernel size must be …"; null when all are valid. */
export function fieldErrorsReason(errors: Readonly<Record<string, string>>): string | null {
  const messages = Object.values(errors);
  if (messages.length === 0) return null;
  if (messages.length === 1) return `Fix the highlighted field: ${messages[0]}`;
  return `Fix the ${messages.length} highlighted fields: ${messages.join("; ")}`;
}

/** The fields' blocked reason for Train, re-rendering only when it changes. */
export function useFieldErrorsReason(): string | null {
  return useFieldErrors((s) => fieldErrorsReason(s.errors));
}
