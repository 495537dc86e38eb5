import { z } from "zod";

/** Input attributes and validator of one numeric schema field. */
export interface NumberFieldSpec {
  min: number | undefined;
  max: number | undefined;
  /** "any" for real-valued fields, 1 for integers. */
  step: number | "any";
  isInt: boolean;
  /** True when the schema accepts `value` (covers exclusive bounds such as learningRate > 0). */
  accepts: (value: number) => boolean;
}

/** One editable field of a zod object, in the schema's key order. */
export type FieldSpec =
  | { key: string; label: string; type: "number"; spec: NumberFieldSpec }
  | { key: string; label: string; type: "enum"; options: readonly string[] };

/** Range, step and validator read from a zod number schema. */
export function numberSpec(schema: z.ZodNumber): NumberFieldSpec {
  const isInt = schema.isInt === true;
  const finite = (n: number | null) => (n === null || !Number.isFinite(n) ? undefined : n);
  return {
    min: finite(schema.minValue),
    max: finite(schema.maxValue),
    step: isInt ? 1 : "any",
    isInt,
    accepts: (value) => schema.safeParse(value).success,
  };
}

/** Options of a zod enum schema, in declaration order. */
export function enumOptions(schema: z.ZodEnum): readonly string[] {
  return schema.options as readonly string[];
}

/** Sentence-case label of a camelCase key, e.g. "kernelSize" → "Kernel size". */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Editable number and enum fields of a zod object; literals (such as `kind`) are skipped. */
export function objectFields(schema: z.ZodObject): FieldSpec[] {
  const fields: FieldSpec[] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    if (field instanceof z.ZodNumber)
      fields.push({ key, label: fieldLabel(key), type: "number", spec: numberSpec(field) });
    else if (field instanceof z.ZodEnum)
      fields.push({ key, label: fieldLabel(key), type: "enum", options: enumOptions(field) });
  }
  return fields;
}

/** Readable names of enum values shown in selects; values not listed show as they are. */
export const OPTION_LABELS: Record<string, string> = {
  relu: "ReLU",
  leakyRelu: "Leaky ReLU",
  elu: "ELU",
  tanh: "tanh",
  sigmoid: "sigmoid",
  linear: "linear (none)",
  same: "same",
  valid: "valid",
  sgd: "SGD",
  momentum: "Momentum",
  adam: "Adam",
  rmsprop: "RMSprop",
};

/** `{ value, label }` pairs of enum values for a SelectField. */
export function optionsWithLabels(values: readonly string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: OPTION_LABELS[value] ?? value }));
}
