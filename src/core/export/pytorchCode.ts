// Experiment config → a runnable PyTorch training script (NCHW). Pure: no tfjs, no DOM.

import { trainingDataOf, type ExperimentConfig, type LayerConfig } from "../../config/schema.ts";
import { customTorchDatasetLines, isCustom } from "./customDataCode.ts";
import { specOf } from "../../layers/registry.ts";
import { DATASETS } from "../data/datasets.ts";
import type { Shape } from "../model/inferShapes.ts";
import { PythonSource, exportShapes, shapeText, thousands } from "./kerasCode.ts";
import { formatNumber } from "../../config/layerNotation.ts";
import {
  augmentOf,
  classWeightLines,
  exampleChoiceFunction,
  hasDataExperiments,
  l2Coefficient,
  needsExampleChoice,
  scheduleFunction,
} from "./trainingCode.ts";

const TORCH_DATASET = { mnist: "MNIST", "fashion-mnist": "FashionMNIST" } as const;

/** PyTorch modules of one config layer (its kind's module writes them), given its (HWC) input shape. */
function torchModules(layer: LayerConfig, input: Shape): string[] {
  return specOf(layer).torch(layer, input);
}

/** The torch.optim constructor matching buildModel's createOptimizer (tfjs defaults where they differ). */
function torchOptimizer(config: ExperimentConfig): string[] {
  const head = `optimizer = torch.optim.`;
  const lr = `model.parameters(), lr=${config.learningRate}`;
  switch (config.optimizer) {
    case "sgd":
      return [`${head}SGD(${lr})`];
    case "momentum":
      return [`${head}SGD(${lr}, momentum=0.9)  # tfjs momentum: no dampening, no Nesterov`];
    case "adam":
      return [`${head}Adam(${lr}, betas=(0.9, 0.999), eps=1e-7)  # tfjs epsilon 1e-7`];
    case "rmsprop":
      return [
        "# tfjs RMSprop: decay 0.9 (PyTorch alpha), epsilon 1e-7, added inside the square root;",
        "# PyTorch adds eps outside it, which differs only where the mean square is near 1e-7.",
        `${head}RMSprop(${lr}, alpha=0.9, eps=1e-7)`,
      ];
  }
}

const AVG_POOL_SAME = [
  "class AvgPool2dSame(nn.Module):",
  '    """TF \'same\' average pooling with uneven padding: padded cells are left out of each mean."""',
  "",
  "    def __init__(self, kernel_size, stride, pad):",
  "        super().__init__()",
  "        self.kernel_size, self.stride, self.pad = kernel_size, stride, pad  # pad: (left, right, top, bottom)",
  "",
  "    def forward(self, x):",
  "        sums = F.avg_pool2d(F.pad(x, self.pad), self.kernel_size, self.stride)",
  "        counts = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), self.pad), self.kernel_size, self.stride)",
  "        return sums / counts",
  "",
  "",
];

function addModel(py: PythonSource, config: ExperimentConfig): void {
  const shapes = exportShapes(config);
  py.add("# NCHW layers; each comment gives the playground's output shape, H x W x C.");
  py.block("model = nn.Sequential(", () => {
    config.layers.forEach((layer, i) => {
      py.add(`# ${i + 1}. ${layer.kind} -> ${shapeText(shapes.outputs[i])}`);
      for (const module of torchModules(layer, shapes.inputs[i])) {
        const [code, comment] = module.split("  # ");
        py.add(comment === undefined ? `${code},` : `${code},  # ${comment}`);
      }
    });
    const headInput = shapes.inputs[config.layers.length];
    py.add(
      `# head -> ${shapes.numClasses} logits; nn.CrossEntropyLoss applies the softmax`,
      `nn.Linear(${headInput[0]}, ${shapes.numClasses}),`,
    );
  });
  py.add(")", "", "");
  py.block("def init_like_keras(module):", () => {
    py.add('"""Glorot-uniform weights and zero biases: the Keras and tfjs defaults."""');
    py.block("if isinstance(module, (nn.Conv2d, nn.Linear)):", () => {
      py.add("nn.init.xavier_uniform_(module.weight)");
      py.block("if module.bias is not None:", () => py.add("nn.init.zeros_(module.bias)"));
    });
  });
  py.add(
    "",
    "",
    "model.apply(init_like_keras)",
    "print(model)",
    "# The playground also counts batch-norm moving statistics, which PyTorch keeps as buffers.",
    "n_params = sum(p.numel() for p in model.parameters())",
    'n_stats = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))',
    `print(f"parameters: {n_params} + {n_stats} batch-norm statistics = {n_params + n_stats}"`,
    `      f" (CNN Playground: ${shapes.totalParams})")`,
    "",
  );
}

/** The page's Training data experiments on the training part: which examples, their augmentation, class weights. */
function addDataExperiments(py: PythonSource, config: ExperimentConfig, source: string): void {
  const augment = augmentOf(config);
  const [h, w] = DATASETS[config.datasetId].inputShape;
  if (augment) {
    const f = formatNumber;
    py.add(
      "# Augmentation of the training images only: a random shift, rotation and zoom per image, each time it is seen",
      "# (the playground shifts by whole pixels; RandomAffine by any amount up to the same largest shift).",
      "augment = transforms.Compose([",
      `    transforms.RandomAffine(degrees=${f(augment.rotate)}, translate=(${f(augment.shift)} / ${w}, ${f(augment.shift)} / ${h}), scale=(1 - ${f(augment.zoom)}, 1 + ${f(augment.zoom)})),`,
      "    transforms.ToTensor(),",
      "])",
      `train_augmented = ${source}("data", train=True, download=True, transform=augment)`,
    );
  }
  py.add(
    `train_indices = ${config.validationFraction > 0 ? "np.array(train_set.indices)" : "np.arange(len(train_full))"}`,
    "train_labels = train_full.targets.numpy()[train_indices]",
  );
  if (needsExampleChoice(config)) {
    py.add(
      "keep = choose_examples(train_labels, np.random.default_rng(SEED))",
      "train_indices, train_labels = train_indices[keep], train_labels[keep]",
    );
  }
  py.add(
    `train_set = Subset(${augment ? "train_augmented" : "train_full"}, train_indices.tolist())`,
    ...classWeightLines(config),
  );
}

function addData(py: PythonSource, config: ExperimentConfig): void {
  const dataset = DATASETS[config.datasetId];
  if (isCustom(config)) py.add(...customTorchDatasetLines());
  const source = isCustom(config)
    ? "YourImages"
    : `datasets.${TORCH_DATASET[config.datasetId as keyof typeof TORCH_DATASET]}`;
  py.add(
    `# ${dataset.label}: ToTensor scales to [0, 1] and ${dataset.inputShape[2] === 1 ? "adds the channel axis" : "puts the channels first"}, [${dataset.inputShape[2]}, ${dataset.inputShape[0]}, ${dataset.inputShape[1]}].`,
    "to_tensor = transforms.ToTensor()",
    `train_full = ${source}("data", train=True, download=True, transform=to_tensor)`,
    `test_set = ${source}("data", train=False, download=True, transform=to_tensor)`,
  );

  if (config.validationFraction > 0) {
    py.add(
      `n_val = round(len(train_full) * ${config.validationFraction})  # a seeded random hold-out, as in the playground`,
      "split = torch.Generator().manual_seed(SEED)",
      "train_set, val_set = random_split(train_full, [len(train_full) - n_val, n_val], generator=split)",
      "val_loader = DataLoader(val_set, batch_size=1000)",
    );
  } else {
    py.add("train_set = train_full  # no validation hold-out");
  }
  if (hasDataExperiments(config)) addDataExperiments(py, config, source);
  py.add(
    `train_loader = DataLoader(train_set, batch_size=${config.batchSize}, shuffle=True)`,
    "test_loader = DataLoader(test_set, batch_size=1000)",
    "",
  );
}

function addTraining(py: PythonSource, config: ExperimentConfig): void {
  py.add(
    'device = "cuda" if torch.cuda.is_available() else "cpu"',
    "model.to(device)",
    ...torchOptimizer(config),
    "loss_fn = nn.CrossEntropyLoss()  # log-softmax + NLL on the head's logits",
  );
  const scheduled = scheduleFunction(config).length > 0;
  if (scheduled) {
    py.add(
      "STEPS_PER_EPOCH = len(train_loader)",
      `TOTAL_STEPS = ${config.epochs} * STEPS_PER_EPOCH`,
      "# LambdaLR sets lr = base lr x lr_multiplier(k) for the k-th optimizer step (scheduler.step() after each)",
      "scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_multiplier)",
    );
  }
  const l2 = (config.l2 ?? 0) > 0;
  if (l2)
    py.add(
      "kernels = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]  # not biases, not batch norm",
    );
  const weighted = trainingDataOf(config).imbalance.classWeights;
  if (weighted) {
    py.add(
      "# weighted cross-entropy as in the playground: each example's loss times its class weight, then the plain mean",
      'per_example_loss = nn.CrossEntropyLoss(reduction="none")',
      "class_weights_t = torch.tensor(class_weights, dtype=torch.float32, device=device)",
    );
  }
  py.add("", "");
  py.block("def evaluate(loader):", () => {
    py.add(
      '"""Mean loss and accuracy over a loader, with dropout off and batch-norm moving statistics."""',
      "model.eval()",
      "total_loss, correct, count = 0.0, 0, 0",
    );
    py.block("with torch.no_grad():", () =>
      py.block("for x, y in loader:", () =>
        py.add(
          "x, y = x.to(device), y.to(device)",
          "logits = model(x)",
          "total_loss += loss_fn(logits, y).item() * len(y)",
          "correct += (logits.argmax(1) == y).sum().item()",
          "count += len(y)",
        ),
      ),
    );
    py.add("return total_loss / count, correct / count");
  });
  py.add("", "");
  py.block(`for epoch in range(${config.epochs}):`, () => {
    py.add("model.train()", "total_loss, count = 0.0, 0");
    py.block("for x, y in train_loader:", () =>
      py.add(
        "x, y = x.to(device), y.to(device)",
        "optimizer.zero_grad()",
        weighted ? "loss = (per_example_loss(model(x), y) * class_weights_t[y]).mean()" : "loss = loss_fn(model(x), y)",
        ...(l2 ? ["loss = loss + L2 * sum((k**2).sum() for k in kernels)  # L2 weight decay on the kernels"] : []),
        "loss.backward()",
        "optimizer.step()",
        ...(scheduled ? ["scheduler.step()"] : []),
        "total_loss += loss.item() * len(y)",
        "count += len(y)",
      ),
    );
    const report = `epoch {epoch + 1}/${config.epochs}: loss {total_loss / count:.4f}`;
    if (config.validationFraction > 0) {
      py.add(
        "val_loss, val_accuracy = evaluate(val_loader)",
        `print(f"${report}, val loss {val_loss:.4f}, val accuracy {val_accuracy:.4f}")`,
      );
    } else {
      py.add(`print(f"${report}")`);
    }
  });
  py.add(
    "",
    "test_loss, test_accuracy = evaluate(test_loader)",
    'print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}")',
  );
}

/** A complete PyTorch script that builds, trains and tests the config's model like the playground does. */
export function toPytorchCode(config: ExperimentConfig): string {
  const shapes = exportShapes(config);
  const dataset = DATASETS[config.datasetId];
  const needsAvgPoolSame = config.layers.some((layer, i) =>
    torchModules(layer, shapes.inputs[i]).some((m) => m.startsWith("AvgPool2dSame(")),
  );
  const py = new PythonSource();
  py.add(
    "# Generated by CNN Playground: this experiment as a PyTorch script.",
    `# ${config.layers.length} layers + Dense(${shapes.numClasses}) head on ${dataset.label} (${shapeText(shapes.inputShape)}).`,
    `# The playground counts ${thousands(shapes.totalParams)} parameters; the script prints its own count to compare.`,
    "# Requires: pip install torch torchvision",
    ...(scheduleFunction(config).length > 0 ? ["import math"] : []),
    ...(hasDataExperiments(config) ? ["import numpy as np"] : []),
    "import torch",
    ...(needsAvgPoolSame ? ["import torch.nn.functional as F"] : []),
    "from torch import nn",
    `from torch.utils.data import DataLoader, ${hasDataExperiments(config) ? "Subset, " : ""}random_split`,
    "from torchvision import datasets, transforms",
    "",
    `SEED = ${config.seed}`,
    "torch.manual_seed(SEED)",
    ...(hasDataExperiments(config) ? [`NUM_CLASSES = ${shapes.numClasses}`] : []),
    ...l2Coefficient(config),
    "",
  );
  py.add(...scheduleFunction(config), ...exampleChoiceFunction(config));
  if (needsAvgPoolSame) py.add("", ...AVG_POOL_SAME);
  addModel(py, config);
  addData(py, config);
  addTraining(py, config);
  return py.toString();
}
