// The experiment in the URL hash: readable, versioned, and decoding never throws. Pure: config/ and zod only.
//
// Version 1 is a URLSearchParams string (no '#'); the seed model on MNIST reads
//   v=1&ds=mnist&l=c32k3,mp2,c64k3,mp2,c128k3,mp2,f,d512&opt=adam&lr=0.001&bs=64&ep=3&vf=0.1&seed=42&be=auto
// followed, only when set, by  &l2=0.0001  &tf=0.5  &imb=4.9~0.1~w  &aug=s2,r10,z0.1
// then  &pr=on,filters,sp0.3,ft2  &q=on,w4,per-tensor,act,qat1  &hide=lab,training  &lock=1
// Training data (tf, imb, aug; absent: DEFAULT_TRAINING_DATA): tf is the fraction of the training split used;
// imb is the classes kept short (dot-separated, may be empty) "~" the fraction of their images kept [~w: class
// weights on]; aug lists the non-zero augmentations: s<max shift px>, r<max rotation °>, z<max zoom>.
// A config whose l2 is 0 or whose data is the default has no l2 or data field once decoded (one canonical form).
// Layers (l): comma-separated tokens in the layer notation of layerNotation.ts, e.g. c32k3s2p.tanh, mp2, d64.
// Pruning (pr) and quantization (q): on|off, then only the settings that differ from DEFAULT_COMPRESSION (a
// part switched off keeps its settings); the key is left out when the whole part equals the default.
// Numbers are JavaScript's shortest round-trip text ("0.3", "1e-7"), so decoding an encoding gives it back exactly.
// A link without v is read as version 1; keys missing from a link keep their defaults without a message.

import { z } from "zod";
import { ClassImbalance, DEFAULT_TRAINING_DATA, ExperimentConfig, TrainingData, isDefaultTrainingData, type Augmentation } from "./schema.ts";
import { CompressionSpec, DEFAULT_COMPRESSION, PruningSpec, QuantizationSpec } from "./compression.ts";
import { DEFAULT_CONFIG } from "./presets.ts";
import { BackendPreference } from "./backends.ts";
import { Classroom, NO_CLASSROOM, PanelId } from "./classroom.ts";
import { describeIssue, formatLayer, formatNumber, quote, readLayers, readNumber } from "./layerNotation.ts";

/** One layer in the hash notation, e.g. "c32k3" (from layerNotation.ts; urlSync.ts imports it from here). */
export { formatLayer };

/** Version of the hash format; bump it when a key or the layer notation changes meaning. */
export const URL_VERSION = 1;

/** Longest hash (characters) that is decoded; a longer one opens the defaults. */
export const MAX_HASH_LENGTH = 8192;

/** Everything a shared link carries. */
export const SharedExperiment = z.object({
  config: ExperimentConfig,
  compression: CompressionSpec,
  backend: BackendPreference,
  classroom: Classroom,
});
export type SharedExperiment = z.infer<typeof SharedExperiment>;

/** A decoded link: a valid experiment, and one human sentence per problem found (empty for a clean link). */
export interface DecodedExperiment {
  experiment: SharedExperiment;
  errors: string[];
}

/** What an empty link opens: DEFAULT_CONFIG, DEFAULT_COMPRESSION, the Auto backend and no classroom (a fresh copy). */
export function defaultExperiment(): SharedExperiment {
  const defaults: SharedExperiment = { config: DEFAULT_CONFIG, compression: DEFAULT_COMPRESSION, backend: "auto", classroom: NO_CLASSROOM };
  return structuredClone(defaults);
}

const show = (value: unknown) => (typeof value === "number" ? formatNumber(value) : String(value));

/** What a number or enum schema accepts, e.g. "a whole number between 1 and 1024", read from the schema. */
function expected(schema: z.ZodType): string {
  if (schema instanceof z.ZodNumber) return `a ${schema.isInt ? "whole " : ""}number between ${schema.minValue} and ${schema.maxValue}`;
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(", ")}`;
  return "valid";
}

/** One hash value through its schema; on failure, a message and the fallback. */
function readField(schema: z.ZodType, raw: string | undefined, label: string, fallback: unknown, errors: string[]): unknown {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(schema instanceof z.ZodNumber ? readNumber(raw) : raw);
  if (parsed.success) return parsed.data;
  errors.push(`${label} ${quote(raw)} is not ${expected(schema)}; kept ${show(fallback)}.`);
  return fallback;
}

// ---- Compression parts ----

/** One setting of a compression part: named tokens (choices) or a prefix followed by a number. */
type PartItem = { field: string; label: string } & ({ choices: Record<string, unknown> } | { prefix: string });

const same = (options: readonly string[]) => Object.fromEntries(options.map((o) => [o, o]));
const onOff = { field: "enabled", label: "on/off", choices: { on: true, off: false } };

const PRUNING_ITEMS: PartItem[] = [
  onOff,
  { field: "method", label: "method", choices: same(PruningSpec.shape.method.options) },
  { field: "sparsity", label: "sparsity", prefix: "sp" },
  { field: "scope", label: "scope", choices: same(PruningSpec.shape.scope.options) },
  { field: "includeBiases", label: "biases", choices: { biases: true, "no-biases": false } },
  { field: "includeHead", label: "head", choices: { head: true, "no-head": false } },
  { field: "schedule", label: "schedule", choices: same(PruningSpec.shape.schedule.options) },
  { field: "fineTuneEpochs", label: "fine-tuning epochs", prefix: "ft" },
];

const QUANTIZATION_ITEMS: PartItem[] = [
  onOff,
  { field: "weightBits", label: "weight bits", prefix: "w" },
  { field: "granularity", label: "granularity", choices: same(QuantizationSpec.shape.granularity.options) },
  { field: "activations", label: "activations", choices: { act: true, "no-act": false } },
  { field: "qatEpochs", label: "QAT epochs", prefix: "qat" },
];

/** A part as "on,sp0.8,global": on/off first, then the settings that differ; null when it equals the default. */
function writePart(items: PartItem[], part: Record<string, unknown>, defaults: Record<string, unknown>): string | null {
  if (items.every((item) => Object.is(part[item.field], defaults[item.field]))) return null;
  return items.flatMap((item) => {
    const value = part[item.field];
    if (item !== onOff && Object.is(value, defaults[item.field])) return [];
    if ("prefix" in item) return [`${item.prefix}${show(value)}`];
    return [Object.keys(item.choices).find((token) => Object.is(item.choices[token], value)) ?? show(value)];
  }).join(",");
}

function findItem(items: PartItem[], token: string): PartItem | undefined {
  return items.find((item) => ("choices" in item ? Object.hasOwn(item.choices, token) : false))
    ?? items.find((item) => "prefix" in item && token.startsWith(item.prefix));
}

/** A part from its hash value; a setting the schema rejects falls back to its default, with a message. */
function readPart(name: string, schema: z.ZodType, items: PartItem[], raw: string | undefined, defaults: Record<string, unknown>, errors: string[]): unknown {
  if (raw === undefined) return defaults;
  const part: Record<string, unknown> = { ...defaults };
  const texts = new Map<string, string>();
  for (const token of raw.split(",").filter((t) => t !== "")) {
    const item = findItem(items, token);
    if (!item) {
      errors.push(`${name} setting ${quote(token)} is not known (${items.map((i) => ("prefix" in i ? `${i.prefix}<number>` : Object.keys(i.choices).join("|"))).join(", ")}); it was ignored.`);
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
    errors.push(`${name} ${label} ${quote(texts.get(field) ?? show(part[field]))}: ${describeIssue(issue)}; kept ${show(defaults[field])}.`);
    part[field] = defaults[field];
  }
  return defaults;
}

// ---- Training data experiments ----

const AUGMENT_ITEMS: PartItem[] = [
  { field: "shift", label: "shift", prefix: "s" },
  { field: "rotate", label: "rotation", prefix: "r" },
  { field: "zoom", label: "zoom", prefix: "z" },
];

/** Separates the parts of imb (classes, fraction, flag); "~" stays unescaped in a hash. */
const IMBALANCE_SEPARATOR = "~";
const CLASS_SEPARATOR = ".";
const CLASS_WEIGHTS_FLAG = "w";

/** The imbalance part as "4.9~0.1~w"; null when it equals the default. */
function writeImbalance(imbalance: ClassImbalance): string | null {
  const d = DEFAULT_TRAINING_DATA.imbalance;
  if (imbalance.classes.length === 0 && Object.is(imbalance.fraction, d.fraction) && imbalance.classWeights === d.classWeights) return null;
  const parts = [imbalance.classes.join(CLASS_SEPARATOR), show(imbalance.fraction)];
  if (imbalance.classWeights) parts.push(CLASS_WEIGHTS_FLAG);
  return parts.join(IMBALANCE_SEPARATOR);
}

/** The imbalance part from "4.9~0.1~w"; a bad class is dropped, a bad fraction or flag falls back, each with a message. */
function readImbalance(raw: string | undefined, errors: string[]): ClassImbalance {
  const d = DEFAULT_TRAINING_DATA.imbalance;
  if (raw === undefined) return structuredClone(d);
  const [classText = "", fractionText = "", flag = "", ...extra] = raw.split(IMBALANCE_SEPARATOR);
  const classSchema = ClassImbalance.shape.classes.element;
  const classes: number[] = [];
  for (const token of classText.split(CLASS_SEPARATOR).filter((t) => t !== "")) {
    const parsed = classSchema.safeParse(readNumber(token));
    if (!parsed.success) errors.push(`Class imbalance class ${quote(token)} is not ${expected(classSchema)}; it was ignored.`);
    else if (!classes.includes(parsed.data)) classes.push(Math.abs(parsed.data)); // "-0" is class 0, written "0"
  }
  const fraction = fractionText === "" ? d.fraction
    : readField(ClassImbalance.shape.fraction, fractionText, "Class imbalance keep fraction", d.fraction, errors) as number;
  if (flag !== "" && flag !== CLASS_WEIGHTS_FLAG) errors.push(`Class imbalance flag ${quote(flag)} is not "${CLASS_WEIGHTS_FLAG}" (class weights); it was ignored.`);
  if (extra.length > 0) errors.push(`Class imbalance ${quote(raw)} has more than 3 parts (classes~fraction~w); the rest was ignored.`);
  return { classes, fraction, classWeights: flag === CLASS_WEIGHTS_FLAG };
}

/** The training data keys (tf, imb, aug) that differ from DEFAULT_TRAINING_DATA. */
function writeTrainingData(data: TrainingData | undefined): [string, string][] {
  if (!data) return [];
  const pairs: [string, string][] = [];
  if (!Object.is(data.trainFraction, DEFAULT_TRAINING_DATA.trainFraction)) pairs.push(["tf", show(data.trainFraction)]);
  const imbalance = writeImbalance(data.imbalance);
  if (imbalance !== null) pairs.push(["imb", imbalance]);
  const augment = writePart(AUGMENT_ITEMS, data.augment, DEFAULT_TRAINING_DATA.augment);
  if (augment !== null) pairs.push(["aug", augment]);
  return pairs;
}

/** The training data from tf, imb and aug; undefined when none is given or all equal the default. */
function readTrainingData(params: Map<string, string>, errors: string[]): TrainingData | undefined {
  if (!params.has("tf") && !params.has("imb") && !params.has("aug")) return undefined;
  const d = DEFAULT_TRAINING_DATA;
  const data: TrainingData = {
    trainFraction: readField(TrainingData.shape.trainFraction, params.get("tf"), "Training set fraction", d.trainFraction, errors) as number,
    imbalance: readImbalance(params.get("imb"), errors),
    augment: readPart("Augmentation", TrainingData.shape.augment, AUGMENT_ITEMS, params.get("aug"), { ...d.augment }, errors) as Augmentation,
  };
  return isDefaultTrainingData(data) ? undefined : data;
}

// ---- The whole hash ----

/** Scalar training settings: hash key, config field and label, in the order the hash lists them. */
const SCALARS = [
  ["opt", "optimizer", "Optimizer"],
  ["lr", "learningRate", "Learning rate"],
  ["bs", "batchSize", "Batch size"],
  ["ep", "epochs", "Epochs"],
  ["vf", "validationFraction", "Validation fraction"],
  ["seed", "seed", "Seed"],
] as const satisfies readonly (readonly [string, keyof ExperimentConfig, string])[];

const KEYS = new Set(["v", "ds", "l", ...SCALARS.map(([key]) => key), "l2", "tf", "imb", "aug", "be", "pr", "q", "hide", "lock"]);
const LockFlag = z.enum(["0", "1"]);

// Letters, digits and ",.-_~*!" stay as they are (all safe in a hash); the rest is percent-escaped.
const escapeValue = (value: string) => value.replace(/[^\w.,~*!-]/g, (c) => encodeURIComponent(c));

/** The experiment as a readable hash without '#', e.g. "v=1&ds=mnist&l=c32k3,mp2,…&opt=adam&lr=0.001&…". */
export function encodeExperiment(s: SharedExperiment): string {
  const { config, compression, classroom } = s;
  const pairs: [string, string][] = [["v", String(URL_VERSION)], ["ds", config.datasetId], ["l", config.layers.map(formatLayer).join(",")]];
  for (const [key, field] of SCALARS) pairs.push([key, show(config[field])]);
  if (config.l2 !== undefined && config.l2 !== 0) pairs.push(["l2", show(config.l2)]);
  pairs.push(...writeTrainingData(config.data));
  pairs.push(["be", s.backend]);
  const pruning = writePart(PRUNING_ITEMS, compression.pruning, DEFAULT_COMPRESSION.pruning);
  if (pruning !== null) pairs.push(["pr", pruning]);
  const quantization = writePart(QUANTIZATION_ITEMS, compression.quantization, DEFAULT_COMPRESSION.quantization);
  if (quantization !== null) pairs.push(["q", quantization]);
  if (classroom.hide.length > 0) pairs.push(["hide", classroom.hide.join(",")]);
  if (classroom.lockArchitecture) pairs.push(["lock", "1"]);
  return pairs.map(([key, value]) => `${key}=${escapeValue(value)}`).join("&");
}

/** First value of each known key; unknown and repeated keys get one message each. */
function readParams(text: string, errors: string[]): Map<string, string> {
  const params = new Map<string, string>();
  const unknown = new Set<string>();
  const repeated = new Set<string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (!KEYS.has(key)) unknown.add(key);
    else if (params.has(key)) repeated.add(key);
    else params.set(key, value);
  }
  if (unknown.size > 0) {
    const names = [...unknown].slice(0, 5).map(quote).join(", ") + (unknown.size > 5 ? ` and ${unknown.size - 5} more` : "");
    errors.push(`Unknown setting${unknown.size > 1 ? "s" : ""} ${names} ${unknown.size > 1 ? "were" : "was"} ignored.`);
  }
  for (const key of repeated) errors.push(`Setting "${key}" appears more than once; the first one was used.`);
  return params;
}

/** The panels of `hide`; unknown names are dropped with a message, repeats silently. */
function readHidden(raw: string | undefined, errors: string[]): PanelId[] {
  const ids: PanelId[] = [];
  for (const token of (raw ?? "").split(",").filter((t) => t !== "")) {
    const id = PanelId.safeParse(token);
    if (!id.success) errors.push(`Hidden panel ${quote(token)} is not one of ${PanelId.options.join(", ")}; it was ignored.`);
    else if (!ids.includes(id.data)) ids.push(id.data);
  }
  return ids;
}

function decode(hash: string): DecodedExperiment {
  const defaults = defaultExperiment();
  if (typeof hash !== "string") return { experiment: defaults, errors: ["The link is not text; the defaults were used."] };
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (text.length > MAX_HASH_LENGTH) {
    return { experiment: defaults, errors: [`The link is ${text.length} characters long; links over ${MAX_HASH_LENGTH} are not read, so the defaults were used.`] };
  }
  const errors: string[] = [];
  const params = readParams(text, errors);
  const version = params.get("v");
  if (version !== undefined && version !== String(URL_VERSION)) {
    errors.push(`Link version ${quote(version)} is not one this app reads (${URL_VERSION}); its settings were read as version ${URL_VERSION} where they fit.`);
  }
  const d = defaults.config;
  const config: Record<string, unknown> = {
    datasetId: readField(ExperimentConfig.shape.datasetId, params.get("ds"), "Dataset", d.datasetId, errors),
    layers: params.has("l") ? readLayers(params.get("l") ?? "", errors) : d.layers,
  };
  for (const [key, field, label] of SCALARS) config[field] = readField(ExperimentConfig.shape[field], params.get(key), label, d[field], errors);
  const l2 = readField(ExperimentConfig.shape.l2.unwrap(), params.get("l2"), "L2 weight decay", 0, errors);
  if (l2 !== 0) config.l2 = l2;
  const data = readTrainingData(params, errors);
  if (data) config.data = data;
  const compression = {
    pruning: readPart("Pruning", PruningSpec, PRUNING_ITEMS, params.get("pr"), defaults.compression.pruning, errors),
    quantization: readPart("Quantization", QuantizationSpec, QUANTIZATION_ITEMS, params.get("q"), defaults.compression.quantization, errors),
  };
  const backend = readField(BackendPreference, params.get("be"), "Backend", defaults.backend, errors);
  const lock = readField(LockFlag, params.get("lock"), "Lock architecture", "0", errors);
  const classroom = { hide: readHidden(params.get("hide"), errors), lockArchitecture: lock === "1" };
  const checked = SharedExperiment.safeParse({ config, compression, backend, classroom });
  if (checked.success) return { experiment: checked.data, errors };
  return { experiment: defaultExperiment(), errors: [...errors, "The link's settings do not fit together; the defaults were used."] };
}

/** Reads a hash (with or without '#'); never throws: each bad field falls back to its default, with a message. */
export function decodeExperiment(hash: string): DecodedExperiment {
  try {
    return decode(hash);
  } catch (error) {
    return { experiment: defaultExperiment(), errors: [`The link could not be read (${error instanceof Error ? error.message : "unknown error"}); the defaults were used.`] };
  }
}
