// The layer notation of the URL hash (its key l), both ways, and the number and message helpers it shares with
// urlCodec.ts. Pure: config/ and zod only.
//
// Layers, comma-separated; [...] is left out when it equals the default in (...):
//   conv2d           c<filters>k<kernel>[s<stride> (1)][p: same padding (valid)][.<activation> (relu)]  c32k3s2p.tanh
//   separableConv2d  sc…, as conv2d                 maxPool2d  mp<pool>[s<stride> (= pool)][p]  mp3s2p
//   avgPool2d        ap…, as maxPool2d              dense      d<units>[.<activation> (relu)]     d64.tanh
//   dropout do<rate>   batchNorm bn   flatten f   globalAvgPool2d gap
// Numbers are JavaScript's shortest round-trip text ("0.3", "1e-7"), so reading a written layer gives it back exactly.

import { z } from "zod";
import { ExperimentConfig, LayerConfig, type LayerKind, type LayerOf } from "./schema.ts";
import { DEFAULT_CONFIG } from "./presets.ts";
import { LAYER_KINDS } from "./layerInfo.ts";

/** Shortest text that reads back as the same number ("0.3", "1e-7"; negative zero stays "-0"). */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** The finite number a text spells, else the text itself, which the schema then rejects by type. */
export function readNumber(text: string): number | string {
  if (!NUMBER.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

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
      return `must be one of ${issue.errors.flat().flatMap((e) => (e.code === "invalid_value" ? e.values : [])).join(", ")}`;
    case "invalid_type":
      return issue.expected === "int" ? "must be a whole number" : `must be a ${issue.expected}`;
    default:
      return issue.message;
  }
}

// ---- Layers ----

/** How one layer kind is written: its code letters, the pattern of the rest, and both directions. */
interface LayerCodec<L extends LayerConfig> {
  code: string;
  /** A token of this kind using every option, shown when a token does not parse. */
  example: string;
  pattern: RegExp;
  /** Unchecked fields from the pattern's groups: the schema judges them. */
  read: (groups: (string | undefined)[]) => Record<string, unknown>;
  write: (layer: L) => string;
}

// Whole-number fields; fractions and negatives get through so that the schema can name the problem.
const INT = String.raw`(-?\d+(?:\.\d+)?)`;
const ACT = String.raw`(?:\.([A-Za-z]+))?`;
const num = (text: string | undefined) => readNumber(text ?? "");
const act = (activation: string) => (activation === "relu" ? "" : `.${activation}`);
const pad = (padding: string) => (padding === "same" ? "p" : "");

const convCodec = (code: string): LayerCodec<LayerOf<"conv2d" | "separableConv2d">> => ({
  code,
  example: `${code}32k3s2p.tanh`,
  pattern: new RegExp(`^${INT}k${INT}(?:s${INT})?([pv])?${ACT}$`),
  read: ([filters, kernelSize, stride, padding, activation]) => ({
    filters: num(filters), kernelSize: num(kernelSize), stride: stride === undefined ? 1 : num(stride),
    padding: padding === "p" ? "same" : "valid", activation: activation ?? "relu",
  }),
  write: (l) => `${code}${l.filters}k${l.kernelSize}${l.stride === 1 ? "" : `s${l.stride}`}${pad(l.padding)}${act(l.activation)}`,
});

const poolCodec = (code: string): LayerCodec<LayerOf<"maxPool2d" | "avgPool2d">> => ({
  code,
  example: `${code}3s2p`,
  pattern: new RegExp(`^${INT}(?:s${INT})?([pv])?$`),
  read: ([poolSize, stride, padding]) => ({
    poolSize: num(poolSize), stride: num(stride ?? poolSize), padding: padding === "p" ? "same" : "valid",
  }),
  write: (l) => `${code}${l.poolSize}${l.stride === l.poolSize ? "" : `s${l.stride}`}${pad(l.padding)}`,
});

const bareCodec = (code: string): LayerCodec<LayerOf<"batchNorm" | "flatten" | "globalAvgPool2d">> => ({
  code, example: code, pattern: /^$/, read: () => ({}), write: () => code,
});

const LAYER_CODECS: { [K in LayerKind]: LayerCodec<LayerOf<K>> } = {
  conv2d: convCodec("c"),
  separableConv2d: convCodec("sc"),
  maxPool2d: poolCodec("mp"),
  avgPool2d: poolCodec("ap"),
  batchNorm: bareCodec("bn"),
  dropout: {
    code: "do", example: "do0.25", pattern: /^(.*)$/, read: ([rate]) => ({ rate: num(rate) }),
    write: (l) => `do${formatNumber(l.rate)}`,
  },
  flatten: bareCodec("f"),
  globalAvgPool2d: bareCodec("gap"),
  dense: {
    code: "d", example: "d64.tanh", pattern: new RegExp(`^${INT}${ACT}$`),
    read: ([units, activation]) => ({ units: num(units), activation: activation ?? "relu" }),
    write: (l) => `d${l.units}${act(l.activation)}`,
  },
};

const KIND_BY_CODE = new Map(LAYER_KINDS.map((kind) => [LAYER_CODECS[kind].code, kind]));
const FIELD_LABELS: Record<string, string> = { kernelSize: "kernel size", poolSize: "pool size" };

/** One layer in the hash notation, e.g. "c32k3" or "mp2s1p". */
export function formatLayer<K extends LayerKind>(layer: LayerOf<K>): string {
  return LAYER_CODECS[layer.kind as K].write(layer);
}

/** A token's problem, or its layer as checked by LayerConfig. */
function readLayer(token: string): { layer: LayerConfig } | { problem: string } {
  const [, code = "", rest = ""] = /^([a-z]*)(.*)$/s.exec(token) ?? [];
  const kind = KIND_BY_CODE.get(code);
  if (kind === undefined) {
    return { problem: `${code ? `${quote(code)} is not` : "does not start with"} a layer kind (${[...KIND_BY_CODE.keys()].join(", ")})` };
  }
  const codec = LAYER_CODECS[kind];
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
  const countIssue = ExperimentConfig.shape.layers.safeParse(tokens.map(() => FLATTEN)).error?.issues.find((i) => i.path.length === 0);
  if (countIssue) {
    const bound = countIssue.code === "too_big" ? `at most ${countIssue.maximum}` : countIssue.code === "too_small" ? `at least ${countIssue.minimum}` : "";
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
