// What differs between two experiments, in words ("learning rate 0.001 → 0.01", "+ Dropout 0.25 after layer 6"),
// for comparing runs. Pure: config/ and layers/ only. Layers are matched with a longest-common-subsequence diff, so
// an inserted layer reads as one insertion and not as every later layer changed.
import { trainingDataOf, type ExperimentConfig, type LayerConfig } from "./schema.ts";
import { formatLayer, formatNumber } from "./layerNotation.ts";
import { specOf } from "../layers/registry.ts";

/** "learningRate" → "learning rate", "kernelSize" → "kernel size". */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

const show = (value: unknown): string =>
  typeof value === "number"
    ? formatNumber(value)
    : Array.isArray(value)
      ? value.length === 0
        ? "none"
        : value.join(", ")
      : typeof value === "boolean"
        ? value
          ? "on"
          : "off"
        : typeof value === "string"
          ? value
          : JSON.stringify(value);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A layer in words: its kind's label and its one setting ("Dropout 0.25"), or its notation ("Conv2D c32k3"). */
export function describeLayer(layer: LayerConfig): string {
  const label = specOf(layer).label;
  const settings = Object.entries(layer).filter(([key]) => key !== "kind");
  if (settings.length === 0) return label;
  if (settings.length === 1) return `${label} ${show(settings[0][1])}`;
  return `${label} ${formatLayer(layer)}`;
}

/** The settings of two layers of one kind that differ: "filters 16 → 32". */
function layerChanges(from: LayerConfig, to: LayerConfig): string[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => k !== "kind");
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  return keys.filter((k) => !same(a[k], b[k])).map((k) => `${words(k)} ${show(a[k])} → ${show(b[k])}`);
}

type Edit = { op: "keep" | "remove" | "add"; layer: LayerConfig; from: number; to: number };

/** A shortest edit script from `a` to `b` (LCS by dynamic programming: at most 16 layers each). */
function editScript(a: readonly LayerConfig[], b: readonly LayerConfig[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = same(a[i], b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i], b[j])) edits.push({ op: "keep", layer: a[i++], from: i - 1, to: j++ });
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j]))
      edits.push({ op: "add", layer: b[j++], from: i, to: j - 1 });
    else edits.push({ op: "remove", layer: a[i++], from: i - 1, to: j });
  }
  return edits;
}

/** Where an added layer goes, by its 0-based index in the new stack. */
const placeOf = (to: number) => (to === 0 ? "as layer 1" : `after layer ${to}`);

/** The layer changes from `a` to `b`: a removal next to an addition of the same kind is one changed layer. */
export function diffLayers(a: readonly LayerConfig[], b: readonly LayerConfig[]): string[] {
  const edits = editScript(a, b);
  const out: string[] = [];
  for (let k = 0; k < edits.length; k++) {
    // a run of removals and additions between kept layers: pair them up in order while the kinds match
    if (edits[k].op === "keep") continue;
    const removed: Edit[] = [];
    const added: Edit[] = [];
    for (; k < edits.length && edits[k].op !== "keep"; k++) (edits[k].op === "remove" ? removed : added).push(edits[k]);
    const pairs = Math.min(removed.length, added.length);
    let p = 0;
    while (p < pairs && removed[p].layer.kind === added[p].layer.kind) {
      const r = removed[p];
      const d = added[p];
      out.push(`layer ${d.to + 1} ${specOf(d.layer).label}: ${layerChanges(r.layer, d.layer).join(", ")}`);
      p++;
    }
    for (const r of removed.slice(p)) out.push(`− ${describeLayer(r.layer)} (layer ${r.from + 1})`);
    for (const d of added.slice(p)) out.push(`+ ${describeLayer(d.layer)} ${placeOf(d.to)}`);
  }
  return out;
}

/** Training settings in the order they are listed, with the words for each. */
const TRAINING: readonly [keyof ExperimentConfig, string][] = [
  ["datasetId", "dataset"],
  ["optimizer", "optimizer"],
  ["learningRate", "learning rate"],
  ["batchSize", "batch size"],
  ["epochs", "epochs"],
  ["validationFraction", "validation fraction"],
  ["seed", "seed"],
];

/** The training-data settings, flattened with their words (absent data means the defaults). */
function dataSettings(config: ExperimentConfig): [string, unknown][] {
  const d = trainingDataOf(config);
  return [
    ["training fraction", d.trainFraction],
    ["imbalanced classes", d.imbalance.classes],
    ["imbalance keep fraction", d.imbalance.fraction],
    ["class weights", d.imbalance.classWeights],
    ["augment shift", d.augment.shift],
    ["augment rotate", d.augment.rotate],
    ["augment zoom", d.augment.zoom],
  ];
}

const HANDLED = new Set<string>([...TRAINING.map(([key]) => key), "layers", "l2", "data"]);

/**
 * Everything that differs from experiment `from` to experiment `to`, one phrase each: the layers (added, removed,
 * changed), then every training setting. Settings this function does not know yet (a field added to the schema later)
 * still show, by their key. Empty when the two are the same experiment.
 */
export function diffConfigs(from: ExperimentConfig, to: ExperimentConfig): string[] {
  const out = diffLayers(from.layers, to.layers);
  for (const [key, name] of TRAINING)
    if (!same(from[key], to[key])) out.push(`${name} ${show(from[key])} → ${show(to[key])}`);
  if ((from.l2 ?? 0) !== (to.l2 ?? 0)) out.push(`L2 ${show(from.l2 ?? 0)} → ${show(to.l2 ?? 0)}`);
  const a = dataSettings(from);
  const b = dataSettings(to);
  a.forEach(([name, value], i) => {
    if (!same(value, b[i][1])) out.push(`${name} ${show(value)} → ${show(b[i][1])}`);
  });
  const f = from as Record<string, unknown>;
  const t = to as Record<string, unknown>;
  for (const key of new Set([...Object.keys(f), ...Object.keys(t)]))
    if (!HANDLED.has(key) && !same(f[key], t[key]))
      out.push(
        `${words(key)} ${f[key] === undefined ? "default" : show(f[key])} → ${t[key] === undefined ? "default" : show(t[key])}`,
      );
  return out;
}
