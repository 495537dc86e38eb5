import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, type CompressionSpec } from "../../config/compression.ts";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { ExperimentConfig, type LayerConfig } from "../../config/schema.ts";
import { formatOf, weightInfos } from "../compress/modelWeights.ts";
import { deriveVariant } from "../compress/variants.ts";
import { buildModel, disposeModel } from "../model/buildModel.ts";
import { exportArtifacts, toModelFiles } from "./modelArtifacts.ts";
import { importModelFiles, validateModelJson } from "./modelArtifactsImport.ts";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";

const tiny = applyPreset(DEFAULT_CONFIG, "tiny");
const count = (n: number) => n.toLocaleString("en-US");
type Json = Record<string, unknown>;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Random weights everywhere (biases and norms too), so the round trip checks every value; variances stay positive. */
function randomize(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) =>
    tf.tidy(() => {
      const r = tf.randomNormal(w.shape as number[], 0, 0.3, "float32", seed + i);
      return w.originalName.endsWith("moving_variance") ? tf.add(tf.abs(r), 0.5) : r;
    }),
  );
  model.setWeights(values);
  tf.dispose(values);
}

async function predict(model: tf.LayersModel, xs: tf.Tensor): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(xs) as tf.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

function argmax(p: Float32Array, classes = 10): number[] {
  return Array.from({ length: p.length / classes }, (_, r) => {
    const row = Array.from(p.subarray(r * classes, (r + 1) * classes));
    return row.indexOf(Math.max(...row));
  });
}

async function weightsOf(model: tf.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

const files = (weightsBin: Uint8Array) => new Map([["weights.bin", weightsBin]]);

async function roundTrip(config: ExperimentConfig, seed: number) {
  const model = buildModel(config, [28, 28, 1], 10);
  randomize(model, seed);
  const { artifacts, notes } = await exportArtifacts(model);
  const { modelJson, weightsBin } = toModelFiles(artifacts);
  const imported = await importModelFiles(modelJson, files(weightsBin));
  return { model, notes, modelJson, weightsBin, imported };
}

describe("export and import of the tfjs Layers format", () => {
  it.each(["tiny", "seed"] as const)(
    "%s: model.json + weights.bin re-import to the same layers and predictions",
    async (preset) => {
      const config = applyPreset(DEFAULT_CONFIG, preset);
      const { model, notes, modelJson, weightsBin, imported } = await roundTrip(config, 5);
      const xs = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 11);
      try {
        expect(notes).toEqual([]);
        expect(weightsBin.byteLength).toBe(4 * model.countParams());
        const manifest = (JSON.parse(modelJson) as Json).weightsManifest as Array<{ paths: string[] }>;
        expect(manifest[0].paths).toEqual(["weights.bin"]);
        if (!imported.ok) throw new Error(imported.error);
        expect(imported.layers).toEqual(config.layers);
        expect(imported.datasetId).toBe("mnist");
        const [a, b] = [await predict(model, xs), await predict(imported.model, xs)];
        expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-6);
        expect(argmax(b)).toEqual(argmax(a));
        disposeModel(imported.model);
      } finally {
        xs.dispose();
        disposeModel(model);
      }
    },
  );

  it("every layer kind, LeakyReLU and batch norm statistics round-trip; the dataset hint picks Fashion-MNIST", async () => {
    const layers: LayerConfig[] = [
      { kind: "conv2d", filters: 4, kernelSize: 3, stride: 1, padding: "same", activation: "leakyRelu" },
      { kind: "batchNorm" },
      { kind: "separableConv2d", filters: 4, kernelSize: 3, stride: 2, padding: "valid", activation: "elu" },
      { kind: "maxPool2d", poolSize: 2, stride: 2, padding: "valid" },
      { kind: "avgPool2d", poolSize: 3, stride: 1, padding: "same" },
      { kind: "dropout", rate: 0.3 },
      { kind: "globalAvgPool2d" },
      { kind: "dense", units: 8, activation: "tanh" },
      { kind: "batchNorm" },
      { kind: "dense", units: 6, activation: "leakyRelu" },
    ];
    const config = { ...DEFAULT_CONFIG, datasetId: "fashion-mnist" as const, layers };
    const model = buildModel(config, [28, 28, 1], 10);
    randomize(model, 9);
    const { modelJson, weightsBin } = toModelFiles((await exportArtifacts(model)).artifacts);
    const imported = await importModelFiles(modelJson, files(weightsBin), "fashion-mnist");
    const xs = tf.randomUniform([2, 28, 28, 1], 0, 1, "float32", 12);
    try {
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.layers).toEqual(layers);
      expect(imported.datasetId).toBe("fashion-mnist");
      expect(await weightsOf(imported.model)).toEqual(await weightsOf(model));
      expect(maxDiff(await predict(model, xs), await predict(imported.model, xs))).toBeLessThanOrEqual(1e-6);
      disposeModel(imported.model);
    } finally {
      xs.dispose();
      disposeModel(model);
    }
  });

  const quantized = (weightBits: 16 | 8 | 4, granularity: "per-tensor" | "per-channel"): CompressionSpec => ({
    pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: false },
    quantization: { enabled: true, weightBits, granularity, activations: false, qatEpochs: 0 },
  });
  it.each([
    { name: "float16", spec: quantized(16, "per-tensor"), bytesPerValue: 2, dtype: "float16", note: null },
    { name: "int8 per-tensor", spec: quantized(8, "per-tensor"), bytesPerValue: 1, dtype: "uint8", note: null },
    {
      name: "int4 per-tensor",
      spec: quantized(4, "per-tensor"),
      bytesPerValue: 1,
      dtype: "uint8",
      note: "one per byte",
    },
    {
      name: "int8 per-channel",
      spec: quantized(8, "per-channel"),
      bytesPerValue: 4,
      dtype: undefined,
      note: "per-channel",
    },
  ])(
    "$name variant: tfjs quantized weights decode to exactly the variant's values",
    async ({ spec, bytesPerValue, dtype, note }) => {
      const baseline = buildModel(tiny, [28, 28, 1], 10);
      randomize(baseline, 3);
      const variant = await deriveVariant(baseline, tiny, spec, [28, 28, 1], 10);
      const formats = weightInfos(variant.model).map((info) => formatOf(info, spec));
      const { artifacts, notes } = await exportArtifacts(variant.model, { formats, masked: variant.masked });
      const { modelJson, weightsBin } = toModelFiles(artifacts);
      const xs = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 13);
      try {
        const specs = (
          (JSON.parse(modelJson) as Json).weightsManifest as Array<{ weights: tf.io.WeightsManifestEntry[] }>
        )[0].weights;
        specs.forEach((s) => {
          expect(s.dtype).toBe("float32");
          expect(s.quantization?.dtype).toBe(dtype);
          if (dtype === "uint8")
            expect(Number.isFinite(s.quantization?.min) && (s.quantization?.scale ?? 0) > 0).toBe(true);
        });
        expect(weightsBin.byteLength).toBe(bytesPerValue * variant.model.countParams());
        if (note) expect(notes.join(" ")).toContain(note);
        else expect(notes).toEqual([]);
        const imported = await importModelFiles(modelJson, files(weightsBin));
        if (!imported.ok) throw new Error(imported.error);
        expect(await weightsOf(imported.model)).toEqual(await weightsOf(variant.model));
        const [a, b] = [await predict(variant.model, xs), await predict(imported.model, xs)];
        expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-5);
        disposeModel(imported.model);
      } finally {
        xs.dispose();
        disposeModel(variant.model);
        disposeModel(baseline);
      }
    },
  );

  it("export + import + dispose leaves no tensors behind", async () => {
    const model = buildModel(tiny, [28, 28, 1], 10);
    const once = async () => {
      const { modelJson, weightsBin } = toModelFiles((await exportArtifacts(model)).artifacts);
      const imported = await importModelFiles(modelJson, files(weightsBin));
      if (imported.ok) disposeModel(imported.model);
      await importModelFiles(modelJson, files(weightsBin.slice(0, 100)));
    };
    await once();
    const before = tf.memory().numTensors;
    await once();
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});

/** weights.bin with float32 value `index` replaced. */
function withFloat32(weights: Uint8Array, index: number, value: number): Uint8Array {
  const copy = weights.slice();
  new DataView(copy.buffer).setFloat32(index * 4, value, true);
  return copy;
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

describe("hostile model files", () => {
  let modelJson = "";
  let weightsBin: Uint8Array = new Uint8Array(0);
  beforeAll(async () => {
    const model = buildModel(tiny, [28, 28, 1], 10);
    ({ modelJson, weightsBin } = toModelFiles((await exportArtifacts(model)).artifacts));
    disposeModel(model);
  });
  const edit = (change: (json: Json, layers: Json[], weights: Json[]) => void) => () => {
    const json = JSON.parse(modelJson) as Json;
    const layers = ((json.modelTopology as Json).config as Json).layers as Json[];
    const weights = (json.weightsManifest as Json[])[0].weights as Json[];
    change(json, layers, weights);
    return JSON.stringify(json);
  };
  const conv1 = (layers: Json[]) => layers[1].config as Json;
  const cases: Array<[string, () => string, string, ((w: Uint8Array) => Uint8Array)?]> = [
    ["not JSON", () => "{oops", "not valid JSON"],
    ["NaN in a shape", () => modelJson.replace('"shape":[5,5,1,8]', '"shape":[NaN,5,1,8]'), "not valid JSON"],
    [
      "a string in a shape",
      edit((_j, _l, w) => {
        w[0].shape = ["NaN", 5, 1, 8];
      }),
      "weightsManifest.0.weights.0.shape.0",
    ],
    ["too long", () => " ".repeat(1_000_001), "at most 1,000,000"],
    [
      "wrong model class",
      edit((j) => {
        (j.modelTopology as Json).class_name = "Model";
      }),
      "not a Keras Sequential",
    ],
    [
      "wrong layer class",
      edit((_j, l) => {
        l[1].class_name = "Conv3D";
      }),
      'Layer 2 (Conv3D): class "Conv3D" is not allowed',
    ],
    [
      "10,000 layers",
      edit((_j, l) => {
        l.splice(1, 0, ...Array.from({ length: 10_000 }, () => ({ class_name: "Flatten", config: {} })));
      }),
      "10,007 layers; at most 34",
    ],
    [
      "huge filters",
      edit((_j, l) => {
        conv1(l).filters = 100_000;
      }),
      "Layer 2 (Conv2D): filters 100000 is not allowed (1-256)",
    ],
    [
      "kernel 9",
      edit((_j, l) => {
        conv1(l).kernel_size = [9, 9];
      }),
      "Layer 2 (Conv2D): kernel_size 9 is not allowed (1-7)",
    ],
    [
      "non-square kernel",
      edit((_j, l) => {
        conv1(l).kernel_size = [3, 5];
      }),
      "square",
    ],
    [
      "dilated",
      edit((_j, l) => {
        conv1(l).dilation_rate = [2, 2];
      }),
      "dilation_rate",
    ],
    [
      "unknown activation",
      edit((_j, l) => {
        conv1(l).activation = "swish";
      }),
      'activation "swish" is not allowed',
    ],
    [
      "too many parameters",
      edit((_j, l) => {
        conv1(l).filters = 256;
        conv1(l).padding = "same";
        conv1(l).kernel_size = [1, 1];
        l.splice(2, 3);
        l.splice(3, 0, { class_name: "Dense", config: { units: 1024, activation: "relu" } });
      }),
      "parameters; the limit",
    ],
    [
      "no flatten",
      edit((_j, l) => {
        l.splice(5, 1);
      }),
      "needs a flat input",
    ],
    [
      "no softmax head",
      edit((_j, l) => {
        (l[l.length - 1].config as Json).activation = "relu";
      }),
      "Dense softmax classifier head",
    ],
    [
      "12 classes",
      edit((_j, l) => {
        (l[l.length - 1].config as Json).units = 12;
      }),
      "has 12 units",
    ],
    [
      "colour input",
      edit((_j, l) => {
        (l[0].config as Json).batch_input_shape = [null, 32, 32, 3];
      }),
      "32×32×3 matches no dataset",
    ],
    [
      "lone LeakyReLU",
      edit((_j, l) => {
        l.splice(2, 0, { class_name: "LeakyReLU", config: { alpha: 0.2 } });
      }),
      "must directly follow",
    ],
    [
      "__proto__ key",
      () => modelJson.replace('"filters":8', '"__proto__":{"polluted":true},"filters":8'),
      'forbidden key "__proto__"',
    ],
    [
      "constructor key",
      edit((j) => {
        Object.defineProperty(j, "constructor", { value: { prototype: { polluted: true } }, enumerable: true });
      }),
      "forbidden key",
    ],
    [
      "missing weight",
      edit((_j, _l, w) => {
        w.splice(1, 1);
      }),
      "missing weight layer1_conv2d/bias",
    ],
    [
      "extra weight",
      edit((_j, _l, w) => {
        w.push({ name: "evil/kernel", shape: [1], dtype: "float32" });
      }),
      'unexpected weight "evil/kernel"',
    ],
    [
      "wrong weight shape",
      edit((_j, _l, w) => {
        w[0].shape = [5, 5, 1, 9];
      }),
      "has shape [5, 5, 1, 9]; the model needs [5, 5, 1, 8]",
    ],
    [
      "int32 weights",
      edit((_j, _l, w) => {
        w[0].dtype = "int32";
      }),
      "dtype",
    ],
    [
      "unknown quantization",
      edit((_j, _l, w) => {
        w[0].quantization = { dtype: "int4" };
      }),
      "quantization",
    ],
    [
      "no weights file",
      edit((j) => {
        (j.weightsManifest as Json[])[0].paths = ["other.bin"];
      }),
      'weights file "other.bin" is missing',
    ],
    [
      "truncated weights.bin",
      () => modelJson,
      `weights.bin is 1,024 bytes; the manifest needs ${count(4 * 5994)}`,
      (w) => w.slice(0, 1024),
    ],
    ["weights.bin too long", () => modelJson, "the manifest needs", (w) => new Uint8Array(w.byteLength + 4)],
    [
      "uint8 manifest, float32 file",
      edit((_j, _l, w) => {
        w[0].quantization = { dtype: "uint8", min: 0, scale: 1 };
      }),
      "the manifest needs",
    ],
    [
      "a NaN weight (float32)",
      () => modelJson,
      "holds NaN at index 3: not a finite number",
      (w) => withFloat32(w, 3, Number.NaN),
    ],
    [
      "an infinite weight (float32)",
      () => modelJson,
      "holds Infinity at index 0",
      (w) => withFloat32(w, 0, Number.POSITIVE_INFINITY),
    ],
    [
      "an infinite weight (float16)",
      edit((_j, _l, w) => {
        w[0].quantization = { dtype: "float16" };
      }),
      "holds Infinity at index 0",
      (w) => concat(new Uint8Array(new Uint16Array(200).fill(0x7c00).buffer), w.slice(800)),
    ],
    [
      "uint8 codes with a huge scale",
      edit((_j, _l, w) => {
        w[0].quantization = { dtype: "uint8", min: 0, scale: 1e30 };
      }),
      "far beyond what training produces",
      (w) => concat(new Uint8Array(200).fill(255), w.slice(800)),
    ],
  ];
  it.each(cases)("%s", async (_name, text, fragment, weights) => {
    const result = await importModelFiles(text(), files(weights ? weights(weightsBin) : weightsBin));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(fragment);
    expect(({} as Json).polluted).toBeUndefined();
  });

  /** Every path (object key or array index) in a JSON value. */
  function pathsOf(
    value: unknown,
    prefix: (string | number)[] = [],
    out: (string | number)[][] = [],
  ): (string | number)[][] {
    if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        const path = [...prefix, Array.isArray(value) ? Number(k) : k];
        out.push(path);
        pathsOf(v, path, out);
      }
    }
    return out;
  }
  /** Sets (or deletes, for undefined) the value at a path; `asKey` instead adds an own "__proto__" key there. */
  function replaceAt(json: unknown, path: (string | number)[], value: unknown, asKey: boolean): void {
    let node = json as Json;
    for (const key of path.slice(0, -1)) node = node[key as string] as Json;
    const last = path[path.length - 1] as string;
    if (asKey && !Array.isArray(node))
      Object.defineProperty(node, "__proto__", { value, enumerable: true, configurable: true, writable: true });
    else if (value === undefined) delete node[last];
    else node[last] = value;
  }
  const specials = fc.constantFrom<unknown>(
    0,
    -1,
    1,
    2,
    7,
    8,
    9,
    257,
    1e9,
    2.5,
    -0.5,
    "",
    "same",
    "relu",
    "softmax",
    "Conv2D",
    "Dense",
    "__proto__",
    null,
    [],
    {},
    [3, 3],
    [null, 28, 28, 1],
    undefined,
    true,
  );
  /** A valid model.json with 0–3 JSON value edits (applied in order; a path made stale by an earlier edit is skipped), then 0–2 character edits. */
  const mutated = () => {
    const base = JSON.parse(modelJson) as unknown;
    const paths = pathsOf(base);
    const valueEdit = fc.tuple(
      fc.nat(paths.length - 1),
      fc.oneof(specials, fc.jsonValue({ maxDepth: 2 })),
      fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    );
    const charEdit = fc.tuple(fc.nat(), fc.string({ maxLength: 3 }), fc.constantFrom("delete", "insert", "replace"));
    return fc
      .tuple(fc.array(valueEdit, { maxLength: 3 }), fc.array(charEdit, { maxLength: 2 }))
      .filter(([values, chars]) => values.length + chars.length > 0)
      .map(([values, chars]) => {
        let text = modelJson;
        if (values.length) {
          const json = structuredClone(base);
          for (const [i, v, asKey] of values) {
            try {
              replaceAt(json, paths[i], v, asKey);
            } catch {
              /* stale path */
            }
          }
          text = JSON.stringify(json);
        }
        for (const [at, s, op] of chars) {
          const i = at % (text.length + 1);
          text =
            op === "delete"
              ? text.slice(0, i) + text.slice(i + 1)
              : op === "insert"
                ? text.slice(0, i) + s + text.slice(i)
                : text.slice(0, i) + s + text.slice(i + s.length);
        }
        return text;
      });
  };

  it(`${count(fuzzRuns())} random and mutated model.json texts: validation never throws, and what passes is a legal model`, () => {
    const texts = fc.oneof(
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.json() },
      { weight: 8, arbitrary: mutated() },
    );
    let passed = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const result = validateModelJson(text);
        if (!result.ok) return typeof result.error === "string" && result.error.length > 0;
        passed++;
        return ExperimentConfig.shape.layers.safeParse(result.layers).success && result.groups.length > 0;
      }),
      { numRuns: fuzzRuns(), seed: 20240601 },
    );
    expect(passed).toBeGreaterThan(0);
    expect(({} as Json).polluted).toBeUndefined();
  });

  // a full import per case: 3 in 10 of the text-only property's count
  it(`${count(fuzzRuns(0.3))} mutated model files through the full import: never throws, no tensors left behind`, async () => {
    const before = tf.memory().numTensors;
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(mutated(), fc.option(fc.nat(weightsBin.byteLength), { freq: 4 }), async (text, cut) => {
        const result = await importModelFiles(text, files(cut === null ? weightsBin : weightsBin.slice(0, cut)));
        if (result.ok) {
          loaded++;
          disposeModel(result.model);
        }
        return result.ok || result.error.length > 0;
      }),
      { numRuns: fuzzRuns(0.3), seed: 7 },
    );
    expect(loaded).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
