// The learning-rate schedule in the hash: lrs=<kind>[,<main value>][,e<N>|s<N>][,w<N>][,x<f>][,d<r>][,f<floor>].
//
// kind is const, step, exp or cos. A bare number is the kind's main value: the factor of step decay, the rate per
// epoch of exp, the floor of cos (a fraction of the base rate). e<N> / s<N>: step decay every N epochs / steps.
// w<N>: linear warm-up over N steps. x, d and f write factor, decay and floor when they are not the main value
// (settings another kind uses, kept so that every config reads back exactly). Examples:
//   lrs=cos,w200   lrs=cos,0.01   lrs=step,0.5,e1   lrs=step,0.1,s500,w100   lrs=exp,0.9   lrs=const,w50
// No lrs (old links) is the constant rate; a constant schedule without warm-up is written as no lrs and has no
// schedule field once decoded (one canonical form). A bad value falls back to its default, with a message.

import { formatNumber, quote, readNumber } from "./layerNotation.ts";
import { DEFAULT_LR_SCHEDULE, LrSchedule, isConstantSchedule } from "./schema.ts";
import { expected } from "./urlParts.ts";

export const SCHEDULE_KEYS = ["lrs"] as const;

const KIND_TOKENS: Record<string, LrSchedule["kind"]> = {
  const: "constant",
  step: "step",
  exp: "exponential",
  cos: "cosine",
};
/** The field a bare number sets, per kind. */
const MAIN: Partial<Record<LrSchedule["kind"], "factor" | "decay" | "floor">> = {
  step: "factor",
  exponential: "decay",
  cosine: "floor",
};
const PREFIXED = { x: "factor", d: "decay", f: "floor", w: "warmup" } as const;
const LABELS: Record<keyof LrSchedule, string> = {
  kind: "kind",
  factor: "factor",
  every: "interval",
  per: "interval",
  decay: "decay rate",
  floor: "floor",
  warmup: "warm-up",
};

/** The lrs value, or null for a constant schedule without warm-up (written as no lrs). */
export function writeSchedule(s: LrSchedule | undefined): string | null {
  if (!s || isConstantSchedule(s)) return null;
  const d = DEFAULT_LR_SCHEDULE;
  const kindToken = Object.keys(KIND_TOKENS).find((t) => KIND_TOKENS[t] === s.kind)!;
  const main = MAIN[s.kind];
  const tokens = [kindToken];
  if (main && (s.kind !== "cosine" || !Object.is(s.floor, d.floor))) tokens.push(formatNumber(s[main]));
  if (s.kind === "step" || s.every !== d.every || s.per !== d.per)
    tokens.push(`${s.per === "epoch" ? "e" : "s"}${formatNumber(s.every)}`);
  if (s.warmup !== d.warmup) tokens.push(`w${formatNumber(s.warmup)}`);
  for (const [prefix, field] of Object.entries(PREFIXED))
    if (field !== main && field !== "warmup" && !Object.is(s[field], d[field]))
      tokens.push(`${prefix}${formatNumber(s[field])}`);
  return tokens.join(",");
}

/** The schedule of the hash, or undefined for none or a constant one; bad parts fall back with a message. */
export function readSchedule(params: Map<string, string>, errors: string[]): LrSchedule | undefined {
  const raw = params.get("lrs");
  if (raw === undefined) return undefined;
  const tokens = raw.split(",").filter((t) => t !== "");
  const kind = KIND_TOKENS[tokens[0] ?? ""];
  if (!kind || !Object.hasOwn(KIND_TOKENS, tokens[0])) {
    errors.push(
      `Learning-rate schedule ${quote(raw)} does not start with one of ${Object.keys(KIND_TOKENS).join(", ")}; kept the constant rate.`,
    );
    return undefined;
  }
  const s: LrSchedule = { ...DEFAULT_LR_SCHEDULE, kind };
  const set = (field: keyof LrSchedule, value: unknown, token: string): boolean => {
    const parsed = LrSchedule.shape[field].safeParse(value);
    if (parsed.success) (s as Record<string, unknown>)[field] = parsed.data;
    else
      errors.push(
        `Learning-rate schedule ${LABELS[field]} ${quote(token)} is not ${expected(LrSchedule.shape[field])}; kept ${formatNumber(DEFAULT_LR_SCHEDULE[field] as number)}.`,
      );
    return parsed.success;
  };
  for (const token of tokens.slice(1)) {
    const head = token[0];
    const main = MAIN[kind];
    if (/^[-+.\d]/.test(token) && main) set(main, readNumber(token), token);
    else if (head === "e" || head === "s") {
      if (set("every", readNumber(token.slice(1)), token)) s.per = head === "e" ? "epoch" : "step";
    } else if (Object.hasOwn(PREFIXED, head)) {
      const field = PREFIXED[head as keyof typeof PREFIXED];
      set(field, readNumber(token.slice(1)), token);
    } else
      errors.push(
        `Learning-rate schedule setting ${quote(token)} is not known (a number, e<N>, s<N>, w<N>, x<factor>, d<rate>, f<floor>); it was ignored.`,
      );
  }
  return isConstantSchedule(s) ? undefined : s;
}
