// Test support: fast-check arbitraries read from the zod schemas. Only tests import this module.

import fc from "fast-check";
import { z } from "zod";

/** Random values of a zod schema, drawn from the schema's own ranges and options. */
export function arbitraryOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodNumber) {
    const [min, max] = [schema.minValue ?? -1e9, schema.maxValue ?? 1e9];
    if (schema.isInt) return fc.integer({ min, max });
    // minValue also stands for an exclusive bound (learningRate > 0): the filter drops it
    return fc
      .oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max, 0.1, 0.3))
      .filter((v) => schema.safeParse(v).success);
  }
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...schema.options);
  if (schema instanceof z.ZodLiteral) return fc.constantFrom(...schema.values);
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  if (schema instanceof z.ZodUnion)
    return fc.oneof(...schema.options.map((option) => arbitraryOf(option as z.ZodType)));
  if (schema instanceof z.ZodOptional) return fc.option(arbitraryOf(schema.unwrap() as z.ZodType), { nil: undefined });
  if (schema instanceof z.ZodArray) {
    // lengths beyond the schema's max (.max(10)) are dropped by the filter
    return fc
      .array(arbitraryOf(schema.element as z.ZodType), { maxLength: 12 })
      .filter((items) => schema.safeParse(items).success);
  }
  if (schema instanceof z.ZodObject) {
    const fields = Object.fromEntries(
      Object.entries(schema.shape).map(([key, field]) => [key, arbitraryOf(field as z.ZodType)]),
    );
    return fc.record(fields); // refinements (filter pruning ≤ 90%) are checked once per experiment
  }
  throw new Error(`no arbitrary for ${schema.constructor.name}`);
}
