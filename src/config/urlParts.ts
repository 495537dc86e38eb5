// The hash's building blocks: one value through its schema, and a "part" (on,sp0.8,global) of named settings.

import { z } from "zod";
import { describeIssue, formatNumber, quote, readNumber } from "./layerNotation.ts";

/** A value as the hash writes it: numbers as their shortest round-trip text. */
export const show = (value: unknown) => (typeof value === "number" ? formatNumber(value) : String(value));

/** What a number or enum schema accepts, e.g. "a whole number between 1 and 1024", read from the schema. */
export function expected(schema: z.ZodType): string {
  if (schema instanceof z.ZodNumber)
    return `a ${schema.isInt ? "whole " : ""}number between ${schema.minValue} and ${schema.maxValue}`;
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(", ")}`;
  return "valid";
}

/** One hash value through its schema; on failure, a message and the fallback. */
export function readField(
  schema: z.ZodType,
  raw: string | undefined,
  label: string,
  fallback: unknown,
  errors: string[],
): unknown {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(schema instanceof z.ZodNumber ? readNumber(raw) : raw);
  if (parsed.success) return parsed.data;
  errors.push(`${label} ${quote(raw)} is not ${expected(schema)}; kept ${show(fallback)}.`);
  return fallback;
}

/** One setting of a part: named tokens (choices) or a prefix followed by a number. */
export type PartItem = { field: string; label: string } & ({ choices: Record<string, unknown> } | { prefix: string });

/** Choices whose tokens are the options themselves. */
export const same = (options: readonly string[]) => Object.fromEntries(options.map((o) => [o, o]));
/** The on/off setting a part that can be switched off starts with (always written). */
export const onOff: PartItem = { field: "enabled", label: "on/off", choices: { on: true, off: false } };

/** A part as "on,sp0.8,global": on/off first, then the settings that differ; null when it equals the default. */
export function writePart(
  items: PartItem[],
  part: Record<string, unknown>,
  defaults: Record<string, unknown>,
): string | null {
  if (items.every((item) => Object.is(part[item.field], defaults[item.field]))) return null;
  return items
    .flatMap((item) => {
      const value = part[item.field];
      if (item !== onOff && Object.is(value, defaults[item.field])) return [];
      if ("prefix" in item) return [`${item.prefix}${show(value)}`];
      return [Object.keys(item.choices).find((token) => Object.is(item.choices[token], value)) ?? show(value)];
    })
    .join(",");
}

function findItem(items: PartItem[], token: string): PartItem | undefined {
  return (
    items.find((item) => ("choices" in item ? Object.hasOwn(item.choices, token) : false)) ??
    items.find((item) => "prefix" in item && token.startsWith(item.prefix))
  );
}

/** A part from its hash value; a setting the schema rejects falls back to its default, with a message. */
export function readPart(
  name: string,
  schema: z.ZodType,
  items: PartItem[],
  raw: string | undefined,
  defaults: Record<string, unknown>,
  errors: string[],
): unknown {
  if (raw === undefined) return defaults;
  const part: Record<string, unknown> = { ...defaults };
  const texts = new Map<string, string>();
  for (const token of raw.split(",").filter((t) => t !== "")) {
    const item = findItem(items, token);
    if (!item) {
      errors.push(
        `${name} setting ${quote(token)} is not known (${items.map((i) => ("prefix" in i ? `${i.prefix}<number>` : Object.keys(i.choices).join("|"))).join(", ")}); it was ignored.`,
      );
      continue;
    }
    part[item.field] = "choices" in item ? item.choices[token] : readNumber(token.slice(item.prefix.length));
    texts.set(item.field, token);
  }
  for (let tries = 0; tries <= items.length; tries++) {
    const parsed = schema.safeParse(part);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0]);
    const label = items.find((item) => item.field === field)?.label ?? field;
    errors.push(
      `${name} ${label} ${quote(texts.get(field) ?? show(part[field]))}: ${describeIssue(issue)}; kept ${show(defaults[field])}.`,
    );
    part[field] = defaults[field];
  }
  return defaults;
}
