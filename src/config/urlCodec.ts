// The experiment in the URL hash: readable, versioned, and decoding never throws. Pure: config/ and zod only.
// This file composes the whole hash from its parts: the model and training settings here, the training data
// experiments (urlTrainingData.ts), compression (urlCompression.ts) and classroom mode (urlClassroom.ts).
//
// Version 1 is a URLSearchParams string (no '#'); the seed model on MNIST reads
//   v=1&ds=mnist&l=c32k3,mp2,c64k3,mp2,c128k3,mp2,f,d512&opt=adam&lr=0.001&bs=64&ep=3&vf=0.1&seed=42&be=auto
// followed, only when set, by  &l2=0.0001  &tf=0.5  &imb=4.9~0.1~w  &aug=s2,r10,z0.1
// then, only when not constant,  &lrs=cos,w200  (the learning-rate schedule; urlSchedule.ts)
// then  &pr=on,filters,sp0.3,ft2  &q=on,w4,per-tensor,act,qat1  &hide=lab,training  &lock=1  &goal=acc98,params20k
// A config whose l2 is 0 has no l2 field once decoded (one canonical form).
// Layers (l): comma-separated tokens in the layer notation of layerNotation.ts, e.g. c32k3s2p.tanh, mp2, d64.
// Numbers are JavaScript's shortest round-trip text ("0.3", "1e-7"), so decoding an encoding gives it back exactly.
// A link without v is read as version 1; keys missing from a link keep their defaults without a message.

import { z } from "zod";
import { ExperimentConfig } from "./schema.ts";
import { CompressionSpec, DEFAULT_COMPRESSION } from "./compression.ts";
import { DEFAULT_CONFIG } from "./presets.ts";
import { BackendPreference } from "./backends.ts";
import { Classroom, NO_CLASSROOM } from "./classroom.ts";
import { formatLayer, quote, readLayers } from "./layerNotation.ts";
import { CLASSROOM_KEYS, readClassroom, writeClassroom } from "./urlClassroom.ts";
import { COMPRESSION_KEYS, readCompression, writeCompression } from "./urlCompression.ts";
import { readField, show } from "./urlParts.ts";
import { SCHEDULE_KEYS, readSchedule, writeSchedule } from "./urlSchedule.ts";
import { TRAINING_DATA_KEYS, readTrainingData, writeTrainingData } from "./urlTrainingData.ts";

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
  const defaults: SharedExperiment = {
    config: DEFAULT_CONFIG,
    compression: DEFAULT_COMPRESSION,
    backend: "auto",
    classroom: NO_CLASSROOM,
  };
  return structuredClone(defaults);
}

/** Scalar training settings: hash key, config field and label, in the order the hash lists them. */
const SCALARS = [
  ["opt", "optimizer", "Optimizer"],
  ["lr", "learningRate", "Learning rate"],
  ["bs", "batchSize", "Batch size"],
  ["ep", "epochs", "Epochs"],
  ["vf", "validationFraction", "Validation fraction"],
  ["seed", "seed", "Seed"],
] as const satisfies readonly (readonly [string, keyof ExperimentConfig, string])[];

const KEYS = new Set<string>([
  "v",
  "ds",
  "l",
  ...SCALARS.map(([key]) => key),
  "l2",
  ...TRAINING_DATA_KEYS,
  ...SCHEDULE_KEYS,
  "be",
  ...COMPRESSION_KEYS,
  ...CLASSROOM_KEYS,
]);

// Letters, digits and ",.-_~*!" stay as they are (all safe in a hash); the rest is percent-escaped.
const escapeValue = (value: string) => value.replace(/[^\w.,~*!-]/g, (c) => encodeURIComponent(c));

/** The experiment as a readable hash without '#', e.g. "v=1&ds=mnist&l=c32k3,mp2,…&opt=adam&lr=0.001&…". */
export function encodeExperiment(s: SharedExperiment): string {
  const { config, compression, classroom } = s;
  const pairs: [string, string][] = [
    ["v", String(URL_VERSION)],
    ["ds", config.datasetId],
    ["l", config.layers.map(formatLayer).join(",")],
  ];
  for (const [key, field] of SCALARS) pairs.push([key, show(config[field])]);
  if (config.l2 !== undefined && config.l2 !== 0) pairs.push(["l2", show(config.l2)]);
  pairs.push(...writeTrainingData(config.data));
  const schedule = writeSchedule(config.schedule);
  if (schedule !== null) pairs.push(["lrs", schedule]);
  pairs.push(["be", s.backend]);
  pairs.push(...writeCompression(compression));
  pairs.push(...writeClassroom(classroom));
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
    const names =
      [...unknown].slice(0, 5).map(quote).join(", ") + (unknown.size > 5 ? ` and ${unknown.size - 5} more` : "");
    errors.push(`Unknown setting${unknown.size > 1 ? "s" : ""} ${names} ${unknown.size > 1 ? "were" : "was"} ignored.`);
  }
  for (const key of repeated) errors.push(`Setting "${key}" appears more than once; the first one was used.`);
  return params;
}

function decode(hash: string): DecodedExperiment {
  const defaults = defaultExperiment();
  if (typeof hash !== "string")
    return { experiment: defaults, errors: ["The link is not text; the defaults were used."] };
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  if (text.length > MAX_HASH_LENGTH) {
    return {
      experiment: defaults,
      errors: [
        `The link is ${text.length} characters long; links over ${MAX_HASH_LENGTH} are not read, so the defaults were used.`,
      ],
    };
  }
  const errors: string[] = [];
  const params = readParams(text, errors);
  const version = params.get("v");
  if (version !== undefined && version !== String(URL_VERSION)) {
    errors.push(
      `Link version ${quote(version)} is not one this app reads (${URL_VERSION}); its settings were read as version ${URL_VERSION} where they fit.`,
    );
  }
  const d = defaults.config;
  const config: Record<string, unknown> = {
    datasetId: readField(ExperimentConfig.shape.datasetId, params.get("ds"), "Dataset", d.datasetId, errors),
    layers: params.has("l") ? readLayers(params.get("l") ?? "", errors) : d.layers,
  };
  for (const [key, field, label] of SCALARS)
    config[field] = readField(ExperimentConfig.shape[field], params.get(key), label, d[field], errors);
  const l2 = readField(ExperimentConfig.shape.l2.unwrap(), params.get("l2"), "L2 weight decay", 0, errors);
  if (l2 !== 0) config.l2 = l2;
  const data = readTrainingData(params, errors);
  if (data) config.data = data;
  const schedule = readSchedule(params, errors);
  if (schedule) config.schedule = schedule;
  const compression = readCompression(params, defaults.compression, errors);
  const backend = readField(BackendPreference, params.get("be"), "Backend", defaults.backend, errors);
  const classroom = readClassroom(params, errors);
  const checked = SharedExperiment.safeParse({ config, compression, backend, classroom });
  if (checked.success) return { experiment: checked.data, errors };
  return {
    experiment: defaultExperiment(),
    errors: [...errors, "The link's settings do not fit together; the defaults were used."],
  };
}

/** Reads a hash (with or without '#'); never throws: each bad field falls back to its default, with a message. */
export function decodeExperiment(hash: string): DecodedExperiment {
  try {
    return decode(hash);
  } catch (error) {
    return {
      experiment: defaultExperiment(),
      errors: [
        `The link could not be read (${error instanceof Error ? error.message : "unknown error"}); the defaults were used.`,
      ],
    };
  }
}
