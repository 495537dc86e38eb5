import { describe, expect, it } from "vitest";
import type { ExperimentConfig, Optimizer } from "../../config/schema.ts";
import { DEFAULT_CONFIG, PRESET_IDS, applyPreset } from "../../config/presets.ts";
import { inferShapes } from "../model/inferShapes.ts";
import { toKerasCode } from "./kerasCode.ts";
import { toPytorchCode } from "./pytorchCode.ts";

// Every layer kind but globalAvgPool2d (flat output, so it cannot share a stack with Flatten; the
// "separable" preset has it), every activation, stride 2 "same" convs and uneven "same" pools.
const ALL_LAYERS: ExperimentConfig = {
  datasetId: "fashion-mnist",
  layers: [
    { kind: "conv2d", filters: 8, kernelSize: 3, stride: 2, padding: "same", activation: "leakyRelu" },
    { kind: "batchNorm" },
    { kind: "maxPool2d", poolSize: 3, stride: 2, padding: "same" },
    { kind: "separableConv2d", filters: 16, kernelSize: 3, stride: 1, padding: "same", activation: "elu" },
    { kind: "avgPool2d", poolSize: 2, stride: 2, padding: "same" },
    { kind: "conv2d", filters: 16, kernelSize: 3, stride: 1, padding: "same", activation: "tanh" },
    { kind: "avgPool2d", poolSize: 3, stride: 1, padding: "same" },
    { kind: "dropout", rate: 0.25 },
    { kind: "flatten" },
    { kind: "dense", units: 32, activation: "sigmoid" },
    { kind: "batchNorm" },
    { kind: "dense", units: 16, activation: "linear" },
    { kind: "dense", units: 16, activation: "relu" },
  ],
  optimizer: "rmsprop",
  learningRate: 0.002,
  batchSize: 128,
  epochs: 2,
  validationFraction: 0.2,
  seed: 7,
};

const CASES: [string, ExperimentConfig][] = [
  ...PRESET_IDS.map((id): [string, ExperimentConfig] => [id, applyPreset(DEFAULT_CONFIG, id)]),
  ["all-layers", ALL_LAYERS],
];

const golden = (file: string) => `../../../tests/fixtures/golden/${file}`;
const linesMatching = (code: string, pattern: RegExp) => code.split("\n").filter((line) => pattern.test(line));

describe.each(CASES)("code export of %s", (name, config) => {
  const totalParams = inferShapes(config.layers, [28, 28, 1], 10).totalParams;

  it("matches the golden Keras script", async () => {
    const code = toKerasCode(config);
    await expect(code).toMatchFileSnapshot(golden(`keras-${name}.py`));
    const leaky = config.layers.filter((l) => "activation" in l && l.activation === "leakyRelu").length;
    expect(linesMatching(code, /^\s+layers\./)).toHaveLength(config.layers.length + 1 + leaky);
    expect(code).toContain(`keras.utils.set_random_seed(SEED)`);
    expect(code).toContain(`SEED = ${config.seed}`);
    expect(code).toContain(`batch_size=${config.batchSize}, epochs=${config.epochs}`);
    expect(code).toContain(`counts ${totalParams.toLocaleString("en-US")} parameters`);
  });

  it("matches the golden PyTorch script", async () => {
    const code = toPytorchCode(config);
    await expect(code).toMatchFileSnapshot(golden(`pytorch-${name}.py`));
    // one numbered comment per stack layer, then the head: nothing is dropped silently
    expect(linesMatching(code, /^ {4}# \d+\. /)).toHaveLength(config.layers.length);
    expect(linesMatching(code, /^ {4}nn\.Linear\(\d+, 10\),$/)).toHaveLength(1);
    expect(code).toContain(`(CNN Playground: ${totalParams})`);
    expect(code).toContain(`range(${config.epochs})`);
  });
});

describe("code export details", () => {
  // three 2x2 pools: 26 -> 13, 11 -> 5, 3 -> 1, so Flatten gives 1·1·128 (the 163,850 count needs 128)
  it("feeds the seed model's Dense 512 with 1·1·128 = 128 features", () => {
    const code = toPytorchCode(DEFAULT_CONFIG);
    expect(code).toContain("nn.Linear(128, 512),");
    expect(code).toContain("nn.Conv2d(1, 32, kernel_size=3, stride=1),");
    expect(code).toContain("nn.Linear(512, 10),");
    expect(toKerasCode(DEFAULT_CONFIG)).toContain("counts 163,850 parameters");
  });

  it("pads like TensorFlow where 'same' is uneven", () => {
    const code = toPytorchCode(ALL_LAYERS);
    // 28 -> 14 with a 3x3 kernel, stride 2: one pixel of padding, right and bottom
    expect(code).toContain("nn.ZeroPad2d((0, 1, 0, 1))");
    expect(code).toContain(`nn.ConstantPad2d((0, 1, 0, 1), float("-inf"))`);
    expect(code).toContain("AvgPool2dSame(2, stride=2, pad=(0, 1, 0, 1)),");
    expect(code).toContain("nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),");
    expect(code).toContain("nn.Conv2d(8, 8, kernel_size=3, stride=1, padding=1, groups=8, bias=False),");
    expect(code).toContain("nn.BatchNorm2d(8, eps=1e-3, momentum=0.01),");
    expect(code).toContain("nn.BatchNorm1d(32, eps=1e-3, momentum=0.01),");
    expect(code).toContain("datasets.FashionMNIST(");
    expect(toKerasCode(ALL_LAYERS)).toContain("keras.datasets.fashion_mnist.load_data()");
  });

  it.each<[Optimizer, string, string]>([
    ["sgd", "keras.optimizers.SGD(learning_rate=0.01)", "torch.optim.SGD(model.parameters(), lr=0.01)"],
    ["momentum", "SGD(learning_rate=0.01, momentum=0.9)", "SGD(model.parameters(), lr=0.01, momentum=0.9)"],
    ["adam", "Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7)", "eps=1e-7)"],
    [
      "rmsprop",
      "RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7)",
      "RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=1e-7)",
    ],
  ])("uses the tfjs %s optimizer settings", (optimizer, keras, pytorch) => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, optimizer, learningRate: 0.01 };
    expect(toKerasCode(config)).toContain(keras);
    expect(toPytorchCode(config)).toContain(pytorch);
  });

  it("leaves validation out when the fraction is 0", () => {
    const config: ExperimentConfig = { ...DEFAULT_CONFIG, validationFraction: 0 };
    expect(toKerasCode(config)).not.toContain("validation_split");
    expect(toPytorchCode(config)).not.toContain("val_loader");
  });

  it("refuses a model whose shapes do not work", () => {
    const broken: ExperimentConfig = { ...DEFAULT_CONFIG, layers: [{ kind: "dense", units: 8, activation: "relu" }] };
    expect(() => toKerasCode(broken)).toThrow(/Cannot export layer 1/);
    expect(() => toPytorchCode(broken)).toThrow(/Cannot export layer 1/);
  });
});
