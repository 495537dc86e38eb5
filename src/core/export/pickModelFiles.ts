/**
 * The page's side of "Import model": of the files a person picked, read model.json first, check it cheaply
 * (size, JSON, the weights manifest's paths), then read only the weight files the manifest names, each and all
 * together capped. No tfjs here (the page's entry bundle stays small); the trainer checks everything again
 * (validateModelJson, importModelFiles) before any tensor exists.
 */
import { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES } from "./fileLimits.ts";

/** What the import needs of a picked file (a DOM File has it); nothing is read until asked. */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A result or a message for the person. */
export type Picked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Most manifest groups and paths per group (as the trainer's schema allows). */
const MAX_GROUPS = 16;
const MAX_PATHS_PER_GROUP = 64;
/** A model.json of MAX_MODEL_JSON_CHARS characters is at most this many bytes of UTF-8. */
const MAX_MODEL_JSON_BYTES = MAX_MODEL_JSON_CHARS * 3;

const count = (n: number) => n.toLocaleString("en-US");
const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");
/** The file name a manifest path refers to (paths are relative to model.json; a picked File has no folder). */
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** A file name without the " (1)" (or "(1)") a browser adds to a second download of the same name: "weights (1).bin" → "weights.bin". */
export function withoutCopyNumber(name: string): string {
  return name.replace(/ ?\(\d+\)(?=(\.[^.]*)?$)/, "");
}

/** The model.json among the picked files: the one named model.json (or "model (1).json"), else the only .json file. */
export function findModelJson<F extends PickedFile>(files: readonly F[]): Picked<F> {
  const named = files.filter((f) => f.name === "model.json");
  const copies = named.length ? named : files.filter((f) => withoutCopyNumber(f.name) === "model.json");
  const json = copies.length ? copies : files.filter((f) => f.name.toLowerCase().endsWith(".json"));
  if (json.length === 1) return { ok: true, value: json[0] };
  if (json.length === 0) return { ok: false, error: "Pick model.json together with its weights file (weights.bin)." };
  return { ok: false, error: `Pick one model.json at a time (you picked ${quoted(json.map((f) => f.name))}).` };
}

/**
 * The weight file paths model.json's manifest names, in order, each once: a cheap check of the text (size,
 * JSON, `weightsManifest[].paths`), not of the model, which the trainer checks in full.
 */
export function manifestPaths(text: string): Picked<string[]> {
  if (text.length > MAX_MODEL_JSON_CHARS)
    return {
      ok: false,
      error: `model.json is ${count(text.length)} characters; at most ${count(MAX_MODEL_JSON_CHARS)} are allowed.`,
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "model.json is not valid JSON." };
  }
  const manifest =
    typeof json === "object" && json !== null ? (json as { weightsManifest?: unknown }).weightsManifest : undefined;
  if (!Array.isArray(manifest) || manifest.length === 0 || manifest.length > MAX_GROUPS) {
    return {
      ok: false,
      error: `model.json has no weights manifest (weightsManifest: 1–${MAX_GROUPS} groups): is it a tfjs Layers model?`,
    };
  }
  const paths: string[] = [];
  for (const group of manifest) {
    const groupPaths = typeof group === "object" && group !== null ? (group as { paths?: unknown }).paths : undefined;
    if (
      !Array.isArray(groupPaths) ||
      groupPaths.length === 0 ||
      groupPaths.length > MAX_PATHS_PER_GROUP ||
      !groupPaths.every((p): p is string => typeof p === "string" && p.length > 0 && p.length <= 200)
    ) {
      return {
        ok: false,
        error: `Every group of model.json's weights manifest needs 1–${MAX_PATHS_PER_GROUP} file paths.`,
      };
    }
    for (const path of groupPaths) if (!paths.includes(path)) paths.push(path);
  }
  return { ok: true, value: paths };
}

/** The picked files that stand for one manifest path: named as it (or its file name), else named so but for a browser's " (1)". */
function filesFor<F extends Pick<PickedFile, "name">>(path: string, files: readonly F[]): F[] {
  const exact = files.filter((f) => f.name === path || f.name === baseName(path));
  return exact.length ? exact : files.filter((f) => withoutCopyNumber(f.name) === baseName(path));
}

/**
 * Matches the picked weight files (model.json left out) to the manifest's paths, from names and sizes only:
 * one file for a manifest of one path is that path whatever its name (a second download is "weights (1).bin");
 * otherwise by name, a browser's " (1)" ignored. Every path needs exactly one file, no file may be left over,
 * and each file and all of them together fit MAX_WEIGHTS_BYTES. Returns the file for each path, in the manifest's order.
 */
export function pickWeightFiles<F extends Pick<PickedFile, "name" | "size">>(
  paths: readonly string[],
  files: readonly F[],
): Picked<Array<{ path: string; file: F }>> {
  const named =
    paths.length === 1 && files.length === 1
      ? [{ path: paths[0], matches: [files[0]] }]
      : paths.map((path) => ({ path, matches: filesFor(path, files) }));
  const missing = named.filter((n) => n.matches.length === 0).map((n) => n.path);
  if (missing.length)
    return {
      ok: false,
      error: `model.json needs ${quoted(missing)}, which ${missing.length === 1 ? "was" : "were"} not picked: pick model.json together with ${quoted(paths)}.`,
    };
  const twice = named.find((n) => n.matches.length > 1);
  if (twice)
    return {
      ok: false,
      error: `${JSON.stringify(twice.path)} was picked ${twice.matches.length} times: pick each file once.`,
    };
  const used = new Set(named.map((n) => n.matches[0]));
  const extra = files.filter((f) => !used.has(f)).map((f) => f.name);
  if (extra.length) {
    return {
      ok: false,
      error: `You picked ${files.length + 1} files, but model.json names only ${quoted(paths)}: pick model.json with just ${paths.length === 1 ? "that file" : "those files"}, without ${quoted(extra)}.`,
    };
  }
  const picked = named.map((n) => ({ path: n.path, file: n.matches[0] }));
  const big = picked.find((p) => p.file.size > MAX_WEIGHTS_BYTES);
  if (big)
    return {
      ok: false,
      error: `${big.file.name} is ${count(big.file.size)} bytes; the limits allow at most ${count(MAX_WEIGHTS_BYTES)} bytes of weights.`,
    };
  const total = picked.reduce((n, p) => n + p.file.size, 0);
  if (total > MAX_WEIGHTS_BYTES)
    return {
      ok: false,
      error: `The weight files are ${count(total)} bytes together; the limits allow at most ${count(MAX_WEIGHTS_BYTES)} bytes of weights.`,
    };
  return { ok: true, value: picked };
}

/** The picked files for the trainer: model.json's name and text, and the bytes of each weight file under its manifest path. */
export interface ModelFilesRead {
  jsonName: string;
  modelJson: string;
  weights: Map<string, Uint8Array>;
}

/**
 * Reads the picked files in order of need: model.json (after a size check) and its manifest first, then only
 * the weight files it names, once every name and size checks out. A file that is not needed is never read.
 */
export async function readPickedModelFiles(files: readonly PickedFile[]): Promise<Picked<ModelFilesRead>> {
  const json = findModelJson(files);
  if (!json.ok) return json;
  const jsonFile = json.value;
  if (jsonFile.size > MAX_MODEL_JSON_BYTES)
    return {
      ok: false,
      error: `${jsonFile.name} is ${count(jsonFile.size)} bytes; a model.json is at most ${count(MAX_MODEL_JSON_CHARS)} characters.`,
    };
  const modelJson = await jsonFile.text();
  const paths = manifestPaths(modelJson);
  if (!paths.ok) return { ok: false, error: `${jsonFile.name}: ${paths.error}` };
  const picked = pickWeightFiles(
    paths.value,
    files.filter((f) => f !== jsonFile),
  );
  if (!picked.ok) return picked;
  const weights = new Map<string, Uint8Array>();
  for (const { path, file } of picked.value) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // the size a File reports is what it reads; anything else (a file changed since it was picked) is refused
    if (bytes.byteLength !== file.size)
      return { ok: false, error: `${file.name} changed while it was read: pick it again.` };
    weights.set(path, bytes);
  }
  return { ok: true, value: { jsonName: jsonFile.name, modelJson, weights } };
}
