// The layer notation of the URL hash (its key l), both ways, and the number and message helpers it shares with
// urlCodec.ts. Pure: config/, layers/ and zod only. Layers are comma-separated tokens; each kind's module in
// src/layers/ declares its own token (its `notation`: "c32k3s2p.tanh", "mp3s2p", "dw3p", "do0.25", "f", …), where
// a part equal to its default is left out.
import { z } from "zod";
import { ExperimentConfig, LayerConfig } from "./schema.ts";
import { DEFAULT_CONFIG } from "./presets.ts";
import { LAYER_KINDS, LAYER_SPECS, specOf } from "../layers/registry.ts";

export { formatNumber, readNumber } from "../layers/kit/notation.ts";

/** A text in double quotes for a message, cut after 40 characters. */
export const quote = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;

type Issue = z.core.$ZodIssue;

/** A schema issue as a phrase, e.g. "must be at most 256"; the limits come from the issue, never from here. */
export function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case "too_big":
      return `must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`;
    case "too_small":
      return `must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`;
    case "invalid_value":
      return `must be one of ${issue.values.join(", ")}`;
    case "invalid_union":
      return `must be one of ${issue.errors
        .flat()
        .flatMap((e) => (e.code === "invalid_value" ? e.values : []))
        .join(", ")}`;
    case "invalid_type":
      return issue.expected === "int" ? "must be a whole number" : `must be a ${issue.expected}`;
    default:
      return issue.message;
  }
}

// ---- Layers ----

const KIND_BY_CODE = new Map(LAYER_KINDS.map((kind) => [LAYER_SPECS[kind].notation.code, kind]));
const FIELD_LABELS: Record<string, string> = { kernelSize: "kernel size", poolSize: "pool size" };

/** One layer in the hash notation, e.g. "c32k3" or "mp2s1p". */
export function formatLayer(layer: LayerConfig): string {
  return specOf(layer).notation.write(layer);
}

/** A token's problem, or its layer as checked by LayerConfig. */
function readLayer(token: string): { layer: LayerConfig } | { problem: string } {
  const [, code = "", rest = ""] = /^([a-z]*)(.*)$/s.exec(token) ?? [];
  const kind = KIND_BY_CODE.get(code);
  if (kind === undefined) {
    return {
      problem: `${code ? `${quote(code)} is not` : "does not start with"} a layer kind (${[...KIND_BY_CODE.keys()].join(", ")})`,
    };
  }
  const codec = LAYER_SPECS[kind].notation;
  const groups = codec.pattern.exec(rest);
  if (!groups) return { problem: `not written like ${codec.example}` };
  const parsed = LayerConfig.safeParse({ kind, ...codec.read(groups.slice(1)) });
  if (parsed.success) return { layer: parsed.data };
  const issue = parsed.error.issues[0];
  const field = String(issue.path[0] ?? "kind");
  return { problem: `${FIELD_LABELS[field] ?? field} ${describeIssue(issue)}` };
}

const FLATTEN: LayerConfig = { kind: "flatten" };

/** The layer list of `l`, or the default layers with one message per bad layer. */
export function readLayers(text: string, errors: string[]): unknown {
  const fallback = "the seed model's layers were used instead.";
  const tokens = text === "" ? [] : text.split(",");
  // The count against the array schema's own bounds: one valid placeholder layer per token.
  const countIssue = ExperimentConfig.shape.layers
    .safeParse(tokens.map(() => FLATTEN))
    .error?.issues.find((i) => i.path.length === 0);
  if (countIssue) {
    const bound =
      countIssue.code === "too_big"
        ? `at most ${countIssue.maximum}`
        : countIssue.code === "too_small"
          ? `at least ${countIssue.minimum}`
          : "";
    errors.push(`The link lists ${tokens.length} layers but an experiment has ${bound} layers; ${fallback}`);
    return DEFAULT_CONFIG.layers;
  }
  const layers: LayerConfig[] = [];
  tokens.forEach((token, i) => {
    const read = readLayer(token);
    if ("layer" in read) layers.push(read.layer);
    else errors.push(`Layer ${i + 1} (${quote(token)}): ${read.problem}; ${fallback}`);
  });
  return layers.length === tokens.length ? layers : DEFAULT_CONFIG.layers;
}
