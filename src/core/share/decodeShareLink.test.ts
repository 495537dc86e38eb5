import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { DatasetId, ExperimentConfig, LAYER_SCHEMAS, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { CompressionSpec } from "../../config/compression.ts";
import { BackendPreference, decodeExperiment, defaultExperiment, encodeExperiment, type SharedExperiment } from "../../config/urlCodec.ts";
import { arbitraryOf } from "../../config/testArbitraries.ts";
import { DATASETS } from "../data/datasets.ts";
import { inferShapes } from "../model/inferShapes.ts";
import { decodeShareLink } from "./decodeShareLink.ts";

const fits = (config: ExperimentConfig) =>
  inferShapes(config.layers, DATASETS[config.datasetId].inputShape, DATASETS[config.datasetId].numClasses).error === null;

/** Random fields of one layer kind from the schema's ranges and options. */
const layerArb = (kind: LayerKind): fc.Arbitrary<LayerConfig> =>
  arbitraryOf(LAYER_SCHEMAS[kind]).map((layer) => LAYER_SCHEMAS[kind].parse(layer) as LayerConfig);

const anyOf = (kinds: LayerKind[]) => fc.oneof(...kinds.map(layerArb));
/** Layer stacks that fit 28×28 images and the limits: image layers, Flatten or GAP, then flat layers. */
const stackArb = fc.tuple(
  fc.array(anyOf(["conv2d", "separableConv2d", "maxPool2d", "avgPool2d", "batchNorm", "dropout"]), { maxLength: 6 }),
  anyOf(["flatten", "globalAvgPool2d"]),
  fc.array(anyOf(["dense", "batchNorm", "dropout"]), { maxLength: 4 }),
).map(([image, bridge, flat]) => [...image, bridge, ...flat]);
const experimentArb: fc.Arbitrary<SharedExperiment> = fc.record({
  datasetId: fc.constantFrom(...DatasetId.options),
  layers: stackArb,
  backend: fc.constantFrom(...BackendPreference.options),
}).map(({ datasetId, layers, backend }) => ({ ...defaultExperiment(), backend, config: { ...DEFAULT_CONFIG, datasetId, layers } }))
  .filter((shared) => fits(shared.config));

describe("decodeShareLink", () => {
  it("passes a link whose layers fit through unchanged", () => {
    const shared = defaultExperiment();
    expect(decodeShareLink(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
    expect(decodeShareLink("")).toEqual({ experiment: shared, errors: [] });
  });

  it.each([
    ["l=d64,f", `Layer 1 ("d64"): Dense needs a flat input but gets 28×28×1`],
    ["l=mp4,mp4,mp4,f", `Layer 3 ("mp4"): 4×4 pool on a 1×1 input leaves nothing`],
    ["l=c32k3", "The shared layers do not work on MNIST digits: The softmax classifier needs a flat input"],
    ["l=c256k7p,c256k7p,gap", "The shared layers do not work on MNIST digits: The model needs 2527.5M multiply-accumulates per image"],
    ["l=f,d1024,d1024,d1024,d1024,d1024,d1024", "parameters; the limit is 5.0M"],
  ])("replaces %s by the seed model's layers, saying why", (hash, fragment) => {
    const { experiment, errors } = decodeShareLink(hash);
    expect(experiment.config.layers).toEqual(DEFAULT_CONFIG.layers);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(fragment);
    expect(errors[0]).toMatch(/ The seed model's layers were used instead\.$/);
  });

  it("keeps the messages and fallbacks of decodeExperiment", () => {
    const { experiment, errors } = decodeShareLink("lr=abc&l=c9999k3,f");
    expect(errors).toEqual(decodeExperiment("lr=abc&l=c9999k3,f").errors);
    expect(experiment.config.layers).toEqual(DEFAULT_CONFIG.layers);
  });

  it("gives back 1,000 random experiments whose layers fit, exactly", () => {
    fc.assert(fc.property(experimentArb, (shared) => {
      expect(decodeShareLink(encodeExperiment(shared))).toEqual({ experiment: shared, errors: [] });
    }), { numRuns: 1_000 });
  });

  const TOKENS = ["c8k3", "c32k3s2p", "sc16k5p.elu", "c256k7", "mp2", "mp4s1", "ap3s2p", "bn", "do0.3", "f", "gap", "d1024", "d10.linear", "c999k3", "zz"];
  const HASH_CHARS = [..."0123456789acdefgklmnpsv.,=&%-_", "é"];
  // Valid encodings to edit, drawn once: drawing a fitting experiment per run is slow.
  const encodings = fc.sample(experimentArb, { numRuns: 200, seed: 2 }).map(encodeExperiment);
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...HASH_CHARS));
  const hashArb = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: fc.constantFrom(...HASH_CHARS), maxLength: 6 })), { maxLength: 20 })
      .map((tokens) => `v=1&l=${tokens.join(",")}`),
    fc.tuple(fc.constantFrom(...encodings), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([encoded, edits]) =>
      edits.reduce((text, [at, op, ch]) => {
        const i = at % (text.length + 1); // op 0 inserts, 1 deletes, 2 replaces
        return text.slice(0, i) + (op === 1 ? "" : ch) + text.slice(op === 0 ? i : i + 1);
      }, encoded)),
  );

  it("never throws and always returns a valid experiment whose layers fit (3,000 links)", () => {
    fc.assert(fc.property(hashArb, (hash) => {
      const { experiment, errors } = decodeShareLink(hash);
      return ExperimentConfig.safeParse(experiment.config).success
        && CompressionSpec.safeParse(experiment.compression).success
        && fits(experiment.config)
        && errors.every((e) => !e.includes("could not be read"));
    }), { numRuns: 3_000 });
  });
});
