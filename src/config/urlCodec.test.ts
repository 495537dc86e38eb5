import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { BackendPreference } from "./backends.ts";
import { PanelId } from "./classroom.ts";
import { CompressionSpec, DEFAULT_COMPRESSION } from "./compression.ts";
import { DEFAULT_CONFIG, PRESET_IDS, applyPreset } from "./presets.ts";
import {
  DEFAULT_LR_SCHEDULE,
  DEFAULT_TRAINING_DATA,
  DatasetId,
  ExperimentConfig,
  LayerConfig,
  LIMITS,
  LrSchedule,
  TrainingData,
  isConstantSchedule,
  isDefaultTrainingData,
} from "./schema.ts";
import { arbitraryOf } from "../../tests/helpers/testArbitraries.ts";
import { countText, fuzzRuns } from "../../tests/helpers/fuzz.ts";
import {
  MAX_HASH_LENGTH,
  SharedExperiment,
  decodeExperiment,
  defaultExperiment,
  encodeExperiment,
  type SharedExperiment as Shared,
} from "./urlCodec.ts";

const SEED_HASH =
  "v=1&ds=mnist&l=c32k3,mp2,c64k3,mp2,c128k3,mp2,f,d512&opt=adam&lr=0.001&bs=64&ep=3&vf=0.1&seed=42&be=auto";

const layersArb = fc.array(arbitraryOf(LayerConfig), { minLength: 1, maxLength: LIMITS.maxLayers });
// the optional fields in their one canonical form: l2 0 and the default training data are absent, classes unique
const l2Arb = fc.option(
  arbitraryOf(ExperimentConfig.shape.l2.unwrap()).filter((l2) => l2 !== 0),
  { nil: undefined, freq: 2 },
);
const dataArb = fc.option(
  arbitraryOf(TrainingData)
    .map((value) => {
      const data = value as TrainingData;
      return { ...data, imbalance: { ...data.imbalance, classes: [...new Set(data.imbalance.classes)] } };
    })
    .filter((data) => !isDefaultTrainingData(data)),
  { nil: undefined, freq: 2 },
);
const scheduleArb = fc.option(
  arbitraryOf(LrSchedule).filter((s) => !isConstantSchedule(s as LrSchedule)),
  { nil: undefined, freq: 2 },
);
const FIELD_ARBS: Record<string, fc.Arbitrary<unknown>> = {
  layers: layersArb,
  l2: l2Arb,
  data: dataArb,
  schedule: scheduleArb,
};
const configArb = fc.record(
  Object.fromEntries(
    Object.entries(ExperimentConfig.shape).map(([key, field]) => [key, FIELD_ARBS[key] ?? arbitraryOf(field)]),
  ),
);
const partArb = (part: z.ZodType, fallback: unknown) => fc.oneof(fc.constant(fallback), arbitraryOf(part));
/** Any valid shared experiment (layer stacks need not fit together: the codec does not check shapes). */
const countArb = fc.option(
  fc.oneof(
    fc.integer({ min: 1, max: 1e9 }),
    fc.integer({ min: 1, max: 999 }).map((k) => k * 1000),
  ),
  {
    nil: undefined,
  },
);
const goalArb = fc.record({
  accuracy: fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: 20, max: 199 }).map((h) => h / 2),
  ),
  maxParams: countArb,
  maxMacs: countArb,
  maxEpochs: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  weightBits: fc.option(fc.constantFrom(8 as const, 4 as const, 2 as const), { nil: undefined }),
});
const experimentArb: fc.Arbitrary<Shared> = fc
  .record({
    config: configArb,
    compression: fc.record({
      pruning: partArb(CompressionSpec.shape.pruning, DEFAULT_COMPRESSION.pruning),
      quantization: partArb(CompressionSpec.shape.quantization, DEFAULT_COMPRESSION.quantization),
    }),
    backend: arbitraryOf(BackendPreference),
    classroom: fc.record({
      hide: fc.uniqueArray(fc.constantFrom(...PanelId.options), { maxLength: 8 }),
      lockArchitecture: fc.boolean(),
      goal: fc.option(goalArb, { nil: undefined }),
    }),
  })
  .map((value) => SharedExperiment.safeParse(value).data)
  .filter((shared): shared is Shared => shared !== undefined);

const withConfig = (config: ExperimentConfig, rest: Partial<Shared> = {}): Shared => ({
  ...defaultExperiment(),
  config,
  ...rest,
});

describe("encodeExperiment", () => {
  it("writes the seed model as a short, readable hash", () => {
    expect(encodeExperiment(defaultExperiment())).toBe(SEED_HASH);
  });

  it("writes every layer kind and option, leaving defaults out", () => {
    const lenet = withConfig({ ...applyPreset(DEFAULT_CONFIG, "lenet5"), datasetId: "fashion-mnist" });
    expect(encodeExperiment(lenet)).toContain("ds=fashion-mnist&l=c6k5p.tanh,ap2,c16k5.tanh,ap2,f,d120.tanh,d84.tanh&");
    const separable = withConfig(applyPreset(DEFAULT_CONFIG, "separable"));
    expect(encodeExperiment(separable)).toContain(
      "&l=c16k3p,bn,sc32k3s2p,bn,sc64k3s2p,bn,gap,do0.2&opt=adam&lr=0.003&",
    );
    const odd = withConfig({
      ...DEFAULT_CONFIG,
      learningRate: 0.1 + 0.2,
      layers: [
        { kind: "maxPool2d", poolSize: 3, stride: 1, padding: "same" },
        { kind: "conv2d", filters: 8, kernelSize: 1, stride: 3, padding: "valid", activation: "leakyRelu" },
        { kind: "flatten" },
        { kind: "dropout", rate: 1e-7 },
      ],
    });
    expect(encodeExperiment(odd)).toContain("&l=mp3s1p,c8k1s3.leakyRelu,f,do1e-7&opt=adam&lr=0.30000000000000004&");
  });

  it("adds compression and classroom settings only when set", () => {
    const shared: Shared = {
      ...defaultExperiment(),
      backend: "wasm",
      compression: {
        pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true, method: "filters", sparsity: 0.3, fineTuneEpochs: 2 },
        quantization: {
          ...DEFAULT_COMPRESSION.quantization,
          enabled: false,
          weightBits: 4,
          granularity: "per-tensor",
          activations: true,
          qatEpochs: 1,
        },
      },
      classroom: { hide: ["lab", "training"], lockArchitecture: true },
    };
    expect(encodeExperiment(shared)).toBe(
      `${SEED_HASH.replace("be=auto", "be=wasm")}&pr=on,filters,sp0.3,ft2&q=off,w4,per-tensor,act,qat1&hide=lab,training&lock=1`,
    );
    const onlyOn = { ...DEFAULT_COMPRESSION, quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true } };
    expect(encodeExperiment({ ...defaultExperiment(), compression: onlyOn })).toBe(`${SEED_HASH}&q=on`);
  });
});

describe("training data and L2 in the hash", () => {
  const data: TrainingData = {
    trainFraction: 0.5,
    imbalance: { classes: [4, 9], fraction: 0.1, classWeights: true },
    augment: { shift: 2, rotate: 10, zoom: 0.1 },
  };

  it("writes l2, tf, imb and aug after the seed, and reads them back", () => {
    const shared = withConfig({ ...DEFAULT_CONFIG, l2: 0.0001, data });
    const hash = encodeExperiment(shared);
    expect(hash).toBe(SEED_HASH.replace("&be=auto", "&l2=0.0001&tf=0.5&imb=4.9~0.1~w&aug=s2,r10,z0.1&be=auto"));
    expect(decodeExperiment(hash)).toEqual({ experiment: shared, errors: [] });
  });

  it("writes only the parts that differ from the default", () => {
    const only = (patch: Partial<TrainingData>) =>
      encodeExperiment(withConfig({ ...DEFAULT_CONFIG, data: { ...DEFAULT_TRAINING_DATA, ...patch } }));
    expect(only({ trainFraction: 0.05 })).toBe(SEED_HASH.replace("&be=auto", "&tf=0.05&be=auto"));
    expect(only({ augment: { shift: 0, rotate: 15, zoom: 0 } })).toBe(
      SEED_HASH.replace("&be=auto", "&aug=r15&be=auto"),
    );
    expect(only({ imbalance: { classes: [0], fraction: 0.25, classWeights: false } })).toBe(
      SEED_HASH.replace("&be=auto", "&imb=0~0.25&be=auto"),
    );
    expect(only({ imbalance: { classes: [], fraction: 0.1, classWeights: true } })).toBe(
      SEED_HASH.replace("&be=auto", "&imb=~0.1~w&be=auto"),
    );
  });

  it("adds nothing for l2 0 and the default data, which decode as absent", () => {
    const hash = encodeExperiment(
      withConfig({ ...DEFAULT_CONFIG, l2: 0, data: structuredClone(DEFAULT_TRAINING_DATA) }),
    );
    expect(hash).toBe(SEED_HASH);
    const { experiment, errors } = decodeExperiment(`${hash}&tf=1&imb=~0.1&aug=&l2=0`);
    expect(errors).toEqual([]);
    expect(experiment.config).not.toHaveProperty("l2");
    expect(experiment.config).not.toHaveProperty("data");
  });
});

describe("learning-rate schedule in the hash", () => {
  const schedule = (patch: Partial<LrSchedule>): LrSchedule => ({ ...DEFAULT_LR_SCHEDULE, ...patch });
  const hashOf = (s: LrSchedule) => encodeExperiment(withConfig({ ...DEFAULT_CONFIG, schedule: s }));

  it("writes a compact lrs after the training data, and reads it back", () => {
    const cases: [Partial<LrSchedule>, string][] = [
      [{ kind: "cosine", warmup: 200 }, "cos,w200"],
      [{ kind: "cosine", floor: 0.01 }, "cos,0.01"],
      [{ kind: "step", factor: 0.5, every: 1, per: "epoch" }, "step,0.5,e1"],
      [{ kind: "step", factor: 0.1, every: 500, per: "step", warmup: 100 }, "step,0.1,s500,w100"],
      [{ kind: "exponential", decay: 0.9 }, "exp,0.9"],
      [{ kind: "constant", warmup: 50 }, "const,w50"],
      [{ kind: "cosine", factor: 0.3 }, "cos,x0.3"],
    ];
    for (const [patch, lrs] of cases) {
      const hash = hashOf(schedule(patch));
      expect(hash).toBe(SEED_HASH.replace("&be=auto", `&lrs=${lrs}&be=auto`));
      expect(decodeExperiment(hash)).toEqual({
        experiment: withConfig({ ...DEFAULT_CONFIG, schedule: schedule(patch) }),
        errors: [],
      });
    }
  });

  it("reads old links and the constant rate without warm-up as no schedule", () => {
    expect(hashOf(DEFAULT_LR_SCHEDULE)).toBe(SEED_HASH);
    const { experiment, errors } = decodeExperiment(`${SEED_HASH}&lrs=const`);
    expect(errors).toEqual([]);
    expect(experiment.config).not.toHaveProperty("schedule");
    expect(decodeExperiment(SEED_HASH).experiment.config).not.toHaveProperty("schedule");
  });

  it("falls back to the constant rate or a setting's default, with a message", () => {
    const bad = decodeExperiment(`${SEED_HASH}&lrs=linear,w10`);
    expect(bad.experiment.config).not.toHaveProperty("schedule");
    expect(bad.errors).toEqual([expect.stringMatching(/does not start with one of const, step, exp, cos/)]);
    const value = decodeExperiment(`${SEED_HASH}&lrs=step,7,e0,w20,zz`);
    expect(value.experiment.config.schedule).toEqual(schedule({ kind: "step", warmup: 20 }));
    expect(value.errors).toHaveLength(3);
    expect(value.errors[0]).toMatch(/factor "7" is not a number between 0.01 and 1; kept 0.5/);
  });
});

describe("decodeExperiment round trip", () => {
  const extras: Partial<Shared>[] = [
    {},
    { backend: "webgpu", classroom: { hide: ["results", "dataset"], lockArchitecture: false } },
    {
      backend: "cpu",
      compression: {
        pruning: {
          enabled: false,
          method: "magnitude",
          sparsity: 0.8,
          scope: "global",
          includeBiases: true,
          includeHead: true,
          schedule: "polynomial",
          fineTuneEpochs: 5,
        },
        quantization: { enabled: true, weightBits: 16, granularity: "per-channel", activations: false, qatEpochs: 3 },
      },
      classroom: { hide: [...PanelId.options], lockArchitecture: true },
    },
  ];

  it("gives back every preset on both datasets with default and other settings, without errors", () => {
    for (const datasetId of DatasetId.options) {
      for (const presetId of PRESET_IDS) {
        for (const extra of extras) {
          const shared = withConfig(
            { ...applyPreset(DEFAULT_CONFIG, presetId), datasetId, seed: 7, validationFraction: 0 },
            extra,
          );
          expect(decodeExperiment(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
          expect(decodeExperiment(`#${encodeExperiment(shared)}`)).toEqual({ experiment: shared, errors: [] });
        }
      }
    }
  });

  it("keeps negative zero and the extremes of every range", () => {
    const shared = withConfig({
      ...DEFAULT_CONFIG,
      validationFraction: -0,
      learningRate: Number.MIN_VALUE,
      seed: 2 ** 31 - 1,
      layers: [{ kind: "dropout", rate: -0 }, { kind: "flatten" }],
    });
    expect(decodeExperiment(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
  });

  it(`is exact for ${countText(fuzzRuns())} random valid experiments`, () => {
    fc.assert(
      fc.property(experimentArb, (shared) => {
        expect(decodeExperiment(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it("keeps a half-edited stack that does not train (shapes are the editor's to show, not the link's to replace)", () => {
    const tiny = applyPreset(DEFAULT_CONFIG, "tiny");
    const conv = tiny.layers[0];
    for (const layers of [
      [...tiny.layers, conv],
      [conv],
      [{ kind: "flatten" }, conv, { kind: "dense", units: 8, activation: "relu" }],
    ] as LayerConfig[][]) {
      const shared = withConfig({ ...tiny, layers });
      expect(decodeExperiment(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
    }
    // the schema's hard limits still make a link fall back: 17 layers, 257 filters, 1,025 units
    for (const l of [Array(17).fill("f").join(","), "c257k3,f", "f,d1025"]) {
      const { experiment, errors } = decodeExperiment(`l=${l}`);
      expect(experiment.config.layers).toEqual(DEFAULT_CONFIG.layers);
      expect(errors).toEqual([expect.stringMatching(/the seed model's layers were used instead\.$/)]);
    }
  });
});

type Pick = (s: Shared) => unknown;
const lr: Pick = (s) => s.config.learningRate;
const layers: Pick = (s) => s.config.layers;
const whole: Pick = (s) => s;
const seedLayers = DEFAULT_CONFIG.layers;

/** [hash, fragment of the expected message ("" for none), what to look at, its expected value]. */
const BROKEN: [string, string, Pick, unknown][] = [
  ["", "", whole, defaultExperiment()],
  ["#", "", whole, defaultExperiment()],
  ["v=1", "", whole, defaultExperiment()],
  ["lr=abc", `Learning rate "abc" is not a number between 0 and 1; kept 0.001.`, lr, 0.001],
  ["lr=NaN", `Learning rate "NaN" is not a number between 0 and 1; kept 0.001.`, lr, 0.001],
  ["lr=Infinity", `Learning rate "Infinity" is not a number`, lr, 0.001],
  ["lr=1e999", `Learning rate "1e999" is not a number`, lr, 0.001],
  ["lr=0", `Learning rate "0" is not a number between 0 and 1`, lr, 0.001],
  ["lr=%E0%A4%A", `Learning rate "\uFFFD%A" is not a number`, lr, 0.001],
  ["lr=0.01&lr=0.5", `Setting "lr" appears more than once; the first one was used.`, lr, 0.01],
  ["bs=-5", `Batch size "-5" is not a whole number between 1 and 1024; kept 64.`, (s) => s.config.batchSize, 64],
  ["ep=2.5", `Epochs "2.5" is not a whole number between 1 and 50; kept 3.`, (s) => s.config.epochs, 3],
  [
    "seed=99999999999999999999",
    `Seed "99999999999999999999" is not a whole number between 0 and 2147483647; kept 42.`,
    (s) => s.config.seed,
    42,
  ],
  [
    "vf=0.9",
    `Validation fraction "0.9" is not a number between 0 and 0.5; kept 0.1.`,
    (s) => s.config.validationFraction,
    0.1,
  ],
  ["ds=cifar&lr=0.01", `Dataset "cifar" is not one of mnist, fashion-mnist, custom; kept mnist.`, lr, 0.01],
  [
    "opt=lion",
    `Optimizer "lion" is not one of sgd, momentum, adam, rmsprop; kept adam.`,
    (s) => s.config.optimizer,
    "adam",
  ],
  [
    "l=c32k3,mp2,c9999k3,f",
    `Layer 3 ("c9999k3"): filters must be at most 256; the seed model's layers were used instead.`,
    layers,
    seedLayers,
  ],
  ["l=c1.5k3,f", `Layer 1 ("c1.5k3"): filters must be a whole number;`, layers, seedLayers],
  ["l=c8k9,f", `Layer 1 ("c8k9"): kernel size must be at most 7;`, layers, seedLayers],
  ["l=mp5,f", `Layer 1 ("mp5"): pool size must be at most 4;`, layers, seedLayers],
  ["l=f,do0.95", `Layer 2 ("do0.95"): rate must be at most 0.9;`, layers, seedLayers],
  ["l=f,d0", `Layer 2 ("d0"): units must be at least 1;`, layers, seedLayers],
  [
    "l=f,d64.swish",
    `Layer 2 ("d64.swish"): activation must be one of relu, leakyRelu, elu, tanh, sigmoid, linear;`,
    layers,
    seedLayers,
  ],
  [
    "l=c32k3,zz9,f",
    `Layer 2 ("zz9"): "zz" is not a layer kind (c, sc, dw, mp, ap, bn, do, f, gap, d);`,
    layers,
    seedLayers,
  ],
  ["l=c32x3,f", `Layer 1 ("c32x3"): not written like c32k3s2p.tanh;`, layers, seedLayers],
  ["l=f,do", `Layer 2 ("do"): rate must be a number;`, layers, seedLayers],
  ["l=", "The link lists 0 layers but an experiment has at least 1 layers;", layers, seedLayers],
  [
    `l=${Array(17).fill("bn").join(",")}`,
    "The link lists 17 layers but an experiment has at most 16 layers;",
    layers,
    seedLayers,
  ],
  [
    `l=${Array(4000).fill("f").join(",")}`,
    "The link lists 4000 layers but an experiment has at most 16 layers;",
    layers,
    seedLayers,
  ],
  [
    `l=${Array(10_000).fill("bn").join(",")}`,
    `The link is 30001 characters long; links over ${MAX_HASH_LENGTH} are not read`,
    whole,
    defaultExperiment(),
  ],
  [`ds=mnist&${"x".repeat(2 ** 20)}`, "The link is 1048585 characters long", whole, defaultExperiment()],
  ["foo=1&bar=2&lr=0.02", `Unknown settings "foo", "bar" were ignored.`, lr, 0.02],
  [
    "v=2&lr=0.02",
    `Link version "2" is not one this app reads (1); its settings were read as version 1 where they fit.`,
    lr,
    0.02,
  ],
  ["%E0%A4%A=1", `Unknown setting "\uFFFD%A" was ignored.`, whole, defaultExperiment()],
  [
    "__proto__=1&constructor=2&toString=3",
    `Unknown settings "__proto__", "constructor", "toString" were ignored.`,
    whole,
    defaultExperiment(),
  ],
  ["l=__proto__", `Layer 1 ("__proto__"): does not start with a layer kind`, layers, seedLayers],
  ["l=d64.constructor,f", `Layer 1 ("d64.constructor"): activation must be one of`, layers, seedLayers],
  [
    "pr=on,sp2",
    `Pruning sparsity "sp2": must be at most 0.95; kept 0.5.`,
    (s) => s.compression.pruning,
    { ...DEFAULT_COMPRESSION.pruning, enabled: true },
  ],
  [
    "pr=on,filters,sp0.95",
    `Pruning sparsity "sp0.95": Filter pruning removes at most 90% of a layer's filters; kept 0.5.`,
    (s) => s.compression.pruning.method,
    "filters",
  ],
  [
    "pr=on,ftNaN",
    `Pruning fine-tuning epochs "ftNaN": must be a number; kept 0.`,
    (s) => s.compression.pruning.enabled,
    true,
  ],
  ["pr=on,constructor", `Pruning setting "constructor" is not known`, (s) => s.compression.pruning.enabled, true],
  [
    "q=on,w3",
    `Quantization weight bits "w3": must be one of 16, 8, 4, 2; kept 8.`,
    (s) => s.compression.quantization,
    { ...DEFAULT_COMPRESSION.quantization, enabled: true },
  ],
  ["be=tpu", `Backend "tpu" is not one of auto, webgpu, webgl, wasm, cpu; kept auto.`, (s) => s.backend, "auto"],
  [
    "hide=lab,foo,lab",
    `Hidden panel "foo" is not one of dataset, layers, training, charts, results, lab, inspect, share; it was ignored.`,
    (s) => s.classroom.hide,
    ["lab"],
  ],
  ["lock=yes", `Lock architecture "yes" is not one of 0, 1; kept 0.`, (s) => s.classroom.lockArchitecture, false],
  ["goal=acc98,foo", `Challenge "acc98,foo" was ignored: "foo" is not a goal term`, (s) => s.classroom.goal, undefined],
  ["goal=params20k", `Challenge "params20k" was ignored: it needs a test accuracy`, (s) => s.classroom.goal, undefined],
  ["l2=abc", `L2 weight decay "abc" is not a number between 0 and 0.1; kept 0.`, (s) => s.config.l2, undefined],
  ["l2=0.5", `L2 weight decay "0.5" is not a number between 0 and 0.1; kept 0.`, (s) => s.config.l2, undefined],
  ["tf=0", `Training set fraction "0" is not a number between 0.01 and 1; kept 1.`, (s) => s.config.data, undefined],
  [
    "tf=0.5&imb=4.12.x.4~0.1",
    `Class imbalance class "12" is not a whole number between 0 and 9; it was ignored.`,
    (s) => s.config.data?.imbalance.classes,
    [4],
  ],
  [
    "imb=4.x~0.1",
    `Class imbalance class "x" is not a whole number between 0 and 9; it was ignored.`,
    (s) => s.config.data?.imbalance.classes,
    [4],
  ],
  [
    "imb=4~2~w",
    `Class imbalance keep fraction "2" is not a number between 0.01 and 1; kept 0.1.`,
    (s) => s.config.data?.imbalance,
    { classes: [4], fraction: 0.1, classWeights: true },
  ],
  [
    "imb=4~0.2~yes",
    `Class imbalance flag "yes" is not "w" (class weights); it was ignored.`,
    (s) => s.config.data?.imbalance,
    { classes: [4], fraction: 0.2, classWeights: false },
  ],
  [
    "imb=4~0.2~w~x",
    `Class imbalance "4~0.2~w~x" has more than 3 parts (classes~fraction~w); the rest was ignored.`,
    (s) => s.config.data?.imbalance.classWeights,
    true,
  ],
  ["aug=s9", `Augmentation shift "s9": must be at most 6; kept 0.`, (s) => s.config.data, undefined],
  [
    "aug=s1.5,r10",
    `Augmentation shift "s1.5": must be a whole number; kept 0.`,
    (s) => s.config.data?.augment,
    { shift: 0, rotate: 10, zoom: 0 },
  ],
  [
    "aug=z0.1,x2",
    `Augmentation setting "x2" is not known (s<number>, r<number>, z<number>); it was ignored.`,
    (s) => s.config.data?.augment.zoom,
    0.1,
  ],
  ["aug=r-5", `Augmentation rotation "r-5": must be at least 0; kept 0.`, (s) => s.config.data, undefined],
];

describe("decodeExperiment on broken links", () => {
  it.each(
    BROKEN.map(
      (row) =>
        [
          row[0].length > 50 ? `${row[0].slice(0, 50)}… (${row[0].length} chars)` : row[0] || "(empty)",
          ...row,
        ] as const,
    ),
  )("%s", (_name, hash, fragment, pick, value) => {
    const { experiment, errors } = decodeExperiment(hash);
    expect(pick(experiment)).toEqual(value);
    if (fragment === "") expect(errors).toEqual([]);
    else expect(errors.join("\n")).toContain(fragment);
    expect(SharedExperiment.safeParse(experiment).success).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("never throws, even for input that is not text", () => {
    expect(decodeExperiment(undefined as unknown as string).errors).toEqual([
      "The link is not text; the defaults were used.",
    ]);
  });
});

const KEYS = [
  "v",
  "lrs",
  "ds",
  "l",
  "opt",
  "lr",
  "bs",
  "ep",
  "vf",
  "seed",
  "l2",
  "tf",
  "imb",
  "aug",
  "be",
  "pr",
  "q",
  "hide",
  "lock",
  "goal",
  "__proto__",
  "constructor",
];
const HASH_CHARS = [..."0123456789abcdefgklmnopqrsvw.,=&%#-+_ ", "é", "\uD800", "\u0000"];
const TOKENS = [
  "cos",
  "step",
  "exp",
  "const",
  "e1",
  "s500",
  "w200",
  "f0.1",
  "c32k3",
  "c8k3s2p.tanh",
  "sc16k3",
  "mp2",
  "ap3s1p",
  "bn",
  "f",
  "gap",
  "d64",
  "d10.linear",
  "do0.5",
  "on",
  "off",
  "filters",
  "sp0.9",
  "w4",
  "qat2",
  "lab",
  "s2",
  "r10",
  "z0.1",
  "4.9~0.1~w",
  "~0.5",
  "acc98",
  "acc95.5",
  "params20k",
  "macs1m",
  "epochs2",
  "int4",
];
const value = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom("NaN", "Infinity", "-0", "1e999", "%E0%A4%A", "%", "", "1"),
  fc
    .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: 20 })
    .map((t) => t.join(",")),
);
const soup = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), value), { maxLength: 16 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&"));
const edit = fc.tuple(fc.constantFrom("insert", "delete", "replace"), fc.nat(), fc.constantFrom(...HASH_CHARS));
// Valid encodings to edit, drawn once: drawing a fresh experiment per run would triple the test time.
const encodings = fc.sample(experimentArb, { numRuns: 300, seed: 1 }).map(encodeExperiment);
const mutated = fc
  .tuple(fc.constantFrom(...encodings), fc.array(edit, { minLength: 1, maxLength: 4 }))
  .map(([encoded, edits]) =>
    edits.reduce((text, [op, at, ch]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + (op === "delete" ? "" : ch) + text.slice(op === "insert" ? i : i + 1);
    }, encoded),
  );
/** Random strings, key=value soups and edited valid encodings. */
const hashArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...HASH_CHARS), maxLength: 200 }),
  soup,
  mutated,
  mutated,
);

describe("decodeExperiment fuzz", () => {
  it(`never throws and always returns a valid experiment (${countText(fuzzRuns())} links)`, () => {
    fc.assert(
      fc.property(hashArb, (hash) => {
        const { experiment, errors } = decodeExperiment(hash);
        if (!ExperimentConfig.safeParse(experiment.config).success) return false;
        if (!CompressionSpec.safeParse(experiment.compression).success) return false;
        if (!SharedExperiment.shape.classroom.safeParse(experiment.classroom).success) return false;
        return (
          BackendPreference.options.includes(experiment.backend) &&
          errors.every((e) => typeof e === "string" && !e.includes("could not be read") && !e.includes("undefined"))
        );
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it(`returns experiments that encode and decode again without errors (${countText(fuzzRuns())} links)`, () => {
    fc.assert(
      fc.property(hashArb, (hash) => {
        const { experiment } = decodeExperiment(hash);
        expect(decodeExperiment(encodeExperiment(experiment))).toEqual({ experiment, errors: [] });
      }),
      { numRuns: fuzzRuns() },
    );
  });
});

describe("negative zero", () => {
  // found by the fuzz test: "imb=-0" decoded to class -0, which encodes as "0" and so did not round-trip
  it.each(["imb=-0", "imb=1~-0", "aug=r-0", "aug=s-0,z-0", "l2=-0", "tf=-0", "lr=-0", "seed=-0"])(
    "%s decodes to a value that round-trips",
    (hash) => {
      const { experiment } = decodeExperiment(hash);
      expect(decodeExperiment(encodeExperiment(experiment))).toEqual({ experiment, errors: [] });
    },
  );
});
