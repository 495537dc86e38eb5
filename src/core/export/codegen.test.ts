import { describe, expect, it } from "vitest";
import {
  DEFAULT_LR_SCHEDULE,
  DEFAULT_TRAINING_DATA,
  type ExperimentConfig,
  type LrSchedule,
  type Optimizer,
} from "../../config/schema.ts";
import { classWeightsFor } from "../data/imbalance.ts";
import { scheduleMultiplier } from "../train/lrSchedule.ts";
import { classWeightLines } from "./trainingCode.ts";
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

describe("code export of the training settings the page trains with", () => {
  const schedules: LrSchedule[] = [
    { ...DEFAULT_LR_SCHEDULE, kind: "cosine", floor: 0.01, warmup: 200 },
    { ...DEFAULT_LR_SCHEDULE, kind: "cosine", warmup: 0 },
    { ...DEFAULT_LR_SCHEDULE, kind: "step", factor: 0.5, every: 1, per: "epoch", warmup: 30 },
    { ...DEFAULT_LR_SCHEDULE, kind: "step", factor: 0.1, every: 250, per: "step" },
    { ...DEFAULT_LR_SCHEDULE, kind: "exponential", decay: 0.8, warmup: 10 },
    { ...DEFAULT_LR_SCHEDULE, kind: "constant", warmup: 100 },
  ];
  const run = { stepsPerEpoch: 844, totalSteps: 3 * 844 };

  /** The body of the script's lr_multiplier, evaluated as the same text in JavaScript (Python's math, min, max). */
  function scriptMultiplier(code: string): (step: number) => number {
    const body = /def lr_multiplier\(step\):\n(?:.*\n)*? {4}return (.*)\n/.exec(code)?.[1];
    if (!body) throw new Error("no lr_multiplier in the script");
    const math = { floor: Math.floor, cos: Math.cos, pi: Math.PI };
    const f = new Function("math", "min", "max", "STEPS_PER_EPOCH", "TOTAL_STEPS", "step", `return ${body};`);
    return (step) => f(math, Math.min, Math.max, run.stepsPerEpoch, run.totalSteps, step) as number;
  }

  it.each(schedules.map((s) => [`${s.kind} (warm-up ${s.warmup})`, s] as const))(
    "%s: both scripts' schedule gives the trainer's values",
    (_, schedule) => {
      const config: ExperimentConfig = { ...DEFAULT_CONFIG, schedule };
      for (const code of [toKerasCode(config), toPytorchCode(config)]) {
        const multiplier = scriptMultiplier(code);
        for (const step of [0, 1, 9, 29, 199, 200, 843, 844, 1000, 1687, 1688, run.totalSteps - 1])
          expect(multiplier(step)).toBeCloseTo(scheduleMultiplier(schedule, step, run), 12);
      }
      expect(toKerasCode(config)).toContain("callbacks=[FollowSchedule()]");
      expect(toKerasCode(config)).toContain(
        "self.model.optimizer.learning_rate.assign(LEARNING_RATE * lr_multiplier(self.step))",
      );
      const torch = toPytorchCode(config);
      expect(torch).toContain("torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_multiplier)");
      expect(torch).toMatch(/optimizer\.step\(\)\n\s+scheduler\.step\(\)/);
    },
  );

  it("adds no schedule, L2, augmentation or class weights when they are off", () => {
    for (const code of [toKerasCode(DEFAULT_CONFIG), toPytorchCode(DEFAULT_CONFIG)]) {
      expect(code).not.toMatch(/lr_multiplier|L2|Random|class_weight|choose_examples/);
    }
  });

  it("adds L2, augmentation, the smaller and imbalanced training set and class weights to both scripts", () => {
    const config: ExperimentConfig = {
      ...DEFAULT_CONFIG,
      l2: 0.0001,
      data: {
        trainFraction: 0.5,
        imbalance: { classes: [9, 4], fraction: 0.1, classWeights: true },
        augment: { shift: 2, rotate: 10, zoom: 0.1 },
      },
    };
    const keras = toKerasCode(config);
    expect(keras).toContain("L2 = 0.0001");
    expect(keras).toContain("config[key] = keras.regularizers.L2(L2)");
    expect(keras).toContain("model = keras.models.clone_model(model, clone_function=with_l2)");
    expect(keras).toContain('layers.RandomTranslation(2 / 28, 2 / 28, fill_mode="constant"),');
    expect(keras).toContain('layers.RandomRotation(10 / 360, fill_mode="constant"),');
    expect(keras).toContain('layers.RandomZoom((-0.1, 0.1), fill_mode="constant"),');
    expect(keras).toContain("round(len(labels) * 0.5)");
    expect(keras).toContain("for c in [4, 9]:");
    expect(keras).toContain("round(len(members) * 0.1)");
    expect(keras).toContain("class_weight=dict(enumerate(class_weights))");
    expect(keras).toContain("validation_data=(x_val, y_val)");
    expect(keras).not.toContain("validation_split");
    const torch = toPytorchCode(config);
    expect(torch).toContain("loss = loss + L2 * sum((k**2).sum() for k in kernels)");
    expect(torch).toContain(
      "transforms.RandomAffine(degrees=10, translate=(2 / 28, 2 / 28), scale=(1 - 0.1, 1 + 0.1))",
    );
    expect(torch).toContain("train_set = Subset(train_augmented, train_indices.tolist())");
    expect(torch).toContain("for c in [4, 9]:");
    expect(torch).toContain("loss = (per_example_loss(model(x), y) * class_weights_t[y]).mean()");
    // validation images are not augmented
    expect(torch).toMatch(/train_full = datasets\.MNIST\("data", train=True, download=True, transform=to_tensor\)/);
  });

  it("computes the same class weights in the script as the page, for the same counts", () => {
    const line = classWeightLines({
      ...DEFAULT_CONFIG,
      data: { ...DEFAULT_TRAINING_DATA, imbalance: { classes: [], fraction: 0.1, classWeights: true } },
    }).at(-1)!;
    expect(line).toBe(
      "class_weights = np.where(counts > 0, counts.sum() / ((counts > 0).sum() * np.maximum(counts, 1)), 0.0)",
    );
    // the same formula as classWeightsFor: total / (present classes x count), 0 for an absent class
    const counts = [10, 0, 30];
    const total = 40;
    expect(classWeightsFor(counts)).toEqual(counts.map((c) => (c > 0 ? total / (2 * Math.max(c, 1)) : 0)));
  });
});
