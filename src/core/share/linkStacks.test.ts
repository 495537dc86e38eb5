import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { DatasetId, ExperimentConfig, LAYER_SCHEMAS, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { CompressionSpec } from "../../config/compression.ts";
import { BackendPreference } from "../../config/backends.ts";
import { decodeExperiment, defaultExperiment, encodeExperiment, type SharedExperiment } from "../../config/urlCodec.ts";
import { arbitraryOf } from "../../../tests/helpers/testArbitraries.ts";
import { countText, fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { DATASETS } from "../data/datasets.ts";
import { LAYER_KINDS, LAYER_SPECS } from "../../layers/registry.ts";
import { inferShapes } from "../model/inferShapes.ts";

// A link's stack is kept as it is, even when it does not train (the editor shows why and Train stays off):
// whatever a link holds must decode without throwing to a valid experiment, and the layer check must say
// "trains" or name the problem, never throw.

const shapesOf = (config: ExperimentConfig) =>
  inferShapes(config.layers, DATASETS[config.datasetId].inputShape, DATASETS[config.datasetId].numClasses);

const layerArb = (kind: LayerKind): fc.Arbitrary<LayerConfig> =>
  arbitraryOf(LAYER_SCHEMAS[kind]).map((layer) => LAYER_SCHEMAS[kind].parse(layer) as LayerConfig);
const anyOf = (kinds: LayerKind[]) => fc.oneof(...kinds.map(layerArb));
// every kind in the registry, where its input suits it: the image part, the step to a vector, the vector part
const kindsWhere = (keep: (spec: (typeof LAYER_SPECS)[LayerKind]) => boolean) =>
  LAYER_KINDS.filter((kind) => keep(LAYER_SPECS[kind]));
const stackArb = fc
  .tuple(
    fc.array(anyOf(kindsWhere((s) => s.input !== "flat" && !s.flattens)), { maxLength: 6 }),
    anyOf(kindsWhere((s) => s.flattens)),
    fc.array(anyOf(kindsWhere((s) => s.input !== "image")), { maxLength: 4 }),
  )
  .map(([image, bridge, flat]) => [...image, bridge, ...flat]);
const experimentArb: fc.Arbitrary<SharedExperiment> = fc
  .record({
    datasetId: fc.constantFrom(...DatasetId.options),
    layers: stackArb,
    backend: fc.constantFrom(...BackendPreference.options),
  })
  .map(({ datasetId, layers, backend }) => ({
    ...defaultExperiment(),
    backend,
    config: { ...DEFAULT_CONFIG, datasetId, layers },
  }));

const TOKENS = [
  "c8k3",
  "c32k3s2p",
  "sc16k5p.elu",
  "dw3s2p",
  "dw5.tanh",
  "c256k7",
  "mp2",
  "mp4s1",
  "ap3s2p",
  "bn",
  "do0.3",
  "f",
  "gap",
  "d1024",
  "d10.linear",
  "c999k3",
  "zz",
];
const HASH_CHARS = [..."0123456789acdefgklmnpsv.,=&%-_", "é"];
const encodings = fc.sample(experimentArb, { numRuns: 200, seed: 2 }).map(encodeExperiment);
const edit = fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...HASH_CHARS));
const hashArb = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc
    .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: fc.constantFrom(...HASH_CHARS), maxLength: 6 })), {
      maxLength: 20,
    })
    .map((tokens) => `v=1&l=${tokens.join(",")}`),
  fc.tuple(fc.constantFrom(...encodings), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([encoded, edits]) =>
    edits.reduce((text, [at, op, ch]) => {
      const i = at % (text.length + 1); // op 0 inserts, 1 deletes, 2 replaces
      return text.slice(0, i) + (op === 1 ? "" : ch) + text.slice(op === 0 ? i : i + 1);
    }, encoded),
  ),
);

describe("stacks from links", () => {
  it("a stack that does not train is kept exactly, and the layer check names its problem", () => {
    const { experiment, errors } = decodeExperiment("l=c8k5,mp2,f,c16k3p");
    expect(errors).toEqual([]);
    expect(experiment.config.layers).toHaveLength(4);
    expect(shapesOf(experiment.config).error?.message).toMatch(/image/i);
  });

  it(`random and mutated links (${countText(fuzzRuns())}) decode without throwing to a valid experiment the layer check can judge`, () => {
    fc.assert(
      fc.property(hashArb, (hash) => {
        const { experiment } = decodeExperiment(hash);
        const stats = shapesOf(experiment.config);
        return (
          ExperimentConfig.safeParse(experiment.config).success &&
          CompressionSpec.safeParse(experiment.compression).success &&
          (stats.error === null || stats.error.message.length > 0)
        );
      }),
      { numRuns: fuzzRuns() },
    );
  });
});
